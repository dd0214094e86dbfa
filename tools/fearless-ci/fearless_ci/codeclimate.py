"""GitLab Code Quality report (the Code Climate issue format, as JSON array).

GitLab reads description, check_name, fingerprint, severity and
location.path/lines.begin; the rest (categories, content, other_locations
for the notes) is Code Climate's format, which other consumers show.
Only new findings are listed: GitLab compares reports between the source
and target branch itself, and baselined findings are accepted debt.
"""

import json


def issue(f, paths):
    loc = f.location
    body = [f.message]
    for note in f.notes:
        where = ("%s:%d:%d: " % (paths.relative(note.location.path), note.location.line,
                                 note.location.column)) if note.location else ""
        body.append("- note: %s%s" % (where, note.text))
    out = {
        "type": "issue",
        "check_name": f.check,
        "description": "%s [%s]" % (f.message, f.check),
        "content": {"body": "\n".join(body)},
        "categories": ["Bug Risk"],
        "fingerprint": f.fingerprint,
        "severity": "critical" if f.level == "error" else "major",
        "location": {
            "path": paths.relative(loc.path) if loc else "",
            "lines": {"begin": loc.line if loc else 1, "end": loc.line if loc else 1},
        },
    }
    others = [{"path": paths.relative(n.location.path),
               "lines": {"begin": n.location.line, "end": n.location.line}}
              for n in f.notes if n.location]
    if others:
        out["other_locations"] = others
    return out


def build(findings, paths):
    return [issue(f, paths) for f in findings]


def write(path, issues):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(issues, f, indent=2, ensure_ascii=False)
        f.write("\n")
