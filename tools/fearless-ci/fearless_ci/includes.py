"""Which translation units include a given header, found cheaply.

Used by --diff-base: a changed header must be re-checked through the TUs
that include it. Running the preprocessor on every TU would cost as much as
the analysis itself, so this scans `#include` lines textually and resolves
them with each compile command's -I/-iquote/-isystem directories.

The scan over-approximates (it ignores #if, so an include in a disabled
branch counts) and can under-approximate only through computed includes
(`#include MACRO`) — both rare in practice, and an extra TU only costs time.
Only headers inside the project root are followed: system and third-party
headers cannot be in the project's diff.
"""

import os
import re

from . import compdb

_INCLUDE = re.compile(rb'^\s*#\s*(?:include|import|include_next)\s*([<"])([^>"]+)[>"]', re.M)


class IncludeScanner:
    def __init__(self, root):
        self.root = root.rstrip(os.sep) + os.sep
        self._direct = {}     # file -> [(kind, name)]

    def _in_root(self, path):
        return path.startswith(self.root)

    def _includes_of(self, path):
        if path not in self._direct:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = b""
            self._direct[path] = [
                (m.group(1).decode(), m.group(2).decode("utf-8", "replace"))
                for m in _INCLUDE.finditer(data)]
        return self._direct[path]

    def _resolve(self, including, kind, name, quote_dirs, angle_dirs):
        candidates = []
        if kind == '"':
            candidates.append(os.path.dirname(including))
            candidates.extend(quote_dirs)
        candidates.extend(angle_dirs)
        for d in candidates:
            path = os.path.join(d, name)
            if os.path.isfile(path):
                return os.path.realpath(path)
        return None

    def closure(self, unit):
        """Every project file the TU includes, directly or not."""
        seen = set()
        for entry in unit.entries:
            quote_dirs, angle_dirs = compdb.include_dirs(entry)
            stack = [unit.file] + [p for p in compdb.forced_includes(entry)
                                   if self._in_root(p)]
            seen.update(stack[1:])
            while stack:
                current = stack.pop()
                for kind, name in self._includes_of(current):
                    path = self._resolve(current, kind, name, quote_dirs, angle_dirs)
                    if path and path not in seen and self._in_root(path):
                        seen.add(path)
                        stack.append(path)
        seen.discard(unit.file)
        return seen


def units_including(units, headers, root):
    """The units among `units` that include any of `headers` (absolute)."""
    headers = set(headers)
    if not headers:
        return []
    scanner = IncludeScanner(root)
    return [u for u in units if scanner.closure(u) & headers]
