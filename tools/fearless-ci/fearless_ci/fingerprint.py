"""Stable identities for findings, for baselines and for SARIF/Code Quality.

A fingerprint must survive edits that do not touch the finding: lines added
or removed above it, other lines reformatted, the file re-indented. So it
never contains a line or column number. It is a hash of

  1. the check name;
  2. the file, relative to the project root;
  3. the enclosing function's name (heuristic below), so that the same
     statement in two functions gives two identities;
  4. the finding's source line with whitespace normalised and comments
     removed, so re-indenting or re-spacing the line keeps its identity;
  5. the message with digits blanked ("started at line 12" names a line);
  6. an occurrence index: the n-th finding (in file order) with the same
     values for 1-5, so identical statements in one function stay distinct.

Enclosing-function heuristic: scan upward from the finding's line for the
nearest line that is indented less than everything seen so far and looks
like a function head: `name(` preceded by a type, a qualifier or `::`
(so a call like `run(...) {` of a lambda argument is not taken), not a
control statement, not ending in `;`. A line holding only `{` (a brace on
its own line) is skipped. Macros, K&R declarations and unindented bodies
can fool it; then the fingerprint is less unique, which the occurrence
index makes up for, and it stays stable, which is what matters.
"""

import hashlib
import re
from collections import defaultdict

_KEYWORDS = {
    "if", "for", "while", "switch", "return", "else", "do", "case", "catch",
    "sizeof", "alignof", "decltype", "new", "delete", "throw", "co_return",
    "co_await", "co_yield", "static_assert", "using", "typedef", "namespace",
    "template", "requires", "noexcept", "alignas", "defined", "assert",
}
# `name(` where name may be qualified (a::b::c), a destructor or an operator.
_HEAD = re.compile(
    r"(?P<prefix>^|.*?[>&*\]\s])\s*"
    r"(?P<name>(?:[A-Za-z_]\w*\s*(?:<[^()]*>)?\s*::\s*)*(?:~\s*)?(?:operator\s*(?:\(\)|[^\s(]+)|[A-Za-z_]\w*))"
    r"\s*\(")


def _indent(text):
    expanded = text.expandtabs(8)
    return len(expanded) - len(expanded.lstrip())


def strip_comments(text):
    """The line without // and /* */ comments, string literals kept."""
    out = []
    i = 0
    quote = None
    while i < len(text):
        c = text[i]
        if quote:
            out.append(c)
            if c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            out.append(c)
        elif text.startswith("//", i):
            break
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                break
            i = end + 2
            out.append(" ")
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def normalize_code(text):
    """Whitespace-insensitive form of a source line: comments dropped,
    whitespace removed except where it separates two words."""
    text = " ".join(strip_comments(text).split())
    return re.sub(r"(?<=\W) | (?=\W)", "", text)


def normalize_message(text):
    return re.sub(r"\d+", "#", " ".join(text.split()))


def function_head(text):
    """The function name if `text` looks like the head of a function
    definition, else None."""
    code = strip_comments(text).strip()
    # "template <typename T> void f(T) {": the head follows the parameters.
    code = re.sub(r"^template\s*<.*?>\s*(?=[A-Za-z_~])", "", code)
    if not code or code.startswith("#") or code.endswith(";") or code.startswith("}"):
        return None
    first = re.match(r"[A-Za-z_]\w*", code)
    if first and first.group(0) in _KEYWORDS:
        return None
    m = _HEAD.match(code)
    if not m:
        return None
    name = re.sub(r"\s+", "", m.group("name"))
    if name.split("::")[-1] in _KEYWORDS:
        return None
    prefix = m.group("prefix").strip()
    # Something before the name (a return type, `auto`, `static`...), a
    # qualified name (out-of-line member or constructor), or a line that is
    # not indented: a call statement has none of these.
    if not prefix and "::" not in name and not name.startswith("~") and text[:1].isspace():
        return None
    if prefix and (prefix.endswith("=") or prefix.endswith("(") or prefix.endswith(",")
                   or prefix.endswith("return") or "." in prefix.split()[-1]
                   or "->" in prefix.split()[-1]):
        return None
    return name


def enclosing_function(sources, path, line, max_lines=3000):
    """Name of the function around `line` in `path`, or "" if not found."""
    if sources is None or line is None:
        return ""
    text = sources.line_text(path, line)
    if text is None:
        return ""
    limit = _indent(text) if text.strip() else 1 << 30
    first = max(1, line - max_lines)
    for n in range(line - 1, first - 1, -1):
        candidate = sources.line_text(path, n)
        if candidate is None or not candidate.strip():
            continue
        stripped = candidate.strip()
        if stripped in ("{", "};", "}") or stripped.startswith(("//", "/*", "*", "#")):
            continue
        ind = _indent(candidate)
        if ind >= limit:
            continue
        limit = ind
        name = function_head(candidate)
        if name:
            return name
        if ind == 0 and stripped.endswith(("{", "}")) and not stripped.startswith(
                ("namespace", "extern", "template")):
            # An unindented block that is not a function (a class, an
            # initializer): nothing further up encloses the line.
            if not re.match(r"^(class|struct|union)\b", stripped):
                return ""
    return ""


def _digest(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def assign(findings, sources, relative_path):
    """Sets .function, .code and .fingerprint on every finding.
    `relative_path(abs_path)` gives the project-relative path."""
    groups = defaultdict(list)
    for f in findings:
        loc = f.location
        if loc is None:
            f.function, f.code = "", ""
            path = ""
        else:
            f.function = enclosing_function(sources, loc.path, loc.line)
            f.code = (sources.line_text(loc.path, loc.line) or "").strip()
            path = relative_path(loc.path)
        key = (f.check, path, f.function, normalize_code(f.code),
               normalize_message(f.message))
        groups[key].append(f)
    for key, members in groups.items():
        members.sort(key=lambda f: f.sort_key())
        for index, f in enumerate(members):
            f.fingerprint = _digest("fearless-ci/v1", *key, index)
