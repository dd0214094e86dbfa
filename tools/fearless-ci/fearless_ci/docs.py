"""Rule metadata for SARIF, read from the checks' documentation pages.

Each check has docs/checks/<check>.md whose first paragraph after the title
says what it finds ("Finds threads that may outlive the stack data they
borrow."). That paragraph is the rule's full description, its first
sentence the short one: the pages stay the single source of that text.
"""

import os
import re

HELP_URI = "https://github.com/fearless-cpp/fearless/blob/main/docs/checks/%s.md"
# clang-tidy's own checks (if the user enables some) have their pages there.
CLANG_TIDY_URI = "https://clang.llvm.org/extra/clang-tidy/checks/%s/%s.html"


def markdown_to_text(text):
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)   # links, images
    text = re.sub(r"`([^`]*)`", r"\1", text)                  # code spans
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)            # strong
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)  # emphasis
    return " ".join(text.split())


def first_sentence(text):
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def read_page(path):
    """(title, first paragraph in markdown) of a documentation page."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None, None
    title = None
    paragraph = []
    in_fence = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            if paragraph:
                break
            continue
        if in_fence:
            continue
        if title is None:
            if stripped.startswith("#"):
                title = stripped.lstrip("#").strip()
            continue
        if not stripped:
            if paragraph:
                break
            continue
        if stripped.startswith("#") or stripped.startswith("|"):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    return title, " ".join(paragraph) if paragraph else None


class RuleDocs:
    """Looks rules up in a docs/checks directory (None: none available)."""

    def __init__(self, directory):
        self.directory = directory
        self._cache = {}

    def rule(self, check):
        if check in self._cache:
            return self._cache[check]
        title = paragraph = None
        if self.directory:
            title, paragraph = read_page(os.path.join(self.directory, check + ".md"))
        if check.startswith("fearless-"):
            uri = HELP_URI % check
        elif check.startswith("clang-diagnostic-"):
            uri = None
        elif "-" in check:
            group, name = check.split("-", 1)
            uri = CLANG_TIDY_URI % (group, name)
        else:
            uri = None
        if paragraph:
            full_md = paragraph
            full = markdown_to_text(paragraph)
            short = first_sentence(full)
        else:
            short = full = "clang-tidy check %s" % check
            full_md = None
        info = {"id": check, "short": short, "full": full, "full_markdown": full_md,
                "help_uri": uri, "documented": bool(paragraph)}
        self._cache[check] = info
        return info


def default_docs_dir(script_dirs):
    """docs/checks of the source tree (tools/fearless-ci/../../docs/checks)
    or of an install (<prefix>/share/doc/fearless/checks)."""
    for d in script_dirs:
        for rel in (("..", "..", "docs", "checks"),
                    ("..", "share", "doc", "fearless", "checks"),
                    ("..", "share", "fearless-ci", "docs", "checks")):
            candidate = os.path.normpath(os.path.join(d, *rel))
            if os.path.isdir(candidate):
                return candidate
    return None
