"""The merged --export-fixes file: every finding of every TU (after the
--files/--diff-base filters; baselined findings included) in one YAML
document of clang-tidy's own format, for clang-apply-replacements.

Findings are already deduplicated (a header's fix-it found through three TUs
is listed once), which clang-apply-replacements would otherwise reject as
conflicting or apply... once, if lucky.
"""

from . import tidyyaml


def render(findings):
    diagnostics = [f.diagnostic for f in findings]
    return tidyyaml.dump_fixes("", diagnostics)


def write(path, findings):
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(render(findings))
