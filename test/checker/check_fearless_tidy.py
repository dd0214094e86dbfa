#!/usr/bin/env python3
"""Runs one fearless check over one test file and verifies its output.

In the spirit of clang-tidy's own check tests, written for fearless:

  check_fearless_tidy.py [options] <source> <check-name> <temp-base> \
      [-- <clang-tidy args> [-- <compiler args>]]

The source file holds the expectations as comments:

  CHECK-MESSAGES[-SUFFIX]: warnings and errors; every one printed must be
                           matched, in order, and no other may appear.
  CHECK-NOTES[-SUFFIX]:    like CHECK-MESSAGES, but notes must be matched too.
  CHECK-FIXES[-SUFFIX]:    lines of the file after fix-its were applied. If a
                           run has none, the fix-its must leave the file as it
                           was.

The file is analysed once per language standard (-std=c++17,c++20 by
default), in a copy whose CHECK comments are blanked so that line numbers
stay and fixed output never matches its own patterns.

Before anything else the runner proves that the check is registered in the
clang-tidy it was given (a clang-tidy whose --load failed only prints a
warning and carries on, which would make every negative test pass).
"""

import argparse
import os
import re
import shlex
import subprocess
import sys


def fail(message):
    sys.stderr.write("check_fearless_tidy: error: " + message + "\n")
    sys.exit(1)


def run(command, **kwargs):
    """Runs a command, echoing it so that a failing lit test shows it."""
    sys.stderr.write("$ " + shlex.join(command) + "\n")
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clang-tidy", required=True,
                        help="the clang-tidy (or fearless-tidy) executable")
    parser.add_argument("--load", action="append", default=[],
                        help="a plugin for clang-tidy --load (repeatable)")
    parser.add_argument("--filecheck", default="FileCheck",
                        help="the FileCheck executable")
    parser.add_argument("-check-suffix", "-check-suffixes", dest="suffixes",
                        default="",
                        help="comma-separated suffixes of the CHECK prefixes")
    parser.add_argument("-std", dest="standards", default="c++17,c++20",
                        help="comma-separated language standards to test")
    parser.add_argument("-expect-clean", action="store_true",
                        help="the file has no CHECK lines: no diagnostic and "
                             "no fix-it may appear")
    parser.add_argument("source")
    parser.add_argument("check_name")
    parser.add_argument("temp_base")

    # Split "-- tidy args -- compiler args" off before argparse sees them.
    tidy_args, compiler_args = [], []
    if "--" in argv:
        split = argv.index("--")
        argv, rest = argv[:split], argv[split + 1:]
        if "--" in rest:
            split = rest.index("--")
            tidy_args, compiler_args = rest[:split], rest[split + 1:]
        else:
            tidy_args = rest
    args = parser.parse_args(argv)
    args.tidy_args = tidy_args
    args.compiler_args = compiler_args
    return args


def tidy_command(args):
    return [args.clang_tidy] + ["--load=" + plugin for plugin in args.load]


def prove_check_is_registered(args):
    listing = run(tidy_command(args) +
                  ["--list-checks", "-checks=-*," + args.check_name])
    enabled = [line.strip() for line in listing.stdout.splitlines()]
    if args.check_name not in enabled:
        fail("'%s' is not registered in %s%s; was the plugin loaded?\n"
             "clang-tidy said:\n%s%s" %
             (args.check_name, args.clang_tidy,
              " --load=" + ",".join(args.load) if args.load else "",
              listing.stdout, listing.stderr))


class Prefixes:
    """The CHECK prefixes of one suffix and whether the source uses them."""

    def __init__(self, source_text, suffix):
        tail = "-" + suffix if suffix else ""
        self.messages = "CHECK-MESSAGES" + tail
        self.notes = "CHECK-NOTES" + tail
        self.fixes = "CHECK-FIXES" + tail
        self.has_messages = self._used(source_text, self.messages)
        self.has_notes = self._used(source_text, self.notes)
        self.has_fixes = self._used(source_text, self.fixes)

    @staticmethod
    def _used(text, prefix):
        # The prefix itself or one of FileCheck's directive forms of it, but
        # not a longer prefix (CHECK-MESSAGES must not see CHECK-MESSAGES-X).
        directive = r"(-NEXT|-SAME|-NOT|-DAG|-LABEL|-EMPTY|-COUNT-[0-9]+)?:"
        return re.search(r"\b" + re.escape(prefix) + directive, text) \
            is not None

    def any(self):
        return self.has_messages or self.has_notes or self.has_fixes


def filecheck(args, input_file, prefixes, extra):
    command = [args.filecheck, "-input-file=" + input_file, args.source,
               "-check-prefixes=" + ",".join(prefixes)] + extra
    result = run(command)
    if result.returncode != 0:
        fail("FileCheck failed (%s):\n%s%s" %
             (",".join(prefixes), result.stdout, result.stderr))


def check_one_standard(args, source_text, all_prefixes, standard):
    base = "%s.%s" % (args.temp_base, standard.replace("+", "x"))
    extension = os.path.splitext(args.source)[1] or ".cpp"
    temp_source = base + extension
    # Blank every CHECK comment but keep the line, so diagnostics keep their
    # line numbers and the fixed file cannot match its own patterns: any
    # comment that holds a CHECK prefix, whatever precedes it, in // or /* */.
    cleaned = re.sub(r"//[^\r\n]*\bCHECK-[A-Za-z0-9_-]*:[^\r\n]*", "//",
                     source_text)
    cleaned = re.sub(r"/\*[^\r\n]*?\bCHECK-[A-Za-z0-9_-]*:.*?\*/", "/**/",
                     cleaned)
    leftover = re.search(r"\bCHECK-[A-Za-z0-9_-]*:", cleaned)
    if leftover:
        line = cleaned.count("\n", 0, leftover.start()) + 1
        fail("line %d of %s holds a CHECK prefix the runner cannot blank "
             "(put it in a // comment on its own line)" % (line, args.source))
    os.makedirs(os.path.dirname(os.path.abspath(temp_source)), exist_ok=True)
    with open(temp_source, "w") as out:
        out.write(cleaned)

    # No .clang-tidy file around the build tree may change the result: the
    # test's own -config (if any) is the whole configuration.
    isolation = [] if any(a.startswith(("-config", "--config"))
                          for a in args.tidy_args) else ["--config={}"]
    command = tidy_command(args) + [
        temp_source, "-fix", "--checks=-*," + args.check_name,
        "--header-filter=^$"] + isolation + args.tidy_args + [
        "--", "-std=" + standard] + args.compiler_args
    result = run(command)
    output = result.stdout
    if result.returncode != 0:
        fail("clang-tidy exited with %d for -std=%s:\n%s%s" %
             (result.returncode, standard, output, result.stderr))
    if "error:" in result.stderr and "plugin" in result.stderr:
        fail("clang-tidy reported a plugin error:\n" + result.stderr)
    messages_file = base + ".messages"
    with open(messages_file, "w") as out:
        out.write(output)
    with open(temp_source) as fixed:
        fixed_text = fixed.read()

    # One FileCheck run over every suffix's prefixes, so that the implicit
    # "no other diagnostic" rule sees all expected ones at once.
    message_prefixes = [p.notes for p in all_prefixes if p.has_notes] + \
        [p.messages for p in all_prefixes if p.has_messages]
    if message_prefixes:
        with_notes = any(p.has_notes for p in all_prefixes)
        filecheck(args, messages_file, message_prefixes,
                  ["-implicit-check-not={{warning|error%s}}:" %
                   ("|note" if with_notes else "")])
    else:
        unexpected = [line for line in output.splitlines()
                      if re.search(r": (warning|error):", line)]
        if unexpected:
            fail("unexpected diagnostics for -std=%s:\n%s" %
                 (standard, "\n".join(unexpected)))

    fix_prefixes = [p.fixes for p in all_prefixes if p.has_fixes]
    if fix_prefixes:
        filecheck(args, temp_source, fix_prefixes, ["-strict-whitespace"])
    elif fixed_text != cleaned:
        fail("fix-its changed the file but it has no CHECK-FIXES lines; "
             "fixed file:\n" + fixed_text)


def main():
    args = parse_arguments(sys.argv[1:])
    with open(args.source) as source:
        source_text = source.read()

    suffixes = [s.strip() for s in args.suffixes.split(",")] \
        if args.suffixes else [""]
    all_prefixes = [Prefixes(source_text, suffix) for suffix in suffixes]
    for prefixes, suffix in zip(all_prefixes, suffixes):
        if not prefixes.any() and not args.expect_clean:
            fail("no CHECK-MESSAGES, CHECK-NOTES or CHECK-FIXES lines for "
                 "suffix '%s' in %s; pass -expect-clean for a file that "
                 "must produce nothing" % (suffix, args.source))
        if prefixes.any() and args.expect_clean:
            fail("-expect-clean given but %s has CHECK lines for suffix '%s'"
                 % (args.source, suffix))

    prove_check_is_registered(args)
    for standard in args.standards.split(","):
        check_one_standard(args, source_text, all_prefixes, standard.strip())


if __name__ == "__main__":
    main()
