"""GitHub Actions workflow commands: one annotation per new finding.

  ::warning file=src/a.cpp,line=12,col=15,title=fearless-unjoined-thread::message

GitHub shows these on the pull request's diff. The notes and fix-its are
appended to the message, one per line, since an annotation has a single
location. Escaping follows GitHub's toolkit (@actions/core): in the message
%, CR and LF are percent-encoded; in properties also ':' and ','.
"""

import os


def escape_data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text):
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind, message, **properties):
    props = ",".join("%s=%s" % (k, escape_property(str(v)))
                     for k, v in properties.items() if v is not None and v != "")
    return "::%s%s::%s" % (kind, " " + props if props else "", escape_data(message))


def _where(paths, sources, loc):
    return "%s:%d:%d" % (paths.relative(loc.path), loc.line,
                        sources.code_point_column(loc.path, loc.line, loc.column))


def finding_command(f, paths, sources):
    lines = [f.message]
    for note in f.notes:
        if note.location:
            lines.append("note: %s: %s" % (_where(paths, sources, note.location), note.text))
        else:
            lines.append("note: %s" % note.text)
    for desc, reps in f.all_replacements():
        lines.append("fix-it: %s" % desc)
    loc = f.location
    props = {"title": f.check}
    if loc:
        props = {"file": paths.relative(loc.path), "line": loc.line,
                 "col": sources.code_point_column(loc.path, loc.line, loc.column),
                 "title": f.check}
    return command("error" if f.level == "error" else "warning", "\n".join(lines), **props)


def failure_command(tu, paths, sources):
    loc = tu.failure_location
    props = {"file": paths.relative(tu.file), "title": "fearless-ci: not analysed"}
    if loc:
        props = {"file": paths.relative(loc.path), "line": loc.line,
                 "col": sources.code_point_column(loc.path, loc.line, loc.column),
                 "title": "fearless-ci: not analysed"}
    return command("error", "%s failed to parse, no check ran on it: %s"
                   % (paths.relative(tu.file), tu.failure), **props)


def render(findings, failed_units, paths, sources):
    out = [finding_command(f, paths, sources) for f in findings]
    out += [failure_command(tu, paths, sources) for tu in failed_units]
    return "\n".join(out) + ("\n" if out else "")


def step_summary(markdown):
    """Appends to the job summary page when running in GitHub Actions."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(markdown)
        return True
    except OSError:
        return False
