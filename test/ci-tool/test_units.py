"""Unit tests of fearless-ci's modules that need no checker: the YAML and
text parsers, fingerprints, baselines, diffs, escaping, documentation."""

import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import support  # noqa: F401  (puts the fearless_ci package on sys.path)
from fearless_ci import (baseline, codeclimate, compdb, docs, fingerprint, github,
                         gitdiff, includes, parse, runner, sarif, textout, tidyyaml)
from fearless_ci.model import Diagnostic, Finding, Location, Message, Replacement, TUResult
from fearless_ci.paths import ProjectPaths
from fearless_ci.progress import Progress
from fearless_ci.sources import SourceCache

# What clang-tidy 19 writes with --export-fixes (abridged from real runs):
# notes, a fix-it on a note, ranges, a note without a file, quotes, a
# double-quoted replacement with escapes.
EXPORTED = r"""---
MainSourceFile:  '@DIR@/a.cpp'
Diagnostics:
  - DiagnosticName:  fearless-typestate
    DiagnosticMessage:
      Message:         '''light'' was consumed by the transition ''next'''
      FilePath:        '@DIR@/a.cpp'
      FileOffset:      28
      Replacements:    []
    Notes:
      - Message:         '''next'' consumes ''light'' here'
        FilePath:        '@DIR@/a.cpp'
        FileOffset:      14
        Replacements:    []
      - Message:         make the transition '&&'-qualified
        FilePath:        '@DIR@/a.cpp'
        FileOffset:      0
        Replacements:
          - FilePath:        '@DIR@/a.cpp'
            Offset:          6
            Length:          0
            ReplacementText: ' &&'
    Level:           Warning
    BuildDirectory:  '@DIR@'
  - DiagnosticName:  misc-include-cleaner
    DiagnosticMessage:
      Message:         'no header providing "printf" is directly included'
      FilePath:        'a.cpp'
      FileOffset:      14
      Replacements:
        - FilePath:        '@DIR@/a.cpp'
          Offset:          0
          Length:          0
          ReplacementText: "#include <cstdio>\n\t\"q\"\\"
      Ranges:
        - FilePath:        '@DIR@/a.cpp'
          FileOffset:      14
          Length:          4
    Notes:
      - Message:         this fix will not be applied because it overlaps with another fix
        FilePath:        ''
        FileOffset:      0
        Replacements:    []
    Level:           Warning
    BuildDirectory:  '@DIR@'
  - DiagnosticName:  clang-diagnostic-error
    DiagnosticMessage:
      Message:         'unknown type name ''x'''
      FilePath:        '@DIR@/a.cpp'
      FileOffset:      28
      Replacements:    []
    Level:           Error
    BuildDirectory:  '@DIR@'
...
"""

SOURCE = "void f();\nvoid g() { f(); }\nint h() { return 1; }\n"

TEXT_OUTPUT = """\
3 warnings generated.
@DIR@/a.cpp:3:1: warning: 'light' was consumed by the transition 'next' [fearless-typestate]
    3 | int h() { return 1; }
      | ^
@DIR@/a.cpp:2:5: note: 'next' consumes 'light' here
    2 | void g() { f(); }
      |     ^
a.cpp:2:5: error: a promoted warning [fearless-detached-thread,-warnings-as-errors]
@DIR@/a.cpp:3:1: error: unknown type name 'x' [clang-diagnostic-error]
error: unable to handle compilation, expected exactly one compiler job [clang-diagnostic-error]
Suppressed 2 warnings (2 in non-user code).
"""


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="fearless-ci-unit-"))
        self.addCleanup(shutil.rmtree, self.dir, True)
        with open(os.path.join(self.dir, "a.cpp"), "w") as f:
            f.write(SOURCE)
        self.file = os.path.join(self.dir, "a.cpp")
        self.sources = SourceCache()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


class YamlReaderTest(unittest.TestCase):
    def test_clang_tidy_export(self):
        docs_ = tidyyaml.load_documents(EXPORTED)
        self.assertEqual(len(docs_), 1)
        diags = docs_[0]["Diagnostics"]
        self.assertEqual([d["DiagnosticName"] for d in diags],
                         ["fearless-typestate", "misc-include-cleaner", "clang-diagnostic-error"])
        self.assertEqual(diags[0]["DiagnosticMessage"]["Message"],
                         "'light' was consumed by the transition 'next'")
        self.assertEqual(diags[0]["DiagnosticMessage"]["Replacements"], [])
        note = diags[0]["Notes"][1]
        self.assertEqual(note["Message"], "make the transition '&&'-qualified")
        self.assertEqual(note["Replacements"][0]["ReplacementText"], " &&")
        self.assertEqual(note["Replacements"][0]["Offset"], "6")
        rep = diags[1]["DiagnosticMessage"]["Replacements"][0]
        self.assertEqual(rep["ReplacementText"], '#include <cstdio>\n\t"q"\\')
        self.assertEqual(diags[1]["Notes"][0]["FilePath"], "")

    def test_multi_line_single_quoted_folds(self):
        text = "A: 'one\n  two\n\n  three'\nB: 'x''y'\n"
        self.assertEqual(tidyyaml.load_documents(text), [{"A": "one two\nthree", "B": "x'y"}])

    def test_double_quoted_escapes(self):
        text = 'A: "\\x41\\u00e9\\U0001F600\\\\ \\" \\0"\n'
        self.assertEqual(tidyyaml.load_documents(text)[0]["A"], 'A\u00e9\U0001F600\\ " \0')

    def test_plain_scalars_stay_text(self):
        doc = tidyyaml.load_documents("A: 007\nB: ~\nC: plain text # comment\nD: []\nE: {}\n")[0]
        self.assertEqual(doc, {"A": "007", "B": None, "C": "plain text", "D": [], "E": {}})

    def test_sequence_at_key_indentation(self):
        doc = tidyyaml.load_documents("K:\n- a\n- 'b'\nL: 1\n")[0]
        self.assertEqual(doc, {"K": ["a", "b"], "L": "1"})

    def test_flow_sequence(self):
        self.assertEqual(tidyyaml.load_documents("K: [a, 'b,c', \"d\"]\n")[0],
                         {"K": ["a", "b,c", "d"]})

    def test_several_documents(self):
        self.assertEqual(len(tidyyaml.load_documents("---\nA: 1\n...\n---\nA: 2\n...\n")), 2)

    def test_unsupported_is_an_error(self):
        for bad in ("A: |\n  block\n", "A: 'unterminated\n", "A: {x: 1}\n", "A: &anchor 1\n"):
            with self.assertRaises(tidyyaml.YamlError, msg=bad):
                tidyyaml.load_documents(bad)

    def test_quote_round_trip(self):
        for value in ["plain", "it's", 'a "b"', "new\nline", "tab\there", "back\\slash", "",
                      "caf\u00e9", "\x01ctl"]:
            self.assertEqual(tidyyaml.load_documents("K: %s\n" % tidyyaml.quote(value))[0]["K"],
                             value, value)


class ParseTest(TempDirTest):
    def test_yaml_to_diagnostics(self):
        diags = parse.parse_yaml(EXPORTED.replace("@DIR@", self.dir), self.sources)
        self.assertEqual(len(diags), 3)
        d = diags[0]
        self.assertEqual(d.name, "fearless-typestate")
        self.assertEqual((d.message.location.line, d.message.location.column), (3, 1))
        self.assertEqual([(n.location.line, n.location.column) for n in d.notes], [(2, 5), (1, 1)])
        self.assertEqual(d.notes[1].replacements, [Replacement(self.file, 6, 0, " &&")])
        self.assertFalse(d.is_compiler_error)
        # A relative FilePath is taken from the build directory.
        self.assertEqual(diags[1].message.location.path, self.file)
        self.assertIsNone(diags[1].notes[0].location)
        self.assertTrue(diags[2].is_compiler_error)

    def test_text_output(self):
        diags = parse.parse_text(TEXT_OUTPUT.replace("@DIR@", self.dir), self.dir, self.sources)
        self.assertEqual([d.name for d in diags],
                         ["fearless-typestate", "fearless-detached-thread",
                          "clang-diagnostic-error", "clang-diagnostic-error"])
        first = diags[0]
        self.assertEqual(first.message.text, "'light' was consumed by the transition 'next'")
        self.assertEqual(first.message.location, Location(self.file, 3, 1, 28))
        self.assertEqual(len(first.notes), 1)
        self.assertEqual(first.notes[0].text, "'next' consumes 'light' here")
        promoted = diags[1]
        self.assertEqual((promoted.level, promoted.promoted), ("error", True))
        self.assertFalse(promoted.is_compiler_error)
        self.assertTrue(diags[2].is_compiler_error)
        self.assertIsNone(diags[3].message.location)

    def test_merge_prefers_yaml_and_keeps_text_only(self):
        yaml_d = parse.parse_yaml(EXPORTED.replace("@DIR@", self.dir), self.sources)
        text_d = parse.parse_text(TEXT_OUTPUT.replace("@DIR@", self.dir), self.dir, self.sources)
        merged = parse.merge(yaml_d, text_d)
        names = [d.name for d in merged]
        self.assertEqual(names.count("fearless-typestate"), 1)
        typestate = merged[names.index("fearless-typestate")]
        self.assertEqual(len(typestate.notes), 2, "the YAML's notes, with the fix-it")
        self.assertIn("fearless-detached-thread", names, "text-only diagnostic kept")
        self.assertEqual(parse.merge(None, text_d), text_d)

    def test_colour_codes_are_ignored(self):
        out = "\x1b[1m%s/a.cpp:1:1: \x1b[0m\x1b[0;1;35mwarning: \x1b[0m\x1b[1mm [fearless-x]\x1b[0m\n" % self.dir
        diags = parse.parse_text(out, self.dir)
        self.assertEqual([(d.name, d.message.text) for d in diags], [("fearless-x", "m")])


class ClassifyTest(unittest.TestCase):
    def diag(self, name, level="warning", promoted=False):
        return Diagnostic(name, level, Message("m", Location("/x.cpp", 1, 1)), promoted=promoted)

    def test_compiler_error_fails_the_tu(self):
        r = runner.classify(TUResult("/x.cpp", [self.diag("clang-diagnostic-error", "error")],
                                     returncode=1))
        self.assertEqual(r.failure, "m")
        self.assertEqual(r.failure_location, Location("/x.cpp", 1, 1))

    def test_warnings_as_errors_do_not(self):
        r = runner.classify(TUResult("/x.cpp", [self.diag("fearless-x", "error", True)], returncode=1))
        self.assertIsNone(r.failure)

    def test_failure_without_output(self):
        r = runner.classify(TUResult("/x.cpp", [], returncode=1,
                                     stderr="Error while processing /x.cpp.\n"))
        self.assertEqual(r.failure, "exited with code 1: Error while processing /x.cpp.")

    def test_crash(self):
        r = runner.classify(TUResult("/x.cpp", [self.diag("fearless-x")], returncode=-11))
        self.assertIn("signal 11", r.failure)

    def test_clean(self):
        self.assertIsNone(runner.classify(TUResult("/x.cpp", [], returncode=0)).failure)


class FingerprintTest(TempDirTest):
    CODE = """\
#include <thread>
void work();

void compute(bool fail) {
  std::thread t(work);
  if (fail) {
    return;
  }
  t.join();
}

void other(bool fail) {
  std::thread t(work);   // same text as in compute
  if (fail)
    return;
  t.join();
}

struct S {
  void run() {
    std::thread t(work);
  }
};

template <typename T>
T Tmpl<T>::get()
{
  auto g = [&] {
    std::thread t(work);
  };
}
"""

    def finding(self, path, line, check="fearless-unjoined-thread", message="m 12"):
        return Finding(Diagnostic(check, "warning", Message(message, Location(path, line, 15))))

    def test_enclosing_function(self):
        path = self.write("f.cpp", self.CODE)
        names = {line: fingerprint.enclosing_function(self.sources, path, line)
                 for line in (5, 7, 13, 21, 29)}
        self.assertEqual(names, {5: "compute", 7: "compute", 13: "other", 21: "run",
                                 29: "Tmpl<T>::get"})

    def test_function_heads(self):
        heads = {
            "void f() {": "f", "static int *g(int a,": "g", "Foo::Foo(int x)": "Foo::Foo",
            "  void run() const {": "run", "  ~Foo() {": "~Foo",
            "bool operator==(const A &, const A &) {": "operator==",
            "template <typename T> void h(T) {": "h",
            "  if (x) {": None, "  run([&] {": None, "  x = call(y,": None,
            "  threads.emplace_back([&] {": None, "  p->go([&] {": None,
            "void decl();": None, "} else if (x) {": None, "return f(": None,
        }
        for text, name in heads.items():
            self.assertEqual(fingerprint.function_head(text), name, text)

    def test_normalization(self):
        self.assertEqual(fingerprint.normalize_code("  std::thread  t( work ) ;  // why"),
                         fingerprint.normalize_code("std::thread t(work);"))
        self.assertNotEqual(fingerprint.normalize_code("int a;"), fingerprint.normalize_code("inta;"))
        self.assertEqual(fingerprint.normalize_message("started at line 12"), "started at line #")

    def assign(self, findings, root=None):
        paths = ProjectPaths(root or self.dir)
        fingerprint.assign(findings, SourceCache(), paths.relative)
        return [f.fingerprint for f in findings]

    def test_stable_under_unrelated_edits(self):
        path = self.write("f.cpp", self.CODE)
        before = self.assign([self.finding(path, 5), self.finding(path, 13)])
        # Lines added above, the finding's own line re-indented, another
        # line reformatted.
        shifted = "// header comment\n\n" + self.CODE.replace(
            "  std::thread t(work);\n  if (fail) {", "    std::thread   t(work);\n  if (fail)\n  {")
        self.write("f.cpp", shifted)
        after = self.assign([self.finding(path, 7), self.finding(path, 16)])
        self.assertEqual(before, after)

    def test_distinct_for_same_text_in_other_function_and_duplicates(self):
        path = self.write("f.cpp", self.CODE)
        fps = self.assign([self.finding(path, 5), self.finding(path, 13), self.finding(path, 21),
                           self.finding(path, 5, message="another")])
        self.assertEqual(len(set(fps)), 4)
        # Identical keys get an occurrence index.
        self.write("g.cpp", "void f() {\n  x();\n  x();\n}\n")
        g = os.path.join(self.dir, "g.cpp")
        fps = self.assign([self.finding(g, 3), self.finding(g, 2)])
        self.assertEqual(len(set(fps)), 2)

    def test_depends_on_relative_path_not_location_of_checkout(self):
        path = self.write("src/f.cpp", self.CODE)
        first = self.assign([self.finding(path, 5)])
        other = os.path.join(self.dir, "copy")
        os.makedirs(os.path.join(other, "src"))
        shutil.copy(path, os.path.join(other, "src", "f.cpp"))
        second = self.assign([self.finding(os.path.join(other, "src", "f.cpp"), 5)], root=other)
        self.assertEqual(first, second)


class BaselineTest(TempDirTest):
    def make(self, fp, path="src/a.cpp", check="fearless-x"):
        f = Finding(Diagnostic(check, "warning", Message("msg", Location(os.path.join(self.dir, path), 3, 1))))
        f.fingerprint, f.function, f.code = fp, "fn", "code();"
        return f

    def test_write_load_apply(self):
        out = os.path.join(self.dir, "b.json")
        rel = ProjectPaths(self.dir).relative
        baseline.write(out, [self.make("bb"), self.make("aa", "include/h.hpp")], ["src/broken.cpp"], rel)
        with open(out) as f:
            text = f.read()
        data = json.loads(text)
        self.assertEqual([e["fingerprint"] for e in data["findings"]], ["aa", "bb"], "sorted by file")
        self.assertNotIn("line", text, "no line numbers in a baseline")
        self.assertEqual(data["failed_to_parse"], ["src/broken.cpp"])
        self.assertTrue(text.endswith("}\n"))
        # Writing the same findings again gives the same bytes.
        baseline.write(out, [self.make("aa", "include/h.hpp"), self.make("bb")], ["src/broken.cpp"], rel)
        with open(out) as f:
            self.assertEqual(f.read(), text)
        loaded = baseline.load(out)
        findings = [self.make("aa"), self.make("cc")]
        stale = baseline.apply(findings, loaded)
        self.assertEqual([f.baselined for f in findings], [True, False])
        self.assertEqual(stale, {"bb"})

    def test_partial_write_keeps_other_files(self):
        out = os.path.join(self.dir, "b.json")
        rel = ProjectPaths(self.dir).relative
        baseline.write(out, [self.make("aa", "src/a.cpp"), self.make("bb", "src/b.cpp")], [], rel)
        old = baseline.load(out)
        baseline.write(out, [self.make("cc", "src/a.cpp")], [], rel, previous=old,
                       covered={"src/a.cpp"})
        self.assertEqual(sorted(baseline.load(out).fingerprints), ["bb", "cc"])

    def test_bad_files(self):
        from fearless_ci import ToolError
        with self.assertRaises(ToolError):
            baseline.load(os.path.join(self.dir, "missing.json"))
        bad = self.write("bad.json", "[1, 2]")
        with self.assertRaises(ToolError):
            baseline.load(bad)


class GitDiffTest(unittest.TestCase):
    DIFF = """\
diff --git a/src/a.cpp b/src/a.cpp
index 1..2 100644
--- a/src/a.cpp
+++ b/src/a.cpp
@@ -3,0 +4,2 @@ void f() {
+  x();
+  y();
@@ -10 +12 @@
-old
+new
@@ -20,2 +21,0 @@
-gone
-gone
diff --git a/old.cpp b/old.cpp
deleted file mode 100644
--- a/old.cpp
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git "a/sp\\303\\251cial.h" "b/sp\\303\\251cial.h"
--- "a/sp\\303\\251cial.h"
+++ "b/sp\\303\\251cial.h"
@@ -1 +1 @@
-a
+b
"""

    def test_parse(self):
        changes = gitdiff.parse_diff(self.DIFF, "/repo")
        self.assertEqual(changes[os.path.realpath("/repo/src/a.cpp")], {4, 5, 12, 21, 22})
        self.assertNotIn(os.path.realpath("/repo/old.cpp"), changes)
        self.assertEqual(changes[os.path.realpath("/repo/sp\u00e9cial.h")], {1})

    def test_is_changed(self):
        changes = {"/a": {3}, "/b": gitdiff.ALL_LINES}
        self.assertTrue(gitdiff.is_changed(changes, "/a", 3))
        self.assertFalse(gitdiff.is_changed(changes, "/a", 4))
        self.assertTrue(gitdiff.is_changed(changes, "/b", 999))
        self.assertFalse(gitdiff.is_changed(changes, "/c", 1))


class GithubTest(unittest.TestCase):
    def test_escaping(self):
        self.assertEqual(github.escape_data("100% a\r\nb:c,d"), "100%25 a%0D%0Ab:c,d")
        self.assertEqual(github.escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A")
        self.assertEqual(github.command("warning", "m: 1%\nnote", file="a,b.cpp", line=3, title="t:x"),
                         "::warning file=a%2Cb.cpp,line=3,title=t%3Ax::m: 1%25%0Anote")


class DocsTest(unittest.TestCase):
    def test_real_pages(self):
        rd = docs.RuleDocs(support.DOCS)
        for name in sorted(os.listdir(support.DOCS)):
            check = name[:-3]
            info = rd.rule(check)
            self.assertTrue(info["documented"], check)
            self.assertTrue(info["short"].startswith("Finds"), (check, info["short"]))
            self.assertNotIn("`", info["full"])
            self.assertEqual(info["help_uri"],
                             "https://github.com/fearless-cpp/fearless/blob/main/docs/checks/%s.md" % check)

    def test_page_parsing(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "fearless-x.md"), "w") as f:
                f.write("# fearless-x\n\nFinds `a` in [b](c.md). Then *more*.\nSecond line.\n\n"
                        "Other paragraph.\n")
            info = docs.RuleDocs(d).rule("fearless-x")
        self.assertEqual(info["short"], "Finds a in b.")
        self.assertEqual(info["full"], "Finds a in b. Then more. Second line.")
        self.assertEqual(info["full_markdown"], "Finds `a` in [b](c.md). Then *more*. Second line.")
        other = docs.RuleDocs(None).rule("bugprone-use-after-move")
        self.assertEqual(other["help_uri"],
                         "https://clang.llvm.org/extra/clang-tidy/checks/bugprone/use-after-move.html")


class CompdbAndIncludesTest(TempDirTest):
    def test_load_and_include_closure(self):
        self.write("inc/lib/a.hpp", '#pragma once\n#include "b.hpp"\n')
        self.write("inc/lib/b.hpp", "#pragma once\n#include <vector>\n")
        self.write("src/c.hpp", "int c();\n")
        self.write("src/main.cpp", '#include <lib/a.hpp>\n  #  include "c.hpp"\n')
        self.write("src/other.cpp", "int x;\n")
        build = os.path.join(self.dir, "build")
        db = [{"directory": build, "file": "../src/main.cpp",
               "command": "clang++ -I../inc -iquote /nowhere -c ../src/main.cpp"},
              {"directory": build, "file": os.path.join(self.dir, "src/other.cpp"),
               "arguments": ["clang++", "-I", "../inc", "-c", "x.cpp"]},
              {"directory": build, "file": "../src/main.cpp",
               "command": "clang++ -DSECOND -c ../src/main.cpp"}]
        self.write("build/compile_commands.json", json.dumps(db))
        units = compdb.load(build)
        self.assertEqual([u.file for u in units],
                         [os.path.join(self.dir, "src/main.cpp"), os.path.join(self.dir, "src/other.cpp")])
        self.assertEqual(len(units[0].entries), 2, "one TU per file, all its commands")
        quote, angle = compdb.include_dirs(units[0].entries[0])
        self.assertEqual((quote, angle), (["/nowhere"], [os.path.join(self.dir, "inc")]))
        scanner = includes.IncludeScanner(self.dir)
        self.assertEqual(scanner.closure(units[0]),
                         {os.path.join(self.dir, p) for p in ("inc/lib/a.hpp", "inc/lib/b.hpp", "src/c.hpp")})
        hit = includes.units_including(units, [os.path.join(self.dir, "inc/lib/b.hpp")], self.dir)
        self.assertEqual([u.file for u in hit], [units[0].file])

    def test_missing_database(self):
        from fearless_ci import ToolError
        with self.assertRaises(ToolError) as ctx:
            compdb.load(self.dir)
        self.assertIn("compile_commands.json", str(ctx.exception))


class ReportTest(TempDirTest):
    def finding(self):
        d = Diagnostic("fearless-x", "warning",
                       Message("bad \u00e9", Location(self.file, 2, 12, 21)),
                       [Message("note here", Location(self.file, 1, 6, 5),
                                [Replacement(self.file, 8, 0, " &&")])])
        f = Finding(d, [self.file])
        f.fingerprint = "ff"
        return f

    def test_text(self):
        paths = ProjectPaths(self.dir, cwd=self.dir)
        text = textout.render([self.finding()], paths, self.sources)
        self.assertEqual(text, (
            "a.cpp:2:12: warning: bad \u00e9 [fearless-x]\n"
            "    2 | void g() { f(); }\n"
            "      |            ^\n"
            "a.cpp:1:6: note: note here\n"
            "    1 | void f();\n"
            "      |      ^\n"
            'fix-it:"a.cpp":{1:9-1:9}:" &&"\n'))

    def test_codeclimate(self):
        issue = codeclimate.issue(self.finding(), ProjectPaths(self.dir))
        self.assertEqual(issue["location"], {"path": "a.cpp", "lines": {"begin": 2, "end": 2}})
        self.assertEqual((issue["check_name"], issue["fingerprint"], issue["severity"]),
                         ("fearless-x", "ff", "major"))

    def test_sarif_fix_regions(self):
        b = sarif._Builder(ProjectPaths(self.dir), self.sources)
        fix = b.fix("d", [Replacement(self.file, 8, 0, " &&")])
        self.assertEqual(fix["artifactChanges"][0]["replacements"][0]["deletedRegion"],
                         {"startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 9})

    def test_export_fixes_round_trip(self):
        from fearless_ci import fixes
        text = fixes.render([self.finding()])
        back = parse.parse_yaml(text, self.sources)
        self.assertEqual(back[0].notes[0].replacements, [Replacement(self.file, 8, 0, " &&")])
        self.assertEqual(back[0].message.text, "bad \u00e9")

    def test_code_point_columns(self):
        path = self.write("u.cpp", "/* \u00e9\u00e9 */ x;\n")
        self.assertEqual(self.sources.code_point_column(path, 1, 11), 9)


class ProgressTest(unittest.TestCase):
    def test_plain_lines_when_forced(self):
        out = io.StringIO()
        p = Progress(2, "always", stream=out)
        p.update(TUResult("/a.cpp", [], duration=0.5))
        p.update(TUResult("/b.cpp", [], failure="x"))
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("[1/2] 0 findings", lines[0])
        self.assertIn("ETA", lines[0])
        self.assertIn("1 failed", lines[1])
        self.assertNotIn("\r", out.getvalue())

    def test_quiet_when_not_a_terminal(self):
        out = io.StringIO()
        p = Progress(1, "auto", stream=out)
        p.update(TUResult("/a.cpp", []))
        p.finish()
        self.assertEqual(out.getvalue(), "")


class SummaryTest(unittest.TestCase):
    def test_table(self):
        from fearless_ci import summary
        paths = ProjectPaths("/p")
        found = []
        for check, baselined in (("fearless-b", False), ("fearless-a", True), ("fearless-b", False)):
            f = Finding(Diagnostic(check, "warning", Message("m", Location("/p/src/x.cpp", 1, 1))))
            f.baselined = baselined
            found.append(f)
        failed = [TUResult("/p/src/bad.cpp", failure="boom",
                           failure_location=Location("/p/src/bad.cpp", 3, 4))]
        text = summary.render({"units": 4, "seconds": 1.25, "jobs": 2, "skipped_outside": 1},
                              found, failed, paths, stale=2)
        self.assertEqual(text.splitlines(), [
            "fearless-ci: 4 translation units in 1.2 s (-j 2): 2 new findings, 1 in the baseline, "
            "1 failed to parse",
            "  check         new  baselined",
            "  fearless-a      0          1",
            "  fearless-b      2          0",
            "  files with new findings:",
            "    src/x.cpp (2)",
            "  failed to parse (not analysed), 1:",
            "    src/bad.cpp: boom at src/bad.cpp:3:4",
            "  1 finding outside /p not reported (--all-files shows them)",
            "  2 baseline entries no longer found (fixed?): --write-baseline drops them",
        ])


class GitToplevelTest(unittest.TestCase):
    def test_not_a_repository(self):
        with tempfile.TemporaryDirectory() as d:
            if subprocess.run(["git", "-C", d, "rev-parse"], capture_output=True).returncode == 0:
                self.skipTest("the temporary directory is inside a git work tree")
            self.assertIsNone(gitdiff.toplevel(d))


if __name__ == "__main__":
    unittest.main()
