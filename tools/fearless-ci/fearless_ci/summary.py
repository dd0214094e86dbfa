"""The summary table printed at the end of a run (to stderr, so that stdout
stays the report), and the same as Markdown for GitHub's job summary."""

from collections import Counter


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def collect(findings):
    """{check: (new, baselined)} and {file: new count}."""
    new = Counter(f.check for f in findings if not f.baselined)
    old = Counter(f.check for f in findings if f.baselined)
    files = Counter(f.location.path for f in findings if not f.baselined and f.location)
    checks = {c: (new[c], old[c]) for c in set(new) | set(old)}
    return checks, files


def render(stats, findings, failed, paths, stale=0):
    """stats: dict with units, seconds, jobs, checker, skipped_outside."""
    checks, files = collect(findings)
    lines = []
    n_new = sum(n for n, _ in checks.values())
    n_old = sum(o for _, o in checks.values())
    lines.append("fearless-ci: %s in %.1f s (-j %d): %s%s%s" % (
        _plural(stats["units"], "translation unit"), stats["seconds"], stats["jobs"],
        _plural(n_new, "new finding"),
        ", %d in the baseline" % n_old if n_old else "",
        ", %d failed to parse" % len(failed) if failed else ""))
    if checks:
        width = max(len("check"), max(len(c) for c in checks))
        lines.append("  %-*s  %5s  %9s" % (width, "check", "new", "baselined"))
        for check in sorted(checks):
            n, o = checks[check]
            lines.append("  %-*s  %5d  %9d" % (width, check, n, o))
    if files:
        lines.append("  files with new findings:")
        for path, n in sorted(files.items(), key=lambda kv: (-kv[1], paths.relative(kv[0]))):
            lines.append("    %s (%d)" % (paths.relative(path), n))
    if failed:
        lines.append("  failed to parse (not analysed), %d:" % len(failed))
        for tu in failed:
            where = ""
            if tu.failure_location:
                loc = tu.failure_location
                where = " at %s:%d:%d" % (paths.relative(loc.path), loc.line, loc.column)
            known = " (in the baseline)" if tu.baselined else ""
            lines.append("    %s: %s%s%s" % (paths.relative(tu.file), tu.failure, where, known))
    if stats.get("skipped_outside"):
        lines.append("  %s outside %s not reported (--all-files shows them)"
                     % (_plural(stats["skipped_outside"], "finding"), paths.root))
    if stale:
        lines.append("  %d baseline entr%s no longer found (fixed?): --write-baseline drops %s"
                     % (stale, "y" if stale == 1 else "ies", "it" if stale == 1 else "them"))
    return "\n".join(lines) + "\n"


def markdown(stats, findings, failed, paths):
    checks, files = collect(findings)
    n_new = sum(n for n, _ in checks.values())
    out = ["### fearless-ci", "",
           "%s, %s%s." % (_plural(stats["units"], "translation unit"),
                          _plural(n_new, "new finding"),
                          ", %d failed to parse" % len(failed) if failed else ""), ""]
    if checks:
        out += ["| check | new | baselined |", "|---|---:|---:|"]
        for check in sorted(checks):
            n, o = checks[check]
            out.append("| `%s` | %d | %d |" % (check, n, o))
        out.append("")
    if failed:
        out.append("Not analysed (failed to parse):")
        out += ["- `%s`: %s" % (paths.relative(tu.file), tu.failure) for tu in failed]
        out.append("")
    return "\n".join(out) + "\n"
