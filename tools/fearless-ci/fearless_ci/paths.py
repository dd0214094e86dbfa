"""Project-relative paths for the reports.

Findings carry absolute paths; SARIF, GitHub annotations, Code Quality and
baselines want them relative to the project root (the repository), so that
a report made in /builds/x/ and one made in /home/y/ name the same files.
Files outside the root (a generated header in an out-of-tree build
directory, a system header with --system-headers) keep their absolute path.
"""

import os
import pathlib
import urllib.parse


class ProjectPaths:
    def __init__(self, root, cwd=None):
        self.root = os.path.realpath(root)
        self.cwd = os.path.realpath(cwd or os.getcwd())

    def inside(self, path):
        return path == self.root or path.startswith(self.root.rstrip(os.sep) + os.sep)

    def relative(self, path):
        """Root-relative with '/' separators, or absolute if outside."""
        if not path:
            return ""
        if self.inside(path):
            return pathlib.PurePath(os.path.relpath(path, self.root)).as_posix()
        return path

    def display(self, path):
        """For the text report: relative to the current directory when the
        file is below it (so editors and terminals can open it), else
        absolute."""
        if not path:
            return "<unknown>"
        if path.startswith(self.cwd.rstrip(os.sep) + os.sep):
            return os.path.relpath(path, self.cwd)
        return path

    def uri(self, path):
        """(uri, uriBaseId) for a SARIF artifactLocation."""
        if self.inside(path):
            return urllib.parse.quote(self.relative(path)), "SRCROOT"
        return pathlib.PurePath(path).as_uri(), None

    def root_uri(self):
        return pathlib.PurePath(self.root).as_uri().rstrip("/") + "/"

    def cwd_uri(self):
        return pathlib.PurePath(self.cwd).as_uri().rstrip("/") + "/"
