"""Baselines: accept the findings a project has today, fail on new ones.

The file is JSON meant to be committed and reviewed: one object per finding,
sorted, with no line numbers (they would change on every unrelated edit and
make the file noisy to diff) but with the file, function, code and message a
reviewer needs to recognise the finding. Only the fingerprint is matched.

Translation units that failed to parse are recorded too: a project with one
known-broken file can adopt the tool, and a newly broken file still fails.
"""

import json
import os

from . import ToolError

FORMAT_VERSION = 1


class Baseline:
    def __init__(self, fingerprints=(), failed=(), entries=()):
        self.fingerprints = set(fingerprints)
        self.failed = set(failed)
        self.entries = list(entries)    # raw entries, kept for rewriting


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ToolError("baseline %s does not exist (create it with --write-baseline)" % path)
    except (OSError, ValueError) as e:
        raise ToolError("cannot read baseline %s: %s" % (path, e))
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ToolError("baseline %s: not a fearless-ci baseline" % path)
    if data.get("version", FORMAT_VERSION) > FORMAT_VERSION:
        raise ToolError("baseline %s has format version %s; this fearless-ci reads "
                        "up to %d" % (path, data.get("version"), FORMAT_VERSION))
    entries = [e for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e]
    return Baseline((e["fingerprint"] for e in entries),
                    data.get("failed_to_parse", []), entries)


def apply(findings, baseline):
    """Marks findings recorded in the baseline; returns the baseline
    fingerprints that matched nothing (fixed, or moved beyond recognition)."""
    matched = set()
    for f in findings:
        if f.fingerprint in baseline.fingerprints:
            f.baselined = True
            matched.add(f.fingerprint)
    return baseline.fingerprints - matched


def entry(finding, relative_path):
    return {
        "check": finding.check,
        "file": relative_path(finding.location.path) if finding.location else "",
        "function": finding.function,
        "code": finding.code,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
    }


def write(path, findings, failed_files, relative_path, previous=None, covered=None):
    """Writes the baseline of `findings` and `failed_files` (relative paths).

    When only part of the project was analysed (--files, --diff-base),
    `covered` is the set of relative files that were, and entries of the
    `previous` baseline outside it are kept, so a partial run never forgets
    the rest of the project."""
    entries = [entry(f, relative_path) for f in findings]
    failed = set(failed_files)
    if previous is not None and covered is not None:
        seen = {e["fingerprint"] for e in entries}
        for e in previous.entries:
            if e.get("file") not in covered and e["fingerprint"] not in seen:
                entries.append(e)
                seen.add(e["fingerprint"])
        failed |= {f for f in previous.failed if f not in covered}
    entries.sort(key=lambda e: (e.get("file", ""), e.get("function", ""), e.get("check", ""),
                                e.get("code", ""), e.get("message", ""), e["fingerprint"]))
    data = {
        "version": FORMAT_VERSION,
        "tool": "fearless-ci",
        "findings": entries,
        "failed_to_parse": sorted(failed),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        raise ToolError("cannot write baseline %s: %s" % (path, e))
