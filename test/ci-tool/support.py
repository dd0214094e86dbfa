"""Shared set-up of fearless-ci's tests: where the tool and the checker are,
and helpers to copy, configure and check the sample project.

run_tests.py fills CONFIG from its command line before the tests run.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
TOOL_DIR = os.path.join(REPO, "tools", "fearless-ci")
TOOL = os.path.join(TOOL_DIR, "fearless-ci")
SAMPLE = os.path.join(HERE, "sample-project")
EXPECTED = os.path.join(HERE, "expected")
SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0.json")
DOCS = os.path.join(REPO, "docs", "checks")

CONFIG = {
    "fearless_tidy": None,     # path of fearless-tidy (end-to-end tests skip without it)
    "plugin": None,            # libFearlessTidyPlugin.so (plugin tests skip without it)
    "clang_tidy": "clang-tidy-19",
    "cmake": "cmake",
    "cxx": "clang++-19",
    "update_expected": False,  # rewrite expected/ from this run's output
    "keep_temp": False,
}

if TOOL_DIR not in sys.path:
    sys.path.insert(0, TOOL_DIR)

_temp_dirs = []


def temp_dir(prefix):
    path = os.path.realpath(tempfile.mkdtemp(prefix="fearless-ci-test-" + prefix + "-"))
    _temp_dirs.append(path)
    return path


def cleanup():
    if CONFIG["keep_temp"]:
        for d in _temp_dirs:
            sys.stderr.write("kept %s\n" % d)
        return
    for d in _temp_dirs:
        shutil.rmtree(d, ignore_errors=True)


def copy_sample(dst):
    shutil.copytree(SAMPLE, dst, dirs_exist_ok=True)
    return dst


def configure(source, build):
    """cmake configure only (compile_commands.json), never a build."""
    proc = subprocess.run(
        [CONFIG["cmake"], "-S", source, "-B", build,
         "-DCMAKE_CXX_COMPILER=" + CONFIG["cxx"],
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
        capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("cmake failed:\n" + proc.stdout + proc.stderr)
    return build


def run_ci(args, cwd, env=None):
    """Runs the fearless-ci launcher with the interpreter running the tests."""
    full_env = dict(os.environ)
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, TOOL] + list(args), cwd=cwd,
                          capture_output=True, text=True, env=full_env)


def tidy_args():
    return ["--fearless-tidy", CONFIG["fearless_tidy"]]


def expected_path(name):
    return os.path.join(EXPECTED, name)


def check_expected(test, name, actual):
    """Compares `actual` with expected/<name> (or rewrites it with
    --update-expected)."""
    path = expected_path(name)
    if CONFIG["update_expected"]:
        os.makedirs(EXPECTED, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
        return
    if not os.path.exists(path):
        test.fail("expected/%s is missing (run with --update-expected to create it)" % name)
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    test.maxDiff = None
    test.assertEqual(expected, actual, "output differs from expected/%s" % name)


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    proc = subprocess.run(["git", "-C", cwd] + list(args), capture_output=True,
                          text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError("git %s failed: %s" % (" ".join(args), proc.stderr))
    return proc.stdout


def edit(path, old, new, count=1):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise AssertionError("%r not in %s" % (old, path))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, count))
