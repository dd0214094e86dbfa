#!/usr/bin/env python3
"""Runs fearless-ci's tests: unit tests (no checker needed) and end-to-end
tests on the sample project (need the checker, CMake and clang++).

  python3 test/ci-tool/run_tests.py \\
      --fearless-tidy build/bin/fearless-tidy \\
      --plugin build/lib/libFearlessTidyPlugin.so --clang-tidy clang-tidy-19

Without --fearless-tidy only the unit tests run (the others are skipped, and
say why). --update-expected rewrites expected/ from this run's output, to be
reviewed with git diff. Ends with a 'N passed, N failed' line.
"""

import argparse
import os
import shutil
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import support  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--fearless-tidy", help="the fearless-tidy driver")
    p.add_argument("--plugin", help="libFearlessTidyPlugin.so, for the plugin tests")
    p.add_argument("--clang-tidy", default="clang-tidy-19",
                   help="the clang-tidy that loads --plugin (default: %(default)s)")
    p.add_argument("--cmake", default="cmake", help="cmake (default: %(default)s)")
    p.add_argument("--cxx", default="clang++-19",
                   help="compiler for configuring the sample project (default: %(default)s)")
    p.add_argument("-j", "--jobs", type=int, default=2,
                   help="fearless-ci -j in the end-to-end tests (default: %(default)s)")
    p.add_argument("--update-expected", action="store_true",
                   help="rewrite expected/ from this run's output")
    p.add_argument("--keep-temp", action="store_true", help="keep the temporary projects")
    p.add_argument("-k", dest="patterns", action="append", default=[],
                   help="only tests whose name contains this (repeatable)")
    p.add_argument("--no-skips", action="store_true",
                   help="count a skipped test as a failure (ctest: every test must run)")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()

    for name in ("fearless_tidy", "plugin"):
        value = getattr(args, name)
        if value:
            if not os.path.exists(value):
                p.error("--%s %s does not exist" % (name.replace("_", "-"), value))
            setattr(args, name, os.path.abspath(value))
    if args.fearless_tidy and not shutil.which(args.cxx):
        p.error("%s not found (needed to configure the sample project)" % args.cxx)
    support.CONFIG.update(fearless_tidy=args.fearless_tidy, plugin=args.plugin,
                          clang_tidy=args.clang_tidy, cmake=args.cmake, cxx=args.cxx,
                          jobs=args.jobs, update_expected=args.update_expected,
                          keep_temp=args.keep_temp)
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        sys.stderr.write("note: python3-jsonschema is missing: the SARIF schema test is skipped "
                         "(apt-get install python3-jsonschema)\n")

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = ["*%s*" % k for k in args.patterns]
    suite = unittest.TestSuite()
    for module in ("test_units", "test_ci_docs", "test_end_to_end"):
        suite.addTests(loader.loadTestsFromName(module))

    start = time.monotonic()
    try:
        result = unittest.TextTestRunner(verbosity=2 if args.verbose else 1).run(suite)
    finally:
        support.cleanup()
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    if args.no_skips:
        failed += skipped
    passed = result.testsRun - failed - skipped
    if result.skipped:
        reasons = sorted({reason for _, reason in result.skipped})
        sys.stdout.write("skipped: %s\n" % "; ".join(reasons))
    sys.stdout.write("%.1f s\n" % (time.monotonic() - start))
    sys.stdout.write("%d passed, %d failed, %d skipped\n" % (passed, failed, skipped))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
