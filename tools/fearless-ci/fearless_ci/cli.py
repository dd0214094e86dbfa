"""Command line of fearless-ci: parses the options and runs the pipeline

  compile_commands.json -> select TUs -> probe checker -> run TUs in parallel
  -> parse -> filter & deduplicate -> fingerprint -> baseline -> reports

Every stage lives in its own module; this one only wires them together and
decides the exit code.
"""

import argparse
import os
import re
import shlex
import sys
import time

from . import (EXIT_CLEAN, EXIT_FINDINGS, EXIT_TOOL_ERROR, ToolError, __version__,
               baseline as baseline_mod, codeclimate, compdb, docs, fingerprint,
               fixes, github, gitdiff, includes, runner, sarif, summary, textout)
from .model import Finding
from .paths import ProjectPaths
from .progress import Progress
from .sources import SourceCache

DESCRIPTION = """\
Runs the fearless-* clang-tidy checks on every translation unit of a project
(from BUILD_DIR/compile_commands.json), in parallel, and reports each finding
once, with its notes and fix-its, as text, SARIF, GitHub annotations, GitLab
Code Quality and clang-tidy fix files. A baseline lets a project adopt the
checks and fail only on new findings."""

EPILOG = """\
exit status:
  0  no new finding (and no translation unit newly failed to parse)
  1  new findings, or translation units that failed to parse and are not in
     the baseline (unless --allow-parse-errors); --write-baseline exits 0
  2  usage error, or the checker could not run: no compile_commands.json,
     checker not found, plugin not loaded, no fearless-* check enabled

the checker:
  By default fearless-tidy, looked up beside this script, then on PATH.
  With --plugin, the given clang-tidy loads the plugin instead. Either way a
  --list-checks probe runs first and must show a fearless-* check, so that a
  plugin that did not load can never pass as "no findings".

findings:
  Findings are read from each TU's --export-fixes YAML (notes and fix-its)
  and clang-tidy's text output (levels, and a fallback if the YAML is
  missing). A header finding reached through several TUs is reported once.
  Only findings in files under --root are reported (--all-files: all).

fingerprints and baselines:
  A finding's fingerprint hashes the check, the root-relative file, the
  enclosing function (found by scanning up for a function head), the
  whitespace-normalised source line, the message without digits and an
  occurrence index; never a line number, so unrelated edits keep it.

examples:
  fearless-ci -p build
  fearless-ci -p build --sarif fearless.sarif --github
  fearless-ci -p build --diff-base origin/main... --changed-lines-only
  fearless-ci -p build --write-baseline .fearless-baseline.json
  fearless-ci -p build --baseline .fearless-baseline.json --codeclimate gl-code-quality.json
  fearless-ci -p build --plugin /usr/local/lib/libFearlessTidyPlugin.so --clang-tidy clang-tidy-19
"""


def _regex(value):
    try:
        return re.compile(value)
    except re.error as e:
        raise argparse.ArgumentTypeError("invalid regular expression %r: %s" % (value, e))


def _positive_int(value):
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number: %r" % value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _positive_float(value):
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number: %r" % value)
    if n <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return n


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # argparse's own exit code for usage errors is 2 as well; keep the
        # one-line "fearless-ci: error: ..." form the other errors use.
        self.print_usage(sys.stderr)
        sys.stderr.write("fearless-ci: error: %s\n" % message)
        sys.exit(EXIT_TOOL_ERROR)


def build_parser():
    p = _Parser(prog="fearless-ci", description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version",
                   version="fearless-ci %s" % __version__)
    p.add_argument("-p", "--build-dir", dest="build_dir", metavar="BUILD_DIR", required=True,
                   help="build directory with compile_commands.json (or the file itself)")

    sel = p.add_argument_group("which translation units")
    sel.add_argument("--files", type=_regex, metavar="REGEX",
                     help="only TUs whose path (absolute or root-relative) matches "
                          "REGEX (Python syntax, searched anywhere in the path)")
    sel.add_argument("--exclude", type=_regex, metavar="REGEX",
                     help="skip TUs whose path matches REGEX")
    sel.add_argument("--diff-base", metavar="GIT_REF",
                     help="only TUs changed since GIT_REF (as `git diff GIT_REF` "
                          "sees the work tree; `origin/main...` = since the merge "
                          "base), plus the TUs that include a changed header")
    sel.add_argument("--changed-lines-only", action="store_true",
                     help="with --diff-base: report only findings whose location or "
                          "one of whose notes is on a changed line")

    chk = p.add_argument_group("the checker")
    chk.add_argument("--fearless-tidy", metavar="PATH",
                     help="the fearless-tidy driver (default: beside fearless-ci, "
                          "then on PATH)")
    chk.add_argument("--plugin", metavar="SO",
                     help="run clang-tidy with this plugin (libFearlessTidyPlugin.so) "
                          "instead of fearless-tidy")
    chk.add_argument("--clang-tidy", metavar="BIN",
                     help="the clang-tidy for --plugin, built from the same LLVM "
                          "(default: clang-tidy on PATH)")
    chk.add_argument("--checks", default="-*,fearless-*", metavar="GLOBS",
                     help="clang-tidy --checks (default: %(default)s); an empty value "
                          "passes none, so that .clang-tidy decides")
    chk.add_argument("--config-file", metavar="FILE",
                     help="clang-tidy --config-file (default: each file's .clang-tidy)")
    chk.add_argument("--header-filter", default=".*", metavar="REGEX",
                     help="clang-tidy --header-filter (default: %(default)s, then only "
                          "findings under --root are kept); an empty value passes none, "
                          "so that .clang-tidy's HeaderFilterRegex applies")
    chk.add_argument("--extra-arg", action="append", default=[], metavar="ARG",
                     help="compiler argument to append to each compile command "
                          "(clang-tidy --extra-arg; repeatable)")
    chk.add_argument("--extra-arg-before", action="append", default=[], metavar="ARG",
                     help="compiler argument to prepend (repeatable)")
    chk.add_argument("--tidy-arg", action="append", default=[], metavar="ARG",
                     help="option passed to clang-tidy as it is, e.g. "
                          "--tidy-arg=--warnings-as-errors=fearless-* (repeatable)")
    chk.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                     metavar="N", help="checker processes at once (default: %(default)s, "
                                       "the number of CPUs)")
    chk.add_argument("--timeout", type=_positive_float, metavar="SECONDS",
                     help="give up on a TU after SECONDS (it is then listed as failed)")

    out = p.add_argument_group("reports (several at once)")
    out.add_argument("--no-text", action="store_true",
                     help="no clang-style text report on stdout")
    out.add_argument("--no-snippets", action="store_true",
                     help="text report without source lines and carets")
    out.add_argument("--sarif", metavar="FILE", help="write a SARIF 2.1.0 log")
    out.add_argument("--github", action="store_true",
                     help="print GitHub Actions annotations (::warning ...) on stdout "
                          "and add a job summary when $GITHUB_STEP_SUMMARY is set")
    out.add_argument("--codeclimate", metavar="FILE",
                     help="write a GitLab Code Quality (Code Climate JSON) report")
    out.add_argument("--export-fixes", metavar="FILE",
                     help="write every finding (baselined ones too) with its fix-its "
                          "as one clang-tidy YAML file (for clang-apply-replacements)")
    out.add_argument("--root", metavar="DIR",
                     help="project root: paths in reports and baselines are relative "
                          "to it (default: git top level of the build's source "
                          "directory, else the current directory)")
    out.add_argument("--all-files", action="store_true",
                     help="also report findings in files outside --root")
    out.add_argument("--docs-dir", metavar="DIR",
                     help="docs/checks directory for SARIF rule descriptions "
                          "(default: found beside the tool)")

    base = p.add_argument_group("baselines")
    base.add_argument("--baseline", metavar="FILE",
                      help="do not report (nor fail on) the findings and parse failures "
                           "recorded in FILE")
    base.add_argument("--write-baseline", metavar="FILE",
                      help="record the current findings and parse failures in FILE "
                           "(JSON) and exit 0")

    beh = p.add_argument_group("behaviour")
    beh.add_argument("--allow-parse-errors", action="store_true",
                     help="list TUs that failed to parse, but do not fail on them")
    prog = beh.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_const", const="always",
                      default="auto", help="show progress even when stderr is not a terminal")
    prog.add_argument("--no-progress", dest="progress", action="store_const", const="never",
                      help="never show progress")
    beh.add_argument("-q", "--quiet", action="store_true", help="no summary table")
    beh.add_argument("--dry-run", action="store_true",
                     help="print the TUs and the commands that would run, and exit")
    return p


def script_dirs():
    """Where the launcher is (as invoked, and with symlinks resolved)."""
    launcher = os.environ.get("FEARLESS_CI_SCRIPT") or sys.argv[0]
    dirs = []
    for d in (os.path.dirname(os.path.abspath(launcher)),
              os.path.dirname(os.path.realpath(launcher))):
        if d not in dirs:
            dirs.append(d)
    return dirs


def _default_root(build_dir):
    source = compdb.source_dir(build_dir) or build_dir
    top = gitdiff.toplevel(source) if os.path.isdir(source) else None
    return top or os.getcwd()


def _make_checker(args):
    if args.plugin:
        if not os.path.isfile(args.plugin):
            raise ToolError("--plugin %s: no such file" % args.plugin)
        executable = runner.find_clang_tidy(args.clang_tidy)
        plugin = os.path.abspath(args.plugin)
    elif args.clang_tidy:
        # A clang-tidy without plugin: only useful if it has the checks
        # built in; the probe says so if not.
        executable = runner.find_clang_tidy(args.clang_tidy)
        plugin = None
    else:
        executable = runner.find_fearless_tidy(script_dirs(), args.fearless_tidy)
        plugin = None
    if args.config_file and not os.path.isfile(args.config_file):
        raise ToolError("--config-file %s: no such file" % args.config_file)
    return runner.Checker(
        executable=executable, plugin=plugin,
        checks=args.checks, config_file=args.config_file,
        header_filter=args.header_filter, extra_args=args.extra_arg,
        extra_args_before=args.extra_arg_before, tidy_args=args.tidy_arg)


def select_units(units, args, paths, changes):
    selected = units
    if args.files:
        selected = [u for u in selected
                    if args.files.search(u.file) or args.files.search(paths.relative(u.file))]
        if not selected:
            raise ToolError("no translation unit matches --files %s" % args.files.pattern)
    if args.exclude:
        selected = [u for u in selected
                    if not (args.exclude.search(u.file) or args.exclude.search(paths.relative(u.file)))]
    if changes is not None:
        files = {u.file for u in selected}
        direct = [u for u in selected if u.file in changes]
        headers = [p for p in changes if p not in files and os.path.isfile(p)]
        via_headers = includes.units_including(
            [u for u in selected if u.file not in changes], headers, paths.root)
        chosen = {u.file for u in direct} | {u.file for u in via_headers}
        selected = [u for u in selected if u.file in chosen]
    return selected


def collect_findings(results, paths, changes, args):
    """Deduplicated findings of all TUs, in file order, and the number of
    findings dropped for being outside the root."""
    by_key = {}
    outside = set()
    for result in results:
        for d in result.findings:
            loc = d.message.location
            if loc is None:
                continue   # nothing to point at, nor to fingerprint
            if not args.all_files and not paths.inside(loc.path):
                outside.add(d.key())
                continue
            if args.changed_lines_only:
                spots = [loc] + [n.location for n in d.notes if n.location]
                if not any(gitdiff.is_changed(changes, s.path, s.line) for s in spots):
                    continue
            key = d.key()
            if key in by_key:
                if result.file not in by_key[key].translation_units:
                    by_key[key].translation_units.append(result.file)
                continue
            by_key[key] = Finding(diagnostic=d, translation_units=[result.file])
    findings = sorted(by_key.values(), key=lambda f: f.sort_key())
    return findings, len(outside)


def main(argv=None):
    try:
        return _main(argv)
    except ToolError as e:
        sys.stderr.write("fearless-ci: error: %s\n" % e)
        return EXIT_TOOL_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("\nfearless-ci: interrupted\n")
        return 130


def _main(argv):
    args = build_parser().parse_args(argv)
    started = time.time()
    clock = time.monotonic()
    if args.changed_lines_only and not args.diff_base:
        raise ToolError("--changed-lines-only needs --diff-base")

    build_dir = args.build_dir
    if os.path.basename(build_dir) == "compile_commands.json" and os.path.isfile(build_dir):
        build_dir = os.path.dirname(build_dir) or "."
    if not os.path.isdir(build_dir):
        raise ToolError("build directory %s does not exist" % build_dir)
    build_dir = os.path.realpath(build_dir)
    units = compdb.load(build_dir)
    if not units:
        raise ToolError("%s/compile_commands.json lists no translation unit" % build_dir)

    if args.docs_dir and not os.path.isdir(args.docs_dir):
        raise ToolError("--docs-dir %s is not a directory" % args.docs_dir)
    root = os.path.realpath(args.root) if args.root else _default_root(build_dir)
    if not os.path.isdir(root):
        raise ToolError("--root %s is not a directory" % root)
    paths = ProjectPaths(root)
    sources = SourceCache()
    previous = baseline_mod.load(args.baseline) if args.baseline else None

    changes = gitdiff.changed_lines(root, args.diff_base) if args.diff_base else None
    selected = select_units(units, args, paths, changes)

    checker = _make_checker(args)
    if args.dry_run:
        for u in selected:
            print(shlex.join(checker.command(build_dir, u.file, "<fixes.yaml>")))
        sys.stderr.write("fearless-ci: %d of %d translation units selected\n"
                         % (len(selected), len(units)))
        return EXIT_CLEAN

    enabled = runner.probe(checker, build_dir, (selected or units)[0].file)

    progress = Progress(len(selected), args.progress, display=paths.relative)
    run = runner.Runner(checker, build_dir, sources, jobs=min(args.jobs, max(1, len(selected))),
                        timeout=args.timeout)
    try:
        results = run.run(selected, on_result=progress.update)
    finally:
        progress.finish()

    for r in results:
        for warning in r.warnings:
            sys.stderr.write("fearless-ci: warning: %s\n" % warning)
    findings, outside = collect_findings(results, paths, changes, args)
    fingerprint.assign(findings, sources, paths.relative)
    failed = [r for r in results if r.failure]

    stale = set()
    if previous is not None:
        stale = baseline_mod.apply(findings, previous)
        for tu in failed:
            tu.baselined = paths.relative(tu.file) in previous.failed
        if args.files or args.exclude or args.diff_base or args.changed_lines_only:
            stale = set()   # a partial run cannot tell what was fixed
    new = [f for f in findings if not f.baselined]
    new_failed = [tu for tu in failed if not tu.baselined]

    if args.write_baseline:
        partial = bool(args.files or args.exclude or args.diff_base or args.changed_lines_only)
        old = previous
        if partial and old is None and os.path.isfile(args.write_baseline):
            old = baseline_mod.load(args.write_baseline)
        covered = None
        if partial:
            covered = {paths.relative(r.file) for r in results} | {
                paths.relative(f.location.path) for f in findings}
        baseline_mod.write(args.write_baseline, findings,
                           [paths.relative(tu.file) for tu in failed], paths.relative,
                           previous=old if partial else None, covered=covered)
        exit_code = EXIT_CLEAN
    elif new or (new_failed and not args.allow_parse_errors):
        exit_code = EXIT_FINDINGS
    else:
        exit_code = EXIT_CLEAN

    # -- reports -------------------------------------------------------------
    if not args.no_text:
        sys.stdout.write(textout.render(new, paths, sources, snippets=not args.no_snippets))
        for tu in new_failed:
            sys.stdout.write(textout.render_failure(tu, paths, sources,
                                                    snippets=not args.no_snippets))
    if args.github:
        sys.stdout.write(github.render(new, new_failed, paths, sources))
    sys.stdout.flush()

    stats = {"units": len(selected), "seconds": time.monotonic() - clock,
             "jobs": run.jobs, "skipped_outside": outside}
    if args.sarif:
        log = sarif.build(findings, failed, enabled,
                          docs.RuleDocs(args.docs_dir or docs.default_docs_dir(script_dirs())),
                          paths, sources,
                          {"start": started, "end": time.time(),
                           "command_line": shlex.join(["fearless-ci"] + list(
                               sys.argv[1:] if argv is None else argv)),
                           "exit_code": exit_code, "baseline": args.baseline,
                           "translation_units": len(selected)})
        _write(args.sarif, lambda p: sarif.write(p, log))
    if args.codeclimate:
        _write(args.codeclimate, lambda p: codeclimate.write(p, codeclimate.build(new, paths)))
    if args.export_fixes:
        # Every finding's fix-its, baselined ones too: applying them pays
        # the accepted debt back, which is never wrong.
        _write(args.export_fixes, lambda p: fixes.write(p, findings))
    if args.github:
        github.step_summary(summary.markdown(stats, findings, failed, paths))
    if not args.quiet:
        if not selected and changes is not None:
            sys.stderr.write("fearless-ci: no translation unit changed since %s\n" % args.diff_base)
        sys.stderr.write(summary.render(stats, findings, failed, paths, stale=len(stale)))
        if args.write_baseline:
            sys.stderr.write("fearless-ci: baseline of %d finding%s written to %s\n" % (
                len(findings), "" if len(findings) == 1 else "s", args.write_baseline))
    return exit_code


def _write(path, writer):
    try:
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        writer(path)
    except OSError as e:
        raise ToolError("cannot write %s: %s" % (path, e))
