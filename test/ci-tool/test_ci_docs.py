"""Tests of the CI guide (docs/ci.md) and its example files (docs/ci/): the
GitHub workflow, the GitLab job and the pre-commit config are parsed
(python3-yaml) and checked for the structure that makes them work; the git
hook is syntax-checked and run against a stand-in fearless-ci; every
fearless-ci option they use must exist in `fearless-ci --help`; the files
must appear in docs/ci.md as they are. No checker needed."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import support

try:
    import yaml
except ImportError:
    yaml = None

DOCS = os.path.join(support.REPO, "docs")
CI_MD = os.path.join(DOCS, "ci.md")
CI_DIR = os.path.join(DOCS, "ci")
GITHUB = "github-actions.yml"
GITLAB = "gitlab-ci.yml"
HOOK = "pre-commit"
PRE_COMMIT = "pre-commit-config.yaml"
FILES = (GITHUB, GITLAB, HOOK, PRE_COMMIT)
NO_YAML = ("python3-yaml is not installed: the CI examples are not parsed "
           "(apt-get install python3-yaml)")

# The options docs/ci.md must describe (its "Options for CI" table).
CI_OPTIONS = ("-j", "--files", "--diff-base", "--changed-lines-only", "--sarif", "--github",
              "--codeclimate", "--export-fixes", "--baseline", "--write-baseline",
              "--plugin", "--clang-tidy", "--progress")

# `fearless-ci` as a command word: at the start of a line or after a blank,
# a quote, `(`, `;`, `&`, `|` or `:`, optionally with a directory; followed
# by a blank or the end of the line (so not `fearless-ci:`, `fearless-ci/`).
COMMAND = re.compile(r"(?:^|(?<=[\s\"'`(;&|:]))(?:[\w.$/{}-]*/)?fearless-ci(?=[ \t]|$)",
                     re.MULTILINE)
SHELL_COMMENT = re.compile(r"(?:^|(?<=\s))#")
FENCE = re.compile(r"^```[\w-]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def read(name):
    with open(os.path.join(CI_DIR, name), encoding="utf-8") as f:
        return f.read()


def load_yaml(name):
    return yaml.safe_load(read(name))


_HELP = {}


def help_options():
    """{option: takes a value} from `fearless-ci --help`."""
    if not _HELP:
        proc = subprocess.run([sys.executable, support.TOOL, "--help"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise AssertionError("fearless-ci --help failed: " + proc.stderr)
        # The option lines: "  -j N, --jobs N    text" (the text may start
        # on the next line); the epilog, from "exit status:", has none.
        for line in proc.stdout.split("\nexit status:")[0].splitlines():
            m = re.match(r"^  (-\S.*?)(?:\s{2,}|$)", line)
            if not m:
                continue
            forms = [re.match(r"^(-{1,2}[\w-]+)( [A-Z_]+)?$", form)
                     for form in m.group(1).split(", ")]
            if all(forms):
                for form in forms:
                    _HELP[form.group(1)] = bool(form.group(2))
        if "--sarif" not in _HELP or "-p" not in _HELP:
            raise AssertionError("cannot read the options of fearless-ci --help:\n" + proc.stdout)
    return _HELP


def logical_lines(text):
    return text.replace("\\\n", " ").splitlines()


def invocations(text):
    """The argument lists of the fearless-ci commands in `text` (shell, YAML
    or Markdown code), comments left out. A command on several lines must
    continue them with a backslash."""
    found = []
    for line in logical_lines(text):
        comment = SHELL_COMMENT.search(line)
        for m in COMMAND.finditer(line):
            if comment and m.start() >= comment.start():
                break
            lexer = shlex.shlex(line[m.end():], posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            try:
                tokens = list(lexer)
            except ValueError:   # an unbalanced quote: take the words as they are
                tokens = line[m.end():].split()
            args = []
            for token in tokens:
                if token.startswith("#") or (token and set(token) <= set(";&|()<>")):
                    break
                args.append(token)
            if args:   # a bare `fearless-ci` is a name (`id: fearless-ci`)
                found.append(args)
    return found


def parse_args(args):
    """(options {name: value or True}, problems) of one fearless-ci command
    line, checked against --help."""
    known = help_options()
    options, problems = {}, []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            problems.append("'--' and positional arguments: fearless-ci takes none")
            break
        if not token.startswith("-") or token == "-":
            problems.append("positional argument %r: fearless-ci takes none" % token)
            continue
        name, eq, value = token.partition("=")
        if name not in known and not name.startswith("--") and name[:2] in known:
            name, value, eq = name[:2], token[2:], "="     # -j4
        if name not in known:
            problems.append("%s is not an option of fearless-ci --help" % name)
            continue
        if known[name]:
            if not eq:
                if i >= len(args):
                    problems.append("%s needs a value" % name)
                    break
                value = args[i]
                i += 1
            options[name] = value
        else:
            if eq:
                problems.append("%s takes no value" % name)
            options[name] = True
    return options, problems


def command_with(text, option):
    """The options of the first fearless-ci command in `text` that uses
    `option`."""
    for args in invocations(text):
        options, problems = parse_args(args)
        if option in options:
            return options
    return None


def bash_syntax(test, script, what):
    proc = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    test.assertEqual(proc.returncode, 0, "%s: bash -n: %s\n%s" % (what, proc.stderr, script))


def all_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from all_strings(k)
            yield from all_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from all_strings(v)


def script_lines(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class CiDocsOptionsTest(unittest.TestCase):
    """Every fearless-ci command in the guide and the examples is valid."""

    def check_text(self, text, where):
        count = 0
        for args in invocations(text):
            options, problems = parse_args(args)
            self.assertEqual(problems, [], "%s: fearless-ci %s" % (where, " ".join(args)))
            if not ({"--help", "-h", "--version"} & set(options)):
                self.assertTrue({"-p", "--build-dir"} & set(options),
                                "%s: fearless-ci %s: no -p" % (where, " ".join(args)))
            count += 1
        return count

    def test_example_files(self):
        for name in FILES:
            with self.subTest(name):
                self.assertGreater(self.check_text(read(name), "docs/ci/" + name), 0,
                                   "docs/ci/%s runs no fearless-ci" % name)

    def test_guide_code_blocks(self):
        with open(CI_MD, encoding="utf-8") as f:
            blocks = FENCE.findall(f.read())
        count = sum(self.check_text(block, "docs/ci.md code block") for block in blocks)
        self.assertGreaterEqual(count, 10, "docs/ci.md shows few fearless-ci commands")

    def test_options_table(self):
        with open(CI_MD, encoding="utf-8") as f:
            text = f.read()
        section = text.split("## Options for CI", 1)[1].split("\n## ", 1)[0]
        documented = set()
        for row in section.splitlines():
            if row.startswith("| `"):
                first_cell = row.split("|")[1]
                documented.update(re.findall(r"`(-[\w-]+)", first_cell))
        known = help_options()
        self.assertEqual(sorted(documented - set(known)), [],
                         "the options table of docs/ci.md names options --help does not have")
        self.assertEqual(sorted(set(CI_OPTIONS) - documented), [],
                         "the options table of docs/ci.md misses options that matter in CI")

    def test_scanner(self):
        text = ("run: fearless-ci -p build --sarif=a.sarif -j4 --github  # --not-this\n"
                "tools/fearless-ci/fearless-ci --help; echo --no\n"
                "# fearless-ci --in-a-comment\n"
                "  - id: fearless-ci\n"
                "see tools/fearless-ci/README.md and fearless-ci: error: x\n"
                "fearless-ci -p build \\\n  --files 'src/(a|b)\\.cpp' src/x.cpp\n")
        self.assertEqual(invocations(text), [
            ["-p", "build", "--sarif=a.sarif", "-j4", "--github"],
            ["--help"],
            ["-p", "build", "--files", "src/(a|b)\\.cpp", "src/x.cpp"]])
        options, problems = parse_args(invocations(text)[0])
        self.assertEqual(options, {"-p": "build", "--sarif": "a.sarif", "-j": "4", "--github": True})
        self.assertEqual(problems, [])
        self.assertEqual(parse_args(invocations(text)[2])[1],
                         ["positional argument 'src/x.cpp': fearless-ci takes none"])
        self.assertEqual(parse_args(["-p", "b", "--sarf", "x", "--github=1"])[1],
                         ["--sarf is not an option of fearless-ci --help",
                          "positional argument 'x': fearless-ci takes none",
                          "--github takes no value"])


class CiDocsGuideTest(unittest.TestCase):
    """docs/ci.md shows the example files as they are, and its links work."""

    def setUp(self):
        with open(CI_MD, encoding="utf-8") as f:
            self.text = f.read()

    def test_example_files_shown_verbatim(self):
        blocks = [b.rstrip("\n") for b in FENCE.findall(self.text)]
        for name in FILES:
            with self.subTest(name):
                self.assertTrue(read(name).rstrip("\n") in blocks,
                                "docs/ci.md does not show docs/ci/%s as it is (in a code "
                                "block of its own)" % name)
                self.assertIn("](ci/%s)" % name, self.text,
                              "docs/ci.md does not link docs/ci/%s" % name)

    def test_links(self):
        prose = FENCE.sub("", self.text)
        slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                 for h in re.findall(r"^#{1,6} (.*)$", prose, re.MULTILINE)}
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            with self.subTest(target):
                if re.match(r"^[a-z]+://", target):
                    continue
                if target.startswith("#"):
                    self.assertIn(target[1:], slugs, "no heading for " + target)
                else:
                    path = os.path.normpath(os.path.join(DOCS, target.split("#")[0]))
                    self.assertTrue(os.path.exists(path), "%s does not exist" % path)


@unittest.skipUnless(yaml, NO_YAML)
class CiDocsGithubTest(unittest.TestCase):
    """docs/ci/github-actions.yml: runs fearless-ci with --sarif and
    --github, then uploads that SARIF file to code scanning."""

    def setUp(self):
        self.workflow = load_yaml(GITHUB)

    def test_sarif_upload(self):
        wf = self.workflow
        # PyYAML reads the key `on` as the boolean true (YAML 1.1).
        self.assertTrue(wf.get("on", wf.get(True)), "no trigger")
        checked = 0
        for name, job in wf["jobs"].items():
            steps = job.get("steps", [])
            for i, step in enumerate(steps):
                options = command_with(step.get("run") or "", "--sarif")
                if not options:
                    continue
                self.assertIn("--github", options, "job %s: fearless-ci without --github" % name)
                uploads = [(j, s) for j, s in enumerate(steps)
                           if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
                self.assertTrue(uploads, "job %s: no github/codeql-action/upload-sarif step" % name)
                j, upload = uploads[0]
                self.assertGreater(j, i, "job %s: the upload comes before fearless-ci" % name)
                self.assertEqual(upload.get("with", {}).get("sarif_file"), options["--sarif"],
                                 "job %s: sarif_file is not the --sarif file" % name)
                self.assertIn(str(upload.get("if", "")).replace(" ", ""),
                              ("always()", "${{always()}}"),
                              "job %s: the upload must run when fearless-ci fails" % name)
                # Job-level permissions replace the workflow's.
                permissions = job.get("permissions", wf.get("permissions")) or {}
                self.assertIsInstance(permissions, dict)
                self.assertEqual(permissions.get("security-events"), "write",
                                 "job %s: upload-sarif needs security-events: write" % name)
                checked += 1
        self.assertGreater(checked, 0, "no step runs fearless-ci with --sarif")

    def test_run_steps_are_bash(self):
        for name, job in self.workflow["jobs"].items():
            shell = (job.get("defaults") or self.workflow.get("defaults") or {}).get(
                "run", {}).get("shell", "bash")
            self.assertEqual(shell, "bash")
            for step in job.get("steps", []):
                if "run" in step:
                    bash_syntax(self, step["run"], "job %s, step %s" % (name, step.get("name")))
                self.assertTrue(("run" in step) != ("uses" in step),
                                "a step has one of run and uses: %s" % step)

    def test_step_references(self):
        for name, job in self.workflow["jobs"].items():
            ids = {s["id"] for s in job.get("steps", []) if "id" in s}
            for text in all_strings(job):
                for ref in re.findall(r"\bsteps\.([\w-]+)\.", text):
                    self.assertIn(ref, ids, "job %s refers to step %s, which it has not" % (name, ref))


@unittest.skipUnless(yaml, NO_YAML)
class CiDocsGitlabTest(unittest.TestCase):
    """docs/ci/gitlab-ci.yml: a job whose Code Quality report is the
    --codeclimate file, kept when the job fails."""

    def test_codequality_report(self):
        config = load_yaml(GITLAB)
        checked = 0
        for name, job in config.items():
            if not isinstance(job, dict) or "script" not in job:
                continue
            lines = script_lines(job.get("before_script")) + script_lines(job["script"])
            options = command_with("\n".join(lines), "--codeclimate")
            if not options:
                continue
            artifacts = job.get("artifacts") or {}
            report = (artifacts.get("reports") or {}).get("codequality")
            reports = report if isinstance(report, list) else [report]
            self.assertIn(options["--codeclimate"], reports,
                          "job %s: artifacts.reports.codequality is not the --codeclimate file" % name)
            self.assertEqual(artifacts.get("when"), "always",
                             "job %s: the report must be kept when fearless-ci fails the job" % name)
            bash_syntax(self, "\n".join(lines), "job %s" % name)
            checked += 1
        self.assertGreater(checked, 0, "no job runs fearless-ci with --codeclimate")


@unittest.skipUnless(yaml, NO_YAML)
class CiDocsPreCommitConfigTest(unittest.TestCase):
    """docs/ci/pre-commit-config.yaml: a local hook running fearless-ci on
    the diff, without file arguments."""

    def test_local_hook(self):
        config = load_yaml(PRE_COMMIT)
        hooks = [h for repo in config["repos"] if repo.get("repo") == "local"
                 for h in repo.get("hooks", [])]
        ours = [h for h in hooks if invocations(h.get("entry", ""))]
        self.assertEqual(len(ours), 1, "one local hook runs fearless-ci")
        hook = ours[0]
        options, problems = parse_args(invocations(hook["entry"])[0])
        self.assertEqual(problems, [])
        self.assertIn("--diff-base", options)
        self.assertEqual(hook.get("language"), "system")
        self.assertIs(hook.get("pass_filenames"), False,
                      "fearless-ci takes no file arguments: pass_filenames must be false")
        for key in ("id", "name"):
            self.assertTrue(hook.get(key), "the hook needs %s" % key)


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class CiDocsHookTest(unittest.TestCase):
    """docs/ci/pre-commit, run in a scratch repository with a stand-in
    fearless-ci that records its arguments."""

    def setUp(self):
        self.hook = os.path.join(CI_DIR, HOOK)
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="fearless-ci-hook-"))
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.repo = os.path.join(self.dir, "repo")
        os.makedirs(os.path.join(self.repo, "src"))
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir)
        self.record = os.path.join(self.dir, "args")
        fake = os.path.join(bin_dir, "fearless-ci")
        with open(fake, "w") as f:
            f.write('#!/bin/sh\nprintf "%%s\\n" "$@" > "%s"\nexit "${FAKE_EXIT:-0}"\n'
                    % self.record)
        os.chmod(fake, 0o755)
        self.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
        self.env.pop("FEARLESS_BUILD_DIR", None)
        support.git(self.repo, "init", "-q")

    def write(self, name, text):
        with open(os.path.join(self.repo, name), "w") as f:
            f.write(text)
        support.git(self.repo, "add", name)

    def run_hook(self, **env):
        if os.path.exists(self.record):
            os.remove(self.record)
        proc = subprocess.run(["bash", self.hook], cwd=os.path.join(self.repo, "src"),
                              capture_output=True, text=True, env=dict(self.env, **env))
        args = None
        if os.path.exists(self.record):
            with open(self.record) as f:
                args = f.read().splitlines()
        return proc, args

    def compdb(self):
        os.makedirs(os.path.join(self.repo, "build"), exist_ok=True)
        with open(os.path.join(self.repo, "build", "compile_commands.json"), "w") as f:
            f.write("[]\n")

    def test_syntax(self):
        proc = subprocess.run(["bash", "-n", self.hook], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(self.hook) as f:
            self.assertTrue(f.readline().startswith("#!"), "no #! line")

    def test_first_commit_checks_everything(self):
        self.compdb()
        self.write("src/a.cpp", "int a;\n")
        proc, args = self.run_hook()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(args, ["-p", "build"])

    def test_changed_lines_since_head(self):
        self.write("src/a.cpp", "int a;\n")
        support.git(self.repo, "commit", "-q", "-m", "a")
        self.compdb()

        self.write("notes.txt", "no C++ here\n")
        proc, args = self.run_hook()
        self.assertEqual((proc.returncode, args), (0, None), "ran without a C++ change")

        self.write("src/a.hpp", "int b;\n")
        proc, args = self.run_hook()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(args, ["-p", "build", "--diff-base", "HEAD", "--changed-lines-only"])
        options, problems = parse_args(args)
        self.assertEqual(problems, [])

        proc, args = self.run_hook(FAKE_EXIT="1")
        self.assertEqual(proc.returncode, 1, "the hook must fail when fearless-ci finds something")

        os.rename(os.path.join(self.repo, "build"), os.path.join(self.repo, "out"))
        proc, args = self.run_hook(FEARLESS_BUILD_DIR="out")
        self.assertEqual(args[:2], ["-p", "out"])

    def test_no_compile_commands(self):
        self.write("src/a.cpp", "int a;\n")
        proc, args = self.run_hook()
        self.assertEqual((proc.returncode, args), (0, None))
        self.assertIn("compile_commands.json", proc.stderr)
