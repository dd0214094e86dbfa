"""Turns one clang-tidy run's output into model.Diagnostic objects.

Two views of the same run are read:

  * the --export-fixes YAML, the primary source: it is structured (no guessing
    where a message ends), carries every note with its own location, and is
    the only place fix-its are given exactly (byte offset, length, text);
  * the text on stdout (``file:line:col: warning: message [check]`` followed
    by ``note:`` lines, source snippets and carets), the fallback: it is
    there even when clang-tidy died before writing the YAML, and it is the
    only view that shows whether --warnings-as-errors promoted a warning.

merge() keeps the YAML's diagnostics, takes the level from the text, and
adds any diagnostic that only the text has (so a YAML that is missing,
truncated or in an unexpected format costs fix-its, never findings).
"""

import re

from . import tidyyaml
from .model import Diagnostic, Location, Message, Replacement
from .sources import normalize_path

# "path:line:col: severity: message [check-name]"; the path may contain
# colons (C:\ on Windows), hence the lazy match anchored on :line:col:.
_DIAG = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>warning|error|fatal error|note|remark): "
    r"(?P<msg>.*?)(?: \[(?P<check>[^\]\s]+)\])?\s*$")
# Diagnostics without a location ("error: unable to handle compilation ...").
_DIAG_NO_LOC = re.compile(
    r"^(?P<sev>warning|error|fatal error|note): "
    r"(?P<msg>.*?)(?: \[(?P<check>[^\]\s]+)\])?\s*$")
# Colour codes, in case a .clang-tidy forces UseColor.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _level(severity):
    return "error" if severity in ("error", "fatal error") else "warning"


def _split_check(check):
    """'fearless-x,-warnings-as-errors' -> ('fearless-x', True)."""
    if not check:
        return "", False
    parts = check.split(",")
    promoted = "-warnings-as-errors" in parts
    names = [p for p in parts if p and p != "-warnings-as-errors"]
    return (names[0] if names else ""), promoted


def parse_text(output, build_directory, sources=None):
    """Diagnostics in clang-tidy's text output. Snippet and caret lines, and
    anything else that is not a diagnostic line, are skipped."""
    diagnostics = []
    current = None
    for raw in output.splitlines():
        line = _ANSI.sub("", raw)
        m = _DIAG.match(line)
        location = None
        if m:
            path = normalize_path(m.group("path"), build_directory)
            location = Location(path, int(m.group("line")), int(m.group("col")))
            if sources is not None:
                location.offset = sources.line_column_to_offset(
                    path, location.line, location.column)
        else:
            m = _DIAG_NO_LOC.match(line)
            if not m:
                continue
        severity, text = m.group("sev"), m.group("msg")
        if severity == "note":
            if current is not None:
                current.notes.append(Message(text, location))
            continue
        if severity == "remark":
            continue
        name, promoted = _split_check(m.group("check"))
        level = _level(severity)
        if not name and level == "error":
            name = "clang-diagnostic-error"
        current = Diagnostic(name=name, level=level,
                             message=Message(text, location),
                             build_directory=build_directory,
                             promoted=promoted)
        diagnostics.append(current)
    return diagnostics


def _int(value):
    if value is None:
        return 0
    try:
        return int(value)
    except (TypeError, ValueError):
        raise tidyyaml.YamlError("not a number: %r" % (value,))


def _yaml_message(node, build_directory, sources):
    if not isinstance(node, dict):
        raise tidyyaml.YamlError("a message is not a mapping")
    text = node.get("Message") or ""
    path = node.get("FilePath") or ""
    location = None
    if path:
        path = normalize_path(str(path), build_directory)
        offset = _int(node.get("FileOffset"))
        lc = sources.offset_to_line_column(path, offset)
        if lc:
            location = Location(path, lc[0], lc[1], offset)
        else:
            # The file cannot be read (deleted since?): keep the finding,
            # pointing at the start of the file rather than dropping it.
            location = Location(path, 1, 1, offset)
    replacements = []
    for r in node.get("Replacements") or []:
        if not isinstance(r, dict):
            raise tidyyaml.YamlError("a replacement is not a mapping")
        replacements.append(Replacement(
            path=normalize_path(str(r.get("FilePath") or ""), build_directory),
            offset=_int(r.get("Offset")),
            length=_int(r.get("Length")),
            text="" if r.get("ReplacementText") is None else str(r.get("ReplacementText"))))
    return Message(str(text), location, replacements)


def parse_yaml(text, sources):
    """Diagnostics in an --export-fixes file. Raises tidyyaml.YamlError when
    the file is not in the expected shape."""
    diagnostics = []
    for doc in tidyyaml.load_documents(text):
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise tidyyaml.YamlError("document is not a mapping")
        for node in doc.get("Diagnostics") or []:
            if not isinstance(node, dict):
                raise tidyyaml.YamlError("a diagnostic is not a mapping")
            build_directory = str(node.get("BuildDirectory") or "")
            # Older clang-tidy versions put the message fields at the top.
            main = node.get("DiagnosticMessage", node)
            level = str(node.get("Level") or "Warning").lower()
            name = str(node.get("DiagnosticName") or "")
            diagnostics.append(Diagnostic(
                name=name,
                level="error" if level in ("error", "fatal") else "warning",
                message=_yaml_message(main, build_directory, sources),
                notes=[_yaml_message(n, build_directory, sources)
                       for n in node.get("Notes") or []],
                build_directory=build_directory))
    return diagnostics


def merge(from_yaml, from_text):
    """The YAML's diagnostics (with fix-its), the level of each from the
    text, plus diagnostics that only the text shows. `from_yaml` is None
    when the YAML could not be read."""
    if from_yaml is None:
        return list(from_text)
    by_key = {}
    for d in from_text:
        by_key.setdefault(d.key(), d)
    merged = []
    seen = set()
    for d in from_yaml:
        t = by_key.get(d.key())
        if t is not None and t.promoted:
            d.level = "error"
            d.promoted = True
        if t is not None and not d.notes and t.notes:
            d.notes = t.notes
        seen.add(d.key())
        merged.append(d)
    for d in from_text:
        if d.key() not in seen:
            seen.add(d.key())
            merged.append(d)
    return merged
