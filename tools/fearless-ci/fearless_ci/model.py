"""The data passed between the modules: locations, findings, TU results.

Paths in these objects are always absolute and normalised (os.path.realpath),
so that one header reached through different include paths is one file.
Turning them into project-relative paths is the job of the output modules.
"""

from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class Location:
    path: str                 # absolute, realpath
    line: int                 # 1-based
    column: int               # 1-based, in bytes (as clang counts)
    offset: Optional[int] = None  # byte offset in the file, when known


@dataclass
class Replacement:
    """One edit of a fix-it, in clang-tidy's terms (byte offset + length)."""
    path: str
    offset: int
    length: int
    text: str


@dataclass
class Message:
    """The main message of a diagnostic, or one of its notes."""
    text: str
    location: Optional[Location]
    replacements: List[Replacement] = field(default_factory=list)


@dataclass
class Diagnostic:
    """One diagnostic as clang-tidy reported it for one TU."""
    name: str                 # check name, or clang-diagnostic-*
    level: str                # "warning" or "error"
    message: Message
    notes: List[Message] = field(default_factory=list)
    build_directory: str = ""
    # Promoted to an error by --warnings-as-errors (text output only says so).
    promoted: bool = False

    def key(self):
        """Identity used to merge the YAML and text views and to dedup TUs."""
        loc = self.message.location
        where = (loc.path, loc.line, loc.column) if loc else ("", 0, 0)
        return (self.name,) + where + (self.message.text,)

    @property
    def is_compiler_error(self):
        """True for errors of the compiler (the TU did not parse), as opposed
        to check warnings promoted by --warnings-as-errors."""
        if self.name == "clang-diagnostic-error":
            return True
        return self.level == "error" and not self.promoted and (
            self.name == "" or self.name.startswith("clang-diagnostic-"))


@dataclass
class Finding:
    """A check's diagnostic after deduplication across TUs."""
    diagnostic: Diagnostic
    translation_units: List[str] = field(default_factory=list)
    # Filled in by fingerprint.assign():
    fingerprint: str = ""
    function: str = ""
    code: str = ""
    # Filled in by baseline.apply():
    baselined: bool = False

    @property
    def check(self):
        return self.diagnostic.name

    @property
    def level(self):
        return self.diagnostic.level

    @property
    def location(self):
        return self.diagnostic.message.location

    @property
    def message(self):
        return self.diagnostic.message.text

    @property
    def notes(self):
        return self.diagnostic.notes

    def all_replacements(self):
        """(description, replacements) for every message that has a fix-it:
        the warning's own fix first, then each note's."""
        out = []
        d = self.diagnostic
        if d.message.replacements:
            out.append((d.message.text, d.message.replacements))
        for note in d.notes:
            if note.replacements:
                out.append((note.text, note.replacements))
        return out

    def sort_key(self):
        loc = self.location
        return ((loc.path, loc.line, loc.column) if loc else ("", 0, 0)) + (
            self.check, self.message)


@dataclass
class TUResult:
    """What running the checker on one translation unit produced."""
    file: str
    diagnostics: List[Diagnostic] = field(default_factory=list)
    failure: Optional[str] = None     # why the TU was not analysed, if it was not
    failure_location: Optional[Location] = None
    returncode: int = 0
    duration: float = 0.0
    stderr: str = ""
    baselined: bool = False           # a failure recorded in the --baseline
    warnings: List[str] = field(default_factory=list)  # for the user, not failures

    @property
    def findings(self):
        return [d for d in self.diagnostics if not d.is_compiler_error]

    @property
    def errors(self):
        return [d for d in self.diagnostics if d.is_compiler_error]
