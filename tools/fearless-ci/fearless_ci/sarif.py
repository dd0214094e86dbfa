"""SARIF 2.1.0 report (GitHub code scanning, IDE viewers, other SARIF tools).

Mapping of a finding:
  ruleId/ruleIndex     the check; tool.driver.rules carries each check's
                       description from its docs page and a helpUri
  level                "warning", or "error" under --warnings-as-errors
  locations            the warning's position
  relatedLocations     one per note, in clang-tidy's order
  codeFlows            the same positions as one thread flow (the warning
                       first, then its notes), which viewers show as steps
  partialFingerprints  the baseline fingerprint, so that code scanning
                       matches results across runs the same way
  fixes                each fix-it (of the warning or of a note)
  suppressions         for findings recorded in the --baseline (so they are
                       in the log but not alerts), with baselineState
Translation units that failed to parse are toolExecutionNotifications of
the invocation, whose executionSuccessful is then false.

Columns are in Unicode code points (run.columnKind): clang counts bytes, so
they are converted, which only matters on lines with non-ASCII text.
"""

import datetime
import json
import re

from . import __version__

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
              "schemas/sarif-schema-2.1.0.json")
INFORMATION_URI = "https://github.com/fearless-cpp/fearless"
FINGERPRINT_KEY = "fearlessFingerprint/v1"


def _rule_name(check):
    """fearless-thread-escaping-borrow -> ThreadEscapingBorrow."""
    base = check[len("fearless-"):] if check.startswith("fearless-") else check
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[-_.]", base) if p)


def _iso(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


class _Builder:
    def __init__(self, paths, sources):
        self.paths = paths
        self.sources = sources

    def artifact(self, path):
        uri, base = self.paths.uri(path)
        loc = {"uri": uri}
        if base:
            loc["uriBaseId"] = base
        return loc

    def column(self, loc):
        return self.sources.code_point_column(loc.path, loc.line, loc.column)

    def physical(self, loc, with_context=True):
        region = {"startLine": loc.line, "startColumn": self.column(loc)}
        physical = {"artifactLocation": self.artifact(loc.path), "region": region}
        if with_context:
            text = self.sources.line_text(loc.path, loc.line)
            if text is not None:
                physical["contextRegion"] = {"startLine": loc.line,
                                             "snippet": {"text": text}}
        return physical

    def location(self, loc, message=None, ident=None):
        out = {}
        if ident is not None:
            out["id"] = ident
        out["physicalLocation"] = self.physical(loc)
        if message is not None:
            out["message"] = {"text": message}
        return out

    def region_of(self, path, offset, length):
        """A text region for bytes [offset, offset+length) of a file."""
        start = self.sources.offset_to_line_column(path, offset)
        end = self.sources.offset_to_line_column(path, offset + length)
        if start is None or end is None:
            return {"byteOffset": offset, "byteLength": length}
        return {
            "startLine": start[0],
            "startColumn": self.sources.code_point_column(path, start[0], start[1]),
            "endLine": end[0],
            "endColumn": self.sources.code_point_column(path, end[0], end[1]),
        }

    def fix(self, description, replacements):
        by_file = {}
        for r in replacements:
            by_file.setdefault(r.path, []).append(r)
        changes = []
        for path, reps in by_file.items():
            changes.append({
                "artifactLocation": self.artifact(path),
                "replacements": [{
                    "deletedRegion": self.region_of(path, r.offset, r.length),
                    "insertedContent": {"text": r.text},
                } for r in sorted(reps, key=lambda r: r.offset)],
            })
        return {"description": {"text": description}, "artifactChanges": changes}


def rule(info):
    out = {
        "id": info["id"],
        "name": _rule_name(info["id"]),
        "shortDescription": {"text": info["short"]},
        "fullDescription": {"text": info["full"]},
        "defaultConfiguration": {"level": "warning"},
    }
    if info.get("full_markdown"):
        out["fullDescription"]["markdown"] = info["full_markdown"]
    if info.get("help_uri"):
        out["helpUri"] = info["help_uri"]
        out["help"] = {"text": "%s See %s" % (info["full"], info["help_uri"]),
                       "markdown": "%s\n\n[Documentation](%s)" % (
                           info.get("full_markdown") or info["full"], info["help_uri"])}
    if info["id"].startswith("fearless-"):
        out["properties"] = {"tags": ["concurrency", "fearless"]}
    return out


def build(findings, failed_units, checks, docs, paths, sources, run_info):
    """The SARIF log as a dict.

    findings      every finding (baselined ones included, marked suppressed)
    failed_units  TUResult objects that failed to parse
    checks        the enabled checks (rules are listed even without results)
    run_info      dict: start, end (epoch seconds), command_line, exit_code,
                  baseline (path or None), translation_units (count)
    """
    b = _Builder(paths, sources)
    rule_ids = sorted(set(checks) | {f.check for f in findings})
    index = {r: i for i, r in enumerate(rule_ids)}
    results = []
    for f in sorted(findings, key=lambda f: f.sort_key()):
        result = {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": "error" if f.level == "error" else "warning",
            "message": {"text": f.message},
        }
        if f.location:
            result["locations"] = [b.location(f.location)]
        notes = [n for n in f.notes if n.location]
        if notes:
            result["relatedLocations"] = [b.location(n.location, n.text, i + 1)
                                          for i, n in enumerate(notes)]
            steps = []
            if f.location:
                steps.append({"location": b.location(f.location, f.message),
                              "nestingLevel": 0, "importance": "essential"})
            steps += [{"location": b.location(n.location, n.text),
                       "nestingLevel": 0, "importance": "important"} for n in notes]
            result["codeFlows"] = [{
                "message": {"text": f.message},
                "threadFlows": [{"locations": steps}],
            }]
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        fixes = [b.fix(desc, reps) for desc, reps in f.all_replacements()]
        if fixes:
            result["fixes"] = fixes
        if run_info.get("baseline"):
            result["baselineState"] = "unchanged" if f.baselined else "new"
        if f.baselined:
            result["suppressions"] = [{
                "kind": "external",
                "status": "accepted",
                "justification": "recorded in the baseline %s" % run_info["baseline"],
            }]
        properties = {}
        if f.function:
            properties["function"] = f.function
        if f.translation_units:
            properties["translationUnits"] = [paths.relative(t) for t in f.translation_units]
        if properties:
            result["properties"] = properties
        results.append(result)

    notifications = []
    for tu in failed_units:
        n = {
            "level": "error",
            "message": {"text": "%s was not analysed: %s" % (paths.relative(tu.file), tu.failure)},
            "descriptor": {"id": "fearless-ci/failed-to-parse"},
        }
        loc = tu.failure_location
        if loc is not None:
            n["locations"] = [b.location(loc)]
        else:
            n["locations"] = [{"physicalLocation": {"artifactLocation": b.artifact(tu.file)}}]
        notifications.append(n)

    invocation = {
        "executionSuccessful": not failed_units,
        "startTimeUtc": _iso(run_info["start"]),
        "endTimeUtc": _iso(run_info["end"]),
        "workingDirectory": {"uri": paths.cwd_uri()},
    }
    if run_info.get("command_line"):
        invocation["commandLine"] = run_info["command_line"]
    if run_info.get("exit_code") is not None:
        invocation["exitCode"] = run_info["exit_code"]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    run = {
        "tool": {"driver": {
            "name": "fearless",
            "fullName": "fearless clang-tidy checks (fearless-ci %s)" % __version__,
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule(docs.rule(r)) for r in rule_ids],
            "notifications": [{
                "id": "fearless-ci/failed-to-parse",
                "shortDescription": {"text": "A translation unit did not compile, so no check ran on it."},
                "defaultConfiguration": {"level": "error"},
            }],
        }},
        "invocations": [invocation],
        "originalUriBaseIds": {"SRCROOT": {"uri": paths.root_uri()}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"translationUnits": run_info.get("translation_units", 0)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(path, log):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(log, f, indent=2, ensure_ascii=False)
        f.write("\n")
