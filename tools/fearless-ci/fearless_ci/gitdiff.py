"""What changed since a git ref: files, and lines within them.

`git diff -U0 REF` compares REF with the working tree, so a CI job sees its
checked-out commit and a developer also sees uncommitted edits; REF is given
to git as it is, so `origin/main...` means "since the merge base". Untracked
(not ignored) files count as changed in full: a new file not yet added is as
new as an added one.
"""

import os
import re
import subprocess

from . import ToolError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")

ALL_LINES = None  # marker: every line of the file counts as changed


def _git(root, *args):
    try:
        proc = subprocess.run(["git", "-C", root] + list(args),
                              capture_output=True, text=True,
                              encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise ToolError("--diff-base needs git, which is not on PATH")
    if proc.returncode != 0:
        message = proc.stderr.strip().splitlines()
        raise ToolError("git %s failed: %s" % (" ".join(args),
                                               message[-1] if message else "exit %d" % proc.returncode))
    return proc.stdout


def toplevel(path):
    """The git work tree containing `path`, or None."""
    try:
        proc = subprocess.run(["git", "-C", path, "rev-parse", "--show-toplevel"],
                              capture_output=True, text=True)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if proc.returncode != 0:
        return None
    return os.path.realpath(proc.stdout.strip())


def unquote_c_style(text):
    """Undoes git's quoting of unusual file names: "a\\tb\\303\\251" with
    C escapes and octal bytes."""
    body = text[1:-1] if text.startswith('"') and text.endswith('"') else text
    out = bytearray()
    simple = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13,
              '"': 34, "\\": 92}
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            e = body[i + 1]
            if e in simple:
                out.append(simple[e])
                i += 2
                continue
            if re.match(r"[0-7]{3}", body[i + 1:i + 4]):
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
        out.extend(c.encode("utf-8"))
        i += 1
    return out.decode("utf-8", "replace")


def parse_diff(diff_text, top):
    """{absolute path: set of changed line numbers in the new file} from
    `git diff -U0` output. A pure deletion marks the lines on both sides of
    the cut, so that a finding caused by removing a line (a deleted join)
    is still on a "changed" line."""
    changes = {}
    current = None
    for line in diff_text.splitlines():
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            if target == "/dev/null":
                current = None
                continue
            if target.startswith('"'):
                target = unquote_c_style(target)
            if target.startswith("b/"):
                target = target[2:]
            current = os.path.realpath(os.path.join(top, target))
            changes.setdefault(current, set())
            continue
        if current is None:
            continue
        m = _HUNK.match(line)
        if not m:
            continue
        start = int(m.group("start"))
        count = 1 if m.group("count") is None else int(m.group("count"))
        lines = changes[current]
        if count == 0:
            lines.update((start, start + 1))
        else:
            lines.update(range(start, start + count))
    return changes


def changed_lines(root, ref):
    """{absolute path: set of changed lines, or ALL_LINES} of the work tree
    that contains `root`, compared with `ref`."""
    top = toplevel(root)
    if top is None:
        raise ToolError("--diff-base: %s is not in a git work tree" % root)
    # Check the ref first, for a clear message instead of git diff's usage.
    base = ref.split("...")[0] if "..." in ref else ref
    if base:
        try:
            _git(top, "rev-parse", "--verify", "--quiet", base + "^{commit}")
        except ToolError:
            raise ToolError("--diff-base: %r is not a commit in %s" % (base, top))
    diff = _git(top, "diff", "-U0", "--no-color", "--no-ext-diff",
                "--src-prefix=a/", "--dst-prefix=b/", ref, "--")
    changes = parse_diff(diff, top)
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    for name in untracked.split("\0"):
        if name:
            changes[os.path.realpath(os.path.join(top, name))] = ALL_LINES
    return changes


def is_changed(changes, path, line):
    if path not in changes:
        return False
    lines = changes[path]
    return lines is ALL_LINES or line in lines
