"""The compilation database: which translation units there are, and how each
is compiled (for following its #includes when selecting TUs by a diff).

clang-tidy itself reads the database again for each TU (-p BUILD_DIR), so
this module never has to reproduce a compile command exactly.
"""

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from typing import List

from . import ToolError
from .sources import normalize_path


@dataclass
class Entry:
    file: str                 # absolute, realpath
    directory: str
    arguments: List[str]


@dataclass
class TranslationUnit:
    """One source file: clang-tidy analyses all the database's commands for
    a file in one run, so files, not commands, are the unit of work."""
    file: str
    entries: List[Entry] = field(default_factory=list)


def load(build_dir):
    """The TUs of BUILD_DIR/compile_commands.json, in database order."""
    path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.isfile(path):
        raise ToolError("no compile_commands.json in %s (configure with "
                        "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)" % build_dir)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise ToolError("cannot read %s: %s" % (path, e))
    if not isinstance(data, list):
        raise ToolError("%s is not a JSON array of compile commands" % path)
    units = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "file" not in item or "directory" not in item:
            raise ToolError("%s: entry %d has no 'file' or 'directory'" % (path, i))
        directory = normalize_path(item["directory"], build_dir)
        if "arguments" in item:
            arguments = list(item["arguments"])
        else:
            try:
                arguments = shlex.split(item.get("command", ""))
            except ValueError:
                arguments = item.get("command", "").split()
        entry = Entry(normalize_path(item["file"], directory), directory, arguments)
        units.setdefault(entry.file, TranslationUnit(entry.file)).entries.append(entry)
    return list(units.values())


def source_dir(build_dir):
    """The source directory CMake configured BUILD_DIR from, if it was CMake."""
    cache = os.path.join(build_dir, "CMakeCache.txt")
    try:
        with open(cache, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", line.rstrip("\n"))
                if m:
                    return m.group(1)
    except OSError:
        pass
    return None


# Options whose value names an include directory, and the kind of #include
# they serve ("quote": only "..." includes; "angle": both).
_INCLUDE_OPTIONS = {"-I": "angle", "-isystem": "angle", "-idirafter": "angle",
                    "-iquote": "quote", "--include-directory": "angle"}


def forced_includes(entry):
    """Files a compile command includes with -include FILE, absolute."""
    out = []
    args = entry.arguments
    for i, arg in enumerate(args):
        if arg == "-include" and i + 1 < len(args):
            out.append(normalize_path(args[i + 1], entry.directory))
    return out


def include_dirs(entry):
    """(quote_dirs, angle_dirs) of one compile command, absolute."""
    quote, angle = [], []
    args = entry.arguments
    i = 0
    while i < len(args):
        arg = args[i]
        value = kind = None
        for opt, k in _INCLUDE_OPTIONS.items():
            if arg == opt and i + 1 < len(args):
                value, kind = args[i + 1], k
                i += 1
                break
            if arg.startswith(opt) and len(arg) > len(opt):
                rest = arg[len(opt):]
                if opt == "--include-directory":
                    if not rest.startswith("="):
                        continue
                    rest = rest[1:]
                value, kind = rest, k
                break
        if value is not None:
            path = normalize_path(value, entry.directory)
            (quote if kind == "quote" else angle).append(path)
        i += 1
    return quote, angle
