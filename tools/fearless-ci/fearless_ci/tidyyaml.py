"""Reads and writes the YAML of clang-tidy's --export-fixes.

Not a general YAML library: PyYAML is not in the standard library, and the
files clang-tidy writes (through LLVM's YAML I/O) use a small subset of the
language:

  - block mappings (``Key: value``) and block sequences (``- item``), nested
    by indentation, with sequence items that start a mapping inline
    (``- DiagnosticName: x``);
  - plain scalars, 'single-quoted' scalars ('' is a quote) and
    "double-quoted" scalars with backslash escapes, either of which may span
    lines (LLVM writes a newline inside a single-quoted string as a line
    break, which YAML folds back);
  - empty flow collections ``[]`` and ``{}``, and simple flow sequences;
  - document markers ``---`` and ``...``.

Anything outside that subset raises YamlError, and the caller falls back on
clang-tidy's text output, so a format change degrades instead of failing.
"""

import re

__all__ = ["YamlError", "load_documents", "quote", "dump_fixes"]


class YamlError(ValueError):
    pass


_KEY = re.compile(r"""^(?P<key>[A-Za-z_][\w.\-/]*|'(?:[^']|'')*'|"(?:[^"\\]|\\.)*")\s*:(?:\s+|$)""")
_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n",
    "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"',
    "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}
_HEX_LEN = {"x": 2, "u": 4, "U": 8}


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _is_skippable(line):
    stripped = line.strip()
    return (not stripped or stripped.startswith("#")
            or stripped in ("---", "...") or stripped.startswith("--- ")
            or stripped.startswith("%"))


def _fold(raw):
    """YAML line folding of a multi-line flow scalar's raw text: a single line
    break becomes a space, each empty line becomes a newline, and the
    indentation of continuation lines is not content."""
    lines = raw.split("\n")
    if len(lines) == 1:
        return raw
    out = lines[0].rstrip(" \t")
    empties = 0
    for i, line in enumerate(lines[1:], start=1):
        last = i == len(lines) - 1
        text = line.strip(" \t") if not last else line.lstrip(" \t")
        if not text and not last:
            empties += 1
            continue
        # An escaped line break in a double-quoted scalar joins the lines.
        if out.endswith("\\") and (len(out) - len(out.rstrip("\\"))) % 2 == 1:
            out = out[:-1] + ("\n" * empties) + text
        else:
            out += ("\n" * empties if empties else " ") + text
        empties = 0
    return out


def _unescape_double(text):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(text):
            raise YamlError("dangling backslash in double-quoted scalar")
        e = text[i + 1]
        if e in _DOUBLE_ESCAPES:
            out.append(_DOUBLE_ESCAPES[e])
            i += 2
        elif e in _HEX_LEN:
            n = _HEX_LEN[e]
            digits = text[i + 2:i + 2 + n]
            if len(digits) != n or not re.fullmatch(r"[0-9A-Fa-f]+", digits):
                raise YamlError("bad \\%s escape" % e)
            out.append(chr(int(digits, 16)))
            i += 2 + n
        else:
            raise YamlError("unknown escape \\%s" % e)
    return "".join(out)


def _plain(text):
    # A comment starts at " #" in a plain scalar.
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at]
    text = text.strip()
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    # Kept as text: the caller knows which fields are numbers, and a
    # replacement text "007" must not become 7.
    return text


class _Parser:
    def __init__(self, text):
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.i = 0

    # -- helpers -----------------------------------------------------------
    def _skip(self):
        while self.i < len(self.lines) and _is_skippable(self.lines[self.i]):
            self.i += 1

    def _peek(self):
        self._skip()
        return self.lines[self.i] if self.i < len(self.lines) else None

    # -- scalars -----------------------------------------------------------
    def _quoted(self, text, quote):
        """Reads a quoted scalar that starts at text[0]; it may continue on
        the following lines. Returns (value, rest of the last line)."""
        raw = []
        pos = 1
        line = text
        while True:
            j = pos
            while j < len(line):
                c = line[j]
                if quote == "'" and c == "'":
                    if j + 1 < len(line) and line[j + 1] == "'":
                        j += 2
                        continue
                    break
                if quote == '"' and c == "\\":
                    j += 2
                    continue
                if quote == '"' and c == '"':
                    break
                j += 1
            if j < len(line):
                raw.append(line[pos:j])
                rest = line[j + 1:]
                break
            raw.append(line[pos:])
            self.i += 1
            if self.i >= len(self.lines):
                raise YamlError("unterminated quoted scalar")
            line = self.lines[self.i]
            pos = 0
        folded = _fold("\n".join(raw))
        if quote == "'":
            return folded.replace("''", "'"), rest
        return _unescape_double(folded), rest

    def _flow_sequence(self, text):
        inner = text.strip()
        if not inner.endswith("]"):
            raise YamlError("multi-line flow sequences are not supported")
        inner = inner[1:-1].strip()
        if not inner:
            return []
        items = []
        for part in _split_flow(inner):
            part = part.strip()
            if part[:1] in ("'", '"'):
                value, rest = _Parser(part)._quoted(part, part[0])
                if rest.strip():
                    raise YamlError("junk after quoted flow item")
                items.append(value)
            else:
                items.append(_plain(part))
        return items

    def _scalar(self, text):
        """Parses the value that starts at `text` (on line self.i) and moves
        past it."""
        text = text.strip()
        if text[:1] in ("'", '"'):
            value, rest = self._quoted(text, text[0])
            rest = rest.strip()
            if rest and not rest.startswith("#"):
                raise YamlError("junk after quoted scalar: %r" % rest)
            self.i += 1
            return value
        if text.startswith("["):
            self.i += 1
            return self._flow_sequence(text)
        if text.startswith("{"):
            if text.replace(" ", "") != "{}":
                raise YamlError("non-empty flow mappings are not supported")
            self.i += 1
            return {}
        if text[:1] in ("|", ">", "&", "*", "!"):
            raise YamlError("unsupported YAML construct: %r" % text[:1])
        self.i += 1
        return _plain(text)

    # -- blocks ------------------------------------------------------------
    def block(self, min_indent):
        line = self._peek()
        if line is None or _indent(line) < min_indent:
            return None
        ind = _indent(line)
        content = line[ind:]
        if content == "-" or content.startswith("- "):
            return self._sequence(ind)
        if _KEY.match(content):
            return self._mapping(ind)
        return self._scalar(content)

    def _sequence(self, ind):
        items = []
        while True:
            line = self._peek()
            if line is None or _indent(line) != ind:
                break
            content = line[ind:]
            if not (content == "-" or content.startswith("- ")):
                break
            rest = content[1:]
            if rest.strip():
                # "- Key: value": the rest of the line is the first line of
                # the item, indented as far as its text starts.
                lead = len(rest) - len(rest.lstrip(" "))
                self.lines[self.i] = " " * (ind + 1 + lead) + rest.lstrip(" ")
                items.append(self.block(ind + 1))
            else:
                self.i += 1
                items.append(self.block(ind + 1))
        return items

    def _mapping(self, ind):
        result = {}
        while True:
            line = self._peek()
            if line is None or _indent(line) < ind:
                break
            if _indent(line) > ind:
                raise YamlError("unexpected indentation at line %d" % (self.i + 1))
            content = line[ind:]
            m = _KEY.match(content)
            if not m:
                break
            key = m.group("key")
            if key[0] == "'":
                key = key[1:-1].replace("''", "'")
            elif key[0] == '"':
                key = _unescape_double(key[1:-1])
            rest = content[m.end():]
            if rest.strip() and not rest.strip().startswith("#"):
                result[key] = self._scalar(rest)
                continue
            self.i += 1
            nxt = self._peek()
            if nxt is None:
                result[key] = None
            elif _indent(nxt) > ind:
                result[key] = self.block(ind + 1)
            elif _indent(nxt) == ind and (nxt[ind:] == "-" or nxt[ind:].startswith("- ")):
                # YAML allows a sequence value at the key's own indentation.
                result[key] = self._sequence(ind)
            else:
                result[key] = None
        return result

    def documents(self):
        docs = []
        while True:
            self._skip()
            if self.i >= len(self.lines):
                return docs
            start = self.i
            value = self.block(0)
            if self.i == start:
                raise YamlError("cannot parse line %d: %r" % (self.i + 1, self.lines[self.i]))
            docs.append(value)


def _split_flow(text):
    """Splits a flow sequence's inside on top-level commas."""
    parts, cur, quote = [], [], None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if quote == '"' and c == "\\" and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                if quote == "'" and i + 1 < len(text) and text[i + 1] == "'":
                    cur.append("'")
                    i += 1
                else:
                    quote = None
        elif c in ("'", '"'):
            quote = c
            cur.append(c)
        elif c == ",":
            parts.append("".join(cur))
            cur = []
        elif c in "[{":
            raise YamlError("nested flow collections are not supported")
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def load_documents(text):
    """Returns the list of YAML documents in `text` (dicts, lists, scalars)."""
    chunks, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.rstrip()
        if stripped == "---" or stripped.startswith("--- ") or stripped == "...":
            # A document marker ends the document before it.
            if any(l.strip() for l in current):
                chunks.append(current)
            current = []
            continue
        current.append(line)
    if any(l.strip() for l in current):
        chunks.append(current)
    docs = []
    for chunk in chunks:
        docs.extend(_Parser("\n".join(chunk)).documents())
    return docs


# -- writing -----------------------------------------------------------------

def quote(value):
    """Quotes a string the way the reader above (and LLVM) reads it back:
    single quotes unless it holds control characters, which only
    double-quoted scalars can escape."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        out = []
        for c in value:
            if c == "\\":
                out.append("\\\\")
            elif c == '"':
                out.append('\\"')
            elif c == "\n":
                out.append("\\n")
            elif c == "\t":
                out.append("\\t")
            elif c == "\r":
                out.append("\\r")
            elif ord(c) < 0x20 or ord(c) == 0x7F:
                out.append("\\x%02X" % ord(c))
            else:
                out.append(c)
        return '"' + "".join(out) + '"'
    return "'" + value.replace("'", "''") + "'"


def _dump_message(lines, indent, msg):
    pad = " " * indent
    lines.append(pad + "Message:         " + quote(msg.text))
    loc = msg.location
    lines.append(pad + "FilePath:        " + quote(loc.path if loc else ""))
    lines.append(pad + "FileOffset:      " + str(loc.offset if loc and loc.offset is not None else 0))
    if not msg.replacements:
        lines.append(pad + "Replacements:    []")
        return
    lines.append(pad + "Replacements:")
    for r in msg.replacements:
        lines.append(pad + "  - FilePath:        " + quote(r.path))
        lines.append(pad + "    Offset:          " + str(r.offset))
        lines.append(pad + "    Length:          " + str(r.length))
        lines.append(pad + "    ReplacementText: " + quote(r.text))


def dump_fixes(main_source_file, diagnostics):
    """clang-tidy's --export-fixes document for `diagnostics` (model.Diagnostic
    objects), readable by clang-apply-replacements."""
    lines = ["---", "MainSourceFile:  " + quote(main_source_file)]
    if not diagnostics:
        lines.append("Diagnostics:     []")
    else:
        lines.append("Diagnostics:")
    for d in diagnostics:
        lines.append("  - DiagnosticName:  " + quote(d.name))
        lines.append("    DiagnosticMessage:")
        _dump_message(lines, 6, d.message)
        if d.notes:
            lines.append("    Notes:")
            for note in d.notes:
                sub = []
                _dump_message(sub, 8, note)
                sub[0] = "      - " + sub[0].lstrip(" ")
                lines.extend(sub)
        lines.append("    Level:           " + ("Error" if d.level == "error" else "Warning"))
        lines.append("    BuildDirectory:  " + quote(d.build_directory or ""))
    lines.append("...")
    return "\n".join(lines) + "\n"
