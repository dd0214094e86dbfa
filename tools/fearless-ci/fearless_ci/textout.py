"""The text report: clang's own diagnostic format, so that editors, terminals
and problem matchers that understand clang understand this.

  src/a.cpp:12:15: warning: message [check]
     12 |   std::thread t(work);
        |               ^
  src/a.cpp:14:1: note: ...
  fix-it:"src/a.cpp":{12:25-12:25}:" &&"

Fix-its use clang's -fdiagnostics-parseable-fixits syntax.
"""


def _snippet(sources, loc):
    text = sources.line_text(loc.path, loc.line)
    if text is None:
        return []
    width = max(5, len(str(loc.line)))
    raw = sources.line_bytes(loc.path, loc.line) or b""
    # The caret goes under the column's character: clang's column counts
    # bytes, the terminal shows code points, tabs expand to 8 like clang's.
    col = len(raw[:max(0, loc.column - 1)].decode("utf-8", "replace"))
    prefix = " " * len(text[:col].expandtabs(8))
    return ["%*d | %s" % (width, loc.line, text.expandtabs(8)),
            "%s | %s^" % (" " * width, prefix)]


def _fixit(paths, sources, rep):
    start = sources.offset_to_line_column(rep.path, rep.offset) or (0, 0)
    end = sources.offset_to_line_column(rep.path, rep.offset + rep.length) or start
    escaped = rep.text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return 'fix-it:"%s":{%d:%d-%d:%d}:"%s"' % (
        paths.display(rep.path), start[0], start[1], end[0], end[1], escaped)


def _message(lines, paths, sources, severity, msg, check, snippets):
    loc = msg.location
    where = "%s:%d:%d: " % (paths.display(loc.path), loc.line, loc.column) if loc else ""
    suffix = " [%s]" % check if check else ""
    lines.append("%s%s: %s%s" % (where, severity, msg.text, suffix))
    if snippets and loc:
        lines.extend(_snippet(sources, loc))
    for rep in msg.replacements:
        lines.append(_fixit(paths, sources, rep))


def render_finding(f, paths, sources, snippets=True):
    lines = []
    _message(lines, paths, sources, f.level, f.diagnostic.message, f.check, snippets)
    for note in f.notes:
        _message(lines, paths, sources, "note", note, None, snippets)
    return "\n".join(lines)


def render(findings, paths, sources, snippets=True):
    return "".join(render_finding(f, paths, sources, snippets) + "\n" for f in findings)


def render_failure(tu, paths, sources, snippets=True):
    lines = ["%s: error: not analysed, failed to parse: %s [fearless-ci]"
             % (paths.display(tu.file), tu.failure)]
    for d in tu.errors[:3]:
        _message(lines, paths, sources, "error", d.message, d.name, snippets)
    return "\n".join(lines) + "\n"
