"""End-to-end tests: fearless-ci on the sample project with the real checker.

The sample project (sample-project/) is copied to a temporary directory and
configured with CMake (compile_commands.json only, never built). Tests that
edit sources get a copy of their own, whose compile_commands.json is the
configured one with the paths rewritten (configuring costs more than the
checks here).
"""

import json
import os
import pty
import re
import shutil
import subprocess
import unittest

import support
from support import CONFIG, check_expected, edit, git, run_ci

SKIP_REASON = "needs --fearless-tidy (the checker) to run"

_fixture = {}


def fixture():
    """The configured sample project shared by the read-only tests."""
    if not _fixture:
        base = support.temp_dir("shared")
        project = support.copy_sample(os.path.join(base, "project"))
        build = support.configure(project, os.path.join(base, "build"))
        _fixture.update(base=base, project=project, build=build)
    return _fixture


def private_copy(name):
    """A copy of the configured project that a test may edit."""
    shared = fixture()
    base = support.temp_dir(name)
    project = support.copy_sample(os.path.join(base, "project"))
    build = os.path.join(base, "build")
    os.makedirs(build)
    with open(os.path.join(shared["build"], "compile_commands.json")) as f:
        text = f.read()
    text = text.replace(shared["project"], project).replace(shared["build"], build)
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        f.write(text)
    return project, build


def jobs():
    return ["-j", str(CONFIG.get("jobs", 2))]


def warnings_in(text):
    """The 'file:line:col: warning|error: ... [check]' lines of a text report."""
    return [l for l in text.splitlines() if re.match(r"^\S+:\d+:\d+: (warning|error): .*\[[\w.-]+\]$", l)]


def normalize(text, fx):
    return text.replace(fx["project"], "@ROOT@").replace(fx["build"], "@BUILD@")


def needs_checker(cls):
    return unittest.skipUnless(CONFIG["fearless_tidy"], SKIP_REASON)(cls)


@needs_checker
class FullRunTest(unittest.TestCase):
    """One run over the whole project with every report at once."""

    @classmethod
    def setUpClass(cls):
        fx = cls.fx = fixture()
        cls.out = os.path.join(fx["base"], "reports")
        cls.summary_md = os.path.join(fx["base"], "step-summary.md")
        cls.proc = run_ci(support.tidy_args() + jobs() + [
            "-p", fx["build"], "--root", fx["project"],
            "--sarif", os.path.join(cls.out, "fearless.sarif"),
            "--codeclimate", os.path.join(cls.out, "codeclimate.json"),
            "--export-fixes", os.path.join(cls.out, "fixes.yaml"),
            "--github"], cwd=fx["project"], env={"GITHUB_STEP_SUMMARY": cls.summary_md})
        cls.text = "".join(l + "\n" for l in cls.proc.stdout.splitlines() if not l.startswith("::"))
        cls.github = "".join(l + "\n" for l in cls.proc.stdout.splitlines() if l.startswith("::"))
        with open(os.path.join(cls.out, "fearless.sarif")) as f:
            cls.sarif = json.load(f)
        with open(os.path.join(cls.out, "codeclimate.json")) as f:
            cls.codeclimate = json.load(f)

    def test_exit_code_is_1_for_findings(self):
        self.assertEqual(self.proc.returncode, 1, self.proc.stderr)

    def test_text_report(self):
        check_expected(self, "report.txt", self.text)

    def test_github_annotations(self):
        check_expected(self, "github.txt", self.github)
        self.assertIn("::warning file=src/compute.cpp,line=11,col=15,title=fearless-unjoined-thread::", self.github)
        self.assertIn("%0Anote: src/compute.cpp:13:5: 't' is destroyed here", self.github)
        self.assertIn("::error file=src/broken.cpp,line=7,col=17,title=fearless-ci%3A not analysed::", self.github)

    def test_github_step_summary(self):
        with open(self.summary_md) as f:
            md = f.read()
        self.assertIn("### fearless-ci", md)
        self.assertIn("| `fearless-unjoined-thread` | 3 | 0 |", md)
        self.assertIn("`src/broken.cpp`", md)

    def test_codeclimate(self):
        check_expected(self, "codeclimate.json", json.dumps(self.codeclimate, indent=2) + "\n")
        for issue in self.codeclimate:
            for key in ("description", "check_name", "fingerprint", "severity"):
                self.assertTrue(issue[key], key)
            self.assertFalse(os.path.isabs(issue["location"]["path"]))
            self.assertIsInstance(issue["location"]["lines"]["begin"], int)
        self.assertEqual(len({i["fingerprint"] for i in self.codeclimate}), len(self.codeclimate))

    def test_export_fixes(self):
        with open(os.path.join(self.out, "fixes.yaml")) as f:
            text = f.read()
        check_expected(self, "fixes.yaml", normalize(text, self.fx))

    def test_export_fixes_apply_with_clang_apply_replacements(self):
        tool = shutil.which("clang-apply-replacements-19") or shutil.which("clang-apply-replacements")
        if not tool:
            self.skipTest("clang-apply-replacements is not installed")
        project, _ = private_copy("apply")
        fixes_dir = os.path.join(os.path.dirname(project), "fixes")
        os.makedirs(fixes_dir)
        with open(os.path.join(self.out, "fixes.yaml")) as f:
            text = f.read().replace(self.fx["project"], project)
        with open(os.path.join(fixes_dir, "fixes.yaml"), "w") as f:
            f.write(text)
        proc = subprocess.run([tool, fixes_dir], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(os.path.join(project, "src", "traffic.cpp")) as f:
            self.assertIn("TrafficLight<Yellow> next() &&;", f.read())

    def test_header_finding_is_reported_once(self):
        header = [l for l in warnings_in(self.text) if l.startswith("include/sample/background.hpp:")]
        self.assertEqual(len(header), 1, self.text)
        result = [r for r in self.sarif["runs"][0]["results"]
                  if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  == "include/sample/background.hpp"]
        self.assertEqual(len(result), 1)
        self.assertEqual(sorted(result[0]["properties"]["translationUnits"]),
                         ["src/compute.cpp", "src/orders.cpp", "src/report.cpp"])
        self.assertEqual(sum(1 for i in self.codeclimate
                             if i["location"]["path"] == "include/sample/background.hpp"), 1)

    def test_failed_tu_is_listed(self):
        self.assertIn("failed to parse (not analysed), 1:", self.proc.stderr)
        self.assertIn("src/broken.cpp: unknown type name 'undeclared_function'", self.proc.stderr)
        self.assertIn("src/broken.cpp: error: not analysed, failed to parse", self.text)
        invocation = self.sarif["runs"][0]["invocations"][0]
        self.assertFalse(invocation["executionSuccessful"])
        notes = invocation["toolExecutionNotifications"]
        self.assertEqual(len(notes), 1)
        self.assertIn("src/broken.cpp", notes[0]["message"]["text"])

    def test_summary_table(self):
        err = self.proc.stderr
        self.assertIn("7 translation units", err)
        self.assertIn("6 new findings", err)
        self.assertRegex(err, r"fearless-unjoined-thread\s+3\s+0")
        self.assertRegex(err, r"fearless-typestate\s+1\s+0")
        self.assertRegex(err, r"in \d+\.\d s")
        self.assertIn("src/compute.cpp (2)", err)

    def test_sarif_is_valid_against_the_official_schema(self):
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema is not installed: SARIF not validated "
                          "(apt-get install python3-jsonschema)")
        with open(support.SCHEMA) as f:
            schema = json.load(f)
        # The format checker checks what it can without extra packages
        # (date-time among them).
        checker = getattr(jsonschema.Draft4Validator, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
        validator = jsonschema.Draft4Validator(schema, format_checker=checker)
        errors = sorted(validator.iter_errors(self.sarif), key=lambda e: list(e.path))
        self.assertEqual([], ["%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errors])

    def test_sarif_content(self):
        from fearless_ci import docs
        self.assertEqual(self.sarif["version"], "2.1.0")
        run = self.sarif["runs"][0]
        driver = run["tool"]["driver"]
        rules = {r["id"]: r for r in driver["rules"]}
        results = run["results"]
        self.assertEqual(len(results), 6)
        for check in {r["ruleId"] for r in results}:
            rule = rules[check]
            _, paragraph = docs.read_page(os.path.join(support.DOCS, check + ".md"))
            self.assertEqual(rule["fullDescription"]["markdown"], paragraph)
            self.assertEqual(rule["fullDescription"]["text"], docs.markdown_to_text(paragraph))
            self.assertTrue(rule["fullDescription"]["text"].startswith(rule["shortDescription"]["text"]))
            self.assertEqual(rule["helpUri"],
                             "https://github.com/fearless-cpp/fearless/blob/main/docs/checks/%s.md" % check)
        self.assertEqual(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file://" + self.fx["project"] + "/")
        by_fp = {i["fingerprint"]: i for i in self.codeclimate}
        for r in results:
            self.assertEqual(driver["rules"][r["ruleIndex"]]["id"], r["ruleId"])
            self.assertEqual(r["level"], "warning")
            loc = r["locations"][0]["physicalLocation"]
            self.assertEqual(loc["artifactLocation"]["uriBaseId"], "SRCROOT")
            self.assertFalse(loc["artifactLocation"]["uri"].startswith("/"))
            self.assertIn(r["partialFingerprints"]["fearlessFingerprint/v1"], by_fp)
            steps = r["codeFlows"][0]["threadFlows"][0]["locations"]
            self.assertEqual(len(steps), len(r["relatedLocations"]) + 1)
        escaping = [r for r in results if r["ruleId"] == "fearless-thread-escaping-borrow"][0]
        self.assertEqual([l["message"]["text"] for l in escaping["relatedLocations"]],
                         ["'sent' is borrowed by reference here", "'orders' is borrowed by reference here",
                          "the thread is detached here"])
        self.assertEqual(escaping["relatedLocations"][2]["physicalLocation"]["region"],
                         {"startLine": 14, "startColumn": 12})
        typestate = [r for r in results if r["ruleId"] == "fearless-typestate"][0]
        fix = typestate["fixes"][0]
        change = fix["artifactChanges"][0]
        self.assertEqual(change["artifactLocation"]["uri"], "src/traffic.cpp")
        self.assertEqual(change["replacements"], [{
            "deletedRegion": {"startLine": 12, "startColumn": 30, "endLine": 12, "endColumn": 30},
            "insertedContent": {"text": " &&"}}])
        self.assertNotIn("baselineState", typestate, "no baseline given")


@needs_checker
class PluginTest(unittest.TestCase):
    def test_plugin_gives_the_same_findings(self):
        if not CONFIG["plugin"]:
            self.skipTest("needs --plugin")
        fx = fixture()
        files = ["--files", r"src/(orders|traffic)\.cpp$"]
        common = jobs() + ["-p", fx["build"], "--root", fx["project"], "--no-snippets"] + files
        plugin = run_ci(["--plugin", CONFIG["plugin"], "--clang-tidy", CONFIG["clang_tidy"]] + common,
                        cwd=fx["project"])
        self.assertEqual(plugin.returncode, 1, plugin.stderr)
        # The same findings as fearless-tidy's full run has for these files.
        with open(support.expected_path("report.txt")) as f:
            standalone = [l for l in warnings_in(f.read())
                          if re.match(r"(src/orders|src/traffic|include/sample/background)\.", l)]
        self.assertEqual(warnings_in(plugin.stdout), standalone)
        self.assertEqual(len(standalone), 4)


@needs_checker
class ExitCodeTest(unittest.TestCase):
    def run_error(self, args, cwd=None, needle=None):
        fx = fixture()
        proc = run_ci(args, cwd=cwd or fx["project"])
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, "one-line reason: %r" % proc.stderr)
        self.assertTrue(lines[0].startswith("fearless-ci: error: "), lines[0])
        if needle:
            self.assertIn(needle, lines[0])
        self.assertEqual(proc.stdout, "")
        return lines[0]

    def test_clean_project_exits_0(self):
        fx = fixture()
        # No --root: the copy is not in git, so the root is the current directory.
        proc = run_ci(support.tidy_args() + ["-p", fx["build"], "--files", r"src/version\.cpp$"],
                      cwd=fx["project"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertIn("1 translation unit in", proc.stderr)
        self.assertIn("0 new findings", proc.stderr)

    def test_missing_compile_commands(self):
        empty = support.temp_dir("empty")
        self.run_error(support.tidy_args() + ["-p", empty], needle="compile_commands.json")

    def test_missing_build_dir(self):
        self.run_error(support.tidy_args() + ["-p", "/nonexistent/build"], needle="does not exist")

    def test_plugin_that_does_not_exist(self):
        fx = fixture()
        self.run_error(["--plugin", "/nonexistent/libFearlessTidyPlugin.so", "--clang-tidy",
                        CONFIG["clang_tidy"], "-p", fx["build"]], needle="no such file")

    def test_plugin_that_does_not_load(self):
        if not shutil.which(CONFIG["clang_tidy"]):
            self.skipTest("%s not installed" % CONFIG["clang_tidy"])
        fx = fixture()
        bad = os.path.join(fx["base"], "libBroken.so")
        with open(bad, "w") as f:
            f.write("not a shared object\n")
        self.run_error(["--plugin", bad, "--clang-tidy", CONFIG["clang_tidy"], "-p", fx["build"]],
                       needle="did not load")

    def test_clang_tidy_without_the_checks(self):
        if not shutil.which(CONFIG["clang_tidy"]):
            self.skipTest("%s not installed" % CONFIG["clang_tidy"])
        fx = fixture()
        self.run_error(["--clang-tidy", CONFIG["clang_tidy"], "-p", fx["build"]],
                       needle="no checks enabled")

    def test_checks_that_enable_no_fearless_check(self):
        fx = fixture()
        self.run_error(support.tidy_args() + ["-p", fx["build"], "--checks=-*,bugprone-use-after-move"],
                       needle="enables no fearless-* check")

    def test_checker_not_found(self):
        fx = fixture()
        self.run_error(["--fearless-tidy", "/nonexistent/fearless-tidy", "-p", fx["build"]],
                       needle="not an executable")

    def test_fearless_tidy_not_on_path(self):
        fx = fixture()
        proc = run_ci(["-p", fx["build"]], cwd=fx["project"], env={"PATH": "/nonexistent"})
        self.assertEqual(proc.returncode, 2)
        self.assertIn("fearless-tidy not found", proc.stderr)

    def test_files_matching_nothing(self):
        fx = fixture()
        self.run_error(support.tidy_args() + ["-p", fx["build"], "--files", "no-such-file"],
                       needle="no translation unit matches")

    def test_usage_errors(self):
        fx = fixture()
        self.run_error(support.tidy_args() + ["-p", fx["build"], "--changed-lines-only"],
                       needle="needs --diff-base")
        proc = run_ci(["--no-such-option"], cwd=fx["project"])
        self.assertEqual(proc.returncode, 2)
        proc = run_ci(["-p", fx["build"], "-j", "0"], cwd=fx["project"])
        self.assertEqual(proc.returncode, 2)

    def test_help_and_version(self):
        fx = fixture()
        proc = run_ci(["--help"], cwd=fx["project"])
        self.assertEqual(proc.returncode, 0)
        for option in ("--files", "--diff-base", "--changed-lines-only", "-j", "--fearless-tidy",
                       "--plugin", "--clang-tidy", "--checks", "--config-file", "--extra-arg",
                       "--sarif", "--github", "--codeclimate", "--export-fixes", "--root",
                       "--baseline", "--write-baseline", "--progress", "exit status"):
            self.assertIn(option, proc.stdout)
        proc = run_ci(["--version"], cwd=fx["project"])
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout, r"^fearless-ci \d+\.\d+\.\d+\n$")


@needs_checker
class ConfigTest(unittest.TestCase):
    def test_config_file_and_dot_clang_tidy(self):
        project, build = private_copy("config")
        common = support.tidy_args() + ["-p", build, "--root", project, "--no-snippets",
                                        "--files", r"src/orders\.cpp$"]
        config = os.path.join(os.path.dirname(project), "only-detached.yaml")
        with open(config, "w") as f:
            f.write("Checks: '-*,fearless-detached-thread'\n")
        proc = run_ci(common + ["--checks=", "--config-file", config], cwd=project)
        checks = {re.search(r"\[([\w-]+)\]$", l).group(1) for l in warnings_in(proc.stdout)}
        self.assertEqual(checks, {"fearless-detached-thread"}, proc.stdout + proc.stderr)
        # .clang-tidy next to the sources is read when --checks is empty.
        with open(os.path.join(project, ".clang-tidy"), "w") as f:
            f.write("Checks: '-*,fearless-thread-escaping-borrow'\n")
        proc = run_ci(common + ["--checks="], cwd=project)
        checks = {re.search(r"\[([\w-]+)\]$", l).group(1) for l in warnings_in(proc.stdout)}
        self.assertEqual(checks, {"fearless-thread-escaping-borrow"}, proc.stdout + proc.stderr)

    def test_warnings_as_errors_are_findings_not_parse_failures(self):
        fx = fixture()
        proc = run_ci(support.tidy_args() + ["-p", fx["build"], "--root", fx["project"], "--no-snippets",
                                             "--files", r"src/compute\.cpp$",
                                             "--tidy-arg=--warnings-as-errors=fearless-*"], cwd=fx["project"])
        self.assertEqual(proc.returncode, 1)
        self.assertNotIn("failed to parse", proc.stderr)
        self.assertIn("src/compute.cpp:11:15: error: 't' may still be joinable", proc.stdout)


@needs_checker
class BaselineTest(unittest.TestCase):
    def test_round_trip(self):
        project, build = private_copy("baseline")
        base = os.path.join(project, ".fearless-baseline.json")
        sarif_out = os.path.join(os.path.dirname(project), "b.sarif")
        cc = os.path.join(os.path.dirname(project), "cc.json")
        common = support.tidy_args() + jobs() + ["-p", build, "--root", project, "--no-snippets",
                                                 "--files", r"src/(compute|orders)\.cpp$"]

        # 1. Record the current findings: exit 0, a sorted, line-free file.
        proc = run_ci(common + ["--write-baseline", base], cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(base) as f:
            text = f.read()
        data = json.loads(text)
        self.assertEqual(len(data["findings"]), 5)
        self.assertEqual(data["failed_to_parse"], [])
        self.assertEqual(sorted({e["file"] for e in data["findings"]}),
                         ["include/sample/background.hpp", "src/compute.cpp", "src/orders.cpp"])
        self.assertNotIn('"line"', text)
        self.assertEqual({e["function"] for e in data["findings"] if e["file"] == "src/compute.cpp"},
                         {"compute", "compute_twice"})
        check_expected(self, "baseline.json", text)

        # 2. Same code: nothing new, exit 0; SARIF keeps them as suppressed,
        # the fixes file has them all.
        fixes_out = os.path.join(os.path.dirname(project), "fixes.yaml")
        proc = run_ci(common + ["--baseline", base, "--sarif", sarif_out, "--export-fixes", fixes_out],
                      cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(warnings_in(proc.stdout), [])
        self.assertIn("0 new findings, 5 in the baseline", proc.stderr)
        with open(sarif_out) as f:
            results = json.load(f)["runs"][0]["results"]
        self.assertEqual(len(results), 5)
        self.assertTrue(all(r["baselineState"] == "unchanged" and r["suppressions"] for r in results))
        with open(fixes_out) as f:
            self.assertEqual(f.read().count("- DiagnosticName:"), 5)

        # 3. Unrelated edits above and around the findings: still nothing new.
        compute = os.path.join(project, "src", "compute.cpp")
        edit(compute, "namespace sample {\n",
             "namespace sample {\n\n// A helper added above the findings.\nint helper(int x) { return x + 1; }\n")
        edit(compute, "  if (fail)\n    return;\n  t.join();\n}\n\nvoid compute_twice",
             "  if (fail)   return;\n  t.join();\n}\n\nvoid compute_twice")
        edit(os.path.join(project, "src", "orders.cpp"), "  reporter.detach();",
             "  // detached on purpose\n      reporter.detach();")
        proc = run_ci(common + ["--baseline", base], cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("0 new findings, 5 in the baseline", proc.stderr)

        # 4. A new bug: exactly one new finding, exit 1.
        edit(compute, "\n} // namespace sample",
             "\nvoid forgotten() {\n  std::thread t(work);\n}\n\n} // namespace sample")
        proc = run_ci(common + ["--baseline", base, "--codeclimate", cc], cwd=project)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        new = warnings_in(proc.stdout)
        self.assertEqual(len(new), 1, proc.stdout)
        self.assertIn("at the end of 'forgotten'", new[0])
        with open(cc) as f:
            issues = json.load(f)
        self.assertEqual(len(issues), 1)
        self.assertIn("1 new finding, 5 in the baseline", proc.stderr)

    def test_new_parse_failure_fails_even_with_baseline(self):
        project, build = private_copy("baseline-broken")
        base = os.path.join(project, "b.json")
        common = support.tidy_args() + ["-p", build, "--root", project, "--no-snippets",
                                        "--files", r"src/version\.cpp$"]
        self.assertEqual(run_ci(common + ["--write-baseline", base], cwd=project).returncode, 0)
        edit(os.path.join(project, "src", "version.cpp"), "return 1;", "return 1")
        proc = run_ci(common + ["--baseline", base], cwd=project)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("src/version.cpp: expected ';'", proc.stderr)
        proc = run_ci(common + ["--baseline", base, "--allow-parse-errors"], cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stderr)


@needs_checker
class DiffBaseTest(unittest.TestCase):
    def test_diff_base(self):
        project, build = private_copy("diff")
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "sample")
        common = support.tidy_args() + ["-p", build, "--no-snippets"]

        # Nothing changed: nothing to check, exit 0 (root: the repository).
        proc = run_ci(common + ["--diff-base", "HEAD"], cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("no translation unit changed since HEAD", proc.stderr)

        # A changed header selects the TUs that include it.
        header = os.path.join(project, "include", "sample", "background.hpp")
        edit(header, "#pragma once\n", "#pragma once\n// touched\n")
        proc = run_ci(common + ["--diff-base", "HEAD", "--dry-run"], cwd=project)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        selected = sorted(os.path.relpath(l.split()[-1], project) for l in proc.stdout.splitlines())
        self.assertEqual(selected, ["src/compute.cpp", "src/orders.cpp", "src/report.cpp"])
        git(project, "commit", "-q", "-am", "touch the header")

        # A new bug in one file: that TU only; with --changed-lines-only,
        # only the new finding.
        compute = os.path.join(project, "src", "compute.cpp")
        edit(compute, "\n} // namespace sample",
             "\nvoid forgotten() {\n  std::thread t(work);\n}\n\n} // namespace sample")
        proc = run_ci(common + ["--diff-base", "HEAD"], cwd=project)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("1 translation unit in", proc.stderr)
        self.assertEqual(len(warnings_in(proc.stdout)), 4, proc.stdout)  # 3 in compute.cpp + header
        proc = run_ci(common + ["--diff-base", "HEAD", "--changed-lines-only"], cwd=project)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual([re.sub(r":\d+:\d+:", ":L:C:", l) for l in warnings_in(proc.stdout)],
                         ["src/compute.cpp:L:C: warning: 't' may still be joinable when it is destroyed "
                          "at the end of 'forgotten' (std::terminate) [fearless-unjoined-thread]"])

        # Committed: HEAD~1 (and the merge-base form) still see the change.
        git(project, "commit", "-q", "-am", "bug")
        proc = run_ci(common + ["--diff-base", "HEAD~1", "--changed-lines-only"], cwd=project)
        self.assertEqual(len(warnings_in(proc.stdout)), 1, proc.stdout + proc.stderr)
        proc = run_ci(common + ["--diff-base", "nonexistent-ref"], cwd=project)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not a commit", proc.stderr)


@needs_checker
class ProgressTest(unittest.TestCase):
    def test_progress_lines_in_ci_logs_only_when_asked(self):
        fx = fixture()
        common = support.tidy_args() + ["-p", fx["build"], "--root", fx["project"],
                                        "--files", r"src/(version|traffic)\.cpp$", "-j", "1"]
        quiet = run_ci(common, cwd=fx["project"])
        self.assertNotIn("[1/2]", quiet.stderr)
        loud = run_ci(common + ["--progress"], cwd=fx["project"])
        self.assertIn("[1/2]", loud.stderr)
        self.assertIn("[2/2]", loud.stderr)
        self.assertIn("ETA", loud.stderr)
        self.assertNotIn("\r", loud.stderr)

    def test_progress_line_on_a_terminal(self):
        fx = fixture()
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [support.sys.executable, support.TOOL] + support.tidy_args() +
            ["-p", fx["build"], "--root", fx["project"], "--files", r"src/(version|traffic)\.cpp$",
             "-j", "1", "--no-text"],
            cwd=fx["project"], stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        data = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.close(master)
        proc.wait()
        text = data.decode("utf-8", "replace")
        self.assertIn("\r[1/2]", text)
        self.assertIn("ETA", text)
        self.assertIn("2 translation units", text)


if __name__ == "__main__":
    unittest.main()
