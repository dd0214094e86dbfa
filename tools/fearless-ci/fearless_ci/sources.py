"""Source files as clang sees them: bytes, lines, byte offsets and columns.

clang-tidy's YAML gives byte offsets, its text output gives 1-based line and
byte columns, SARIF wants columns in Unicode code points and the fingerprints
want the text of a line. One cache answers all of these, reading each file
once (several TUs report findings in the same header).
"""

import bisect
import os
import threading


def normalize_path(path, base=None):
    """Absolute, symlink-free path; relative paths are taken from `base`
    (a diagnostic's build directory) or the current directory."""
    if not path:
        return ""
    if not os.path.isabs(path):
        path = os.path.join(base or os.getcwd(), path)
    return os.path.realpath(path)


class _File:
    __slots__ = ("data", "starts")

    def __init__(self, data):
        self.data = data
        # Offsets where each line starts; line N (1-based) starts at starts[N-1].
        self.starts = [0]
        pos = data.find(b"\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = data.find(b"\n", pos + 1)


class SourceCache:
    """Thread-safe: the runner's worker threads convert offsets too."""

    def __init__(self):
        self._files = {}
        self._lock = threading.Lock()

    def _get(self, path):
        with self._lock:
            if path in self._files:
                return self._files[path]
        try:
            with open(path, "rb") as f:
                entry = _File(f.read())
        except OSError:
            entry = None
        with self._lock:
            self._files[path] = entry
        return entry

    def exists(self, path):
        return self._get(path) is not None

    def line_count(self, path):
        f = self._get(path)
        return len(f.starts) if f else 0

    def offset_to_line_column(self, path, offset):
        """(line, byte column), both 1-based; None if the file is unreadable
        or the offset is past its end."""
        f = self._get(path)
        if f is None or offset is None or offset < 0 or offset > len(f.data):
            return None
        index = bisect.bisect_right(f.starts, offset) - 1
        return index + 1, offset - f.starts[index] + 1

    def line_column_to_offset(self, path, line, column):
        f = self._get(path)
        if f is None or line < 1 or line > len(f.starts):
            return None
        return f.starts[line - 1] + column - 1

    def line_bytes(self, path, line):
        f = self._get(path)
        if f is None or line < 1 or line > len(f.starts):
            return None
        start = f.starts[line - 1]
        end = f.starts[line] - 1 if line < len(f.starts) else len(f.data)
        text = f.data[start:end]
        return text[:-1] if text.endswith(b"\r") else text

    def line_text(self, path, line):
        """The line without its end-of-line, decoded leniently (a source file
        in another encoding must not stop the report)."""
        raw = self.line_bytes(path, line)
        return None if raw is None else raw.decode("utf-8", "replace")

    def code_point_column(self, path, line, byte_column):
        """clang's byte column converted to a column in code points (SARIF's
        "unicodeCodePoints" column kind, GitHub's annotations)."""
        raw = self.line_bytes(path, line)
        if raw is None or byte_column < 1:
            return byte_column
        return len(raw[:byte_column - 1].decode("utf-8", "replace")) + 1
