"""fearless-ci: runs the fearless-* clang-tidy checks over a whole project.

The package is split into modules with one job each; cli.main() ties them
together. Only the Python standard library is used, so that the tool runs on
any CI image that has python3 and the checker.
"""

__version__ = "0.1.0"

# Exit codes, documented in --help and relied upon by CI scripts.
EXIT_CLEAN = 0        # no new finding (and no TU that newly failed to parse)
EXIT_FINDINGS = 1     # new findings, or TUs that could not be analysed
EXIT_TOOL_ERROR = 2   # usage error, or the checker could not be run at all


class ToolError(Exception):
    """A problem that makes the whole run meaningless (exit code 2).

    Raised for a missing compilation database, a checker that is not found,
    a plugin that did not load, ... The message is printed as one line.
    """
