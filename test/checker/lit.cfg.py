# lit configuration of the checker tests. The build writes lit.site.cfg.py
# (paths of this build) and ctest runs this suite twice: once through
# `clang-tidy --load=<plugin>` (--param tidy=plugin) and once through the
# standalone fearless-tidy (--param tidy=standalone).
import glob
import json
import os
import shlex

import lit.formats

config.name = "fearless-checker (%s)" % lit_config.params.get("tidy", "plugin")
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py",
                   "check_fearless_tidy.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fearless_binary_dir, "test", "checker",
                                     lit_config.params.get("tidy", "plugin"))

# FileCheck, not and count come from the same LLVM install as clang-tidy.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])

tidy_kind = lit_config.params.get("tidy", "plugin")
if tidy_kind == "plugin":
    tidy = [config.clang_tidy, "--load=" + config.fearless_plugin]
    runner_tidy = ["--clang-tidy", config.clang_tidy,
                   "--load", config.fearless_plugin]
    config.available_features.add("plugin")
elif tidy_kind == "standalone":
    tidy = [config.fearless_tidy]
    runner_tidy = ["--clang-tidy", config.fearless_tidy]
    config.available_features.add("standalone")
else:
    lit_config.fatal("unknown --param tidy=%s (plugin or standalone)" % tidy_kind)

runner = [config.python_executable,
          os.path.join(config.test_source_root, "check_fearless_tidy.py"),
          "--filecheck", os.path.join(config.llvm_tools_dir, "FileCheck")]

# %check_fearless_tidy: the check runner bound to this suite's clang-tidy.
config.substitutions.append(("%check_fearless_tidy", shlex.join(runner + runner_tidy)))
# %check_runner: the runner with no clang-tidy bound (to test the runner).
config.substitutions.append(("%check_runner", shlex.join(runner)))
# %clang_tidy: the suite's clang-tidy with the fearless checks available.
config.substitutions.append(("%clang_tidy", shlex.join(tidy)))
config.substitutions.append(("%python", shlex.quote(config.python_executable)))
config.substitutions.append(("%clang_tidy_exe", shlex.quote(config.clang_tidy)))
config.substitutions.append(("%fearless_plugin", shlex.quote(config.fearless_plugin)))
config.substitutions.append(("%fearless_tidy", shlex.quote(config.fearless_tidy)))
config.substitutions.append(("%llvm_tools_dir", shlex.quote(config.llvm_tools_dir)))
config.substitutions.append(("%fearless_include", shlex.quote(
    os.path.join(config.fearless_source_dir, "runtime", "include"))))
config.substitutions.append(("%fearless_source_dir", shlex.quote(config.fearless_source_dir)))
config.substitutions.append(("%fearless_build_dir", shlex.quote(config.fearless_binary_dir)))
# The runtime's GoogleTest sources, for the self-check (lit does not glob).
runtime_tests = sorted(glob.glob(os.path.join(
    config.fearless_source_dir, "test", "runtime", "*_test.cpp")))
if not runtime_tests:
    lit_config.fatal("no runtime tests found for %runtime_test_sources")
config.substitutions.append(("%runtime_test_sources", shlex.join(runtime_tests)))
# %self_check_db: this build's compile commands with one entry per source file.
# Each runtime test is compiled three times (plain, TSan, ASan); analysing all
# three would triple the self-check's time for the same findings.
def write_self_check_db():
    source = os.path.join(config.fearless_binary_dir, "compile_commands.json")
    target_dir = os.path.join(config.test_exec_root, "self-check-db")
    os.makedirs(target_dir, exist_ok=True)
    seen, unique = set(), []
    if os.path.exists(source):
        with open(source) as f:
            for entry in json.load(f):
                key = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
                if key not in seen:
                    seen.add(key)
                    unique.append(entry)
    with open(os.path.join(target_dir, "compile_commands.json"), "w") as f:
        json.dump(unique, f)
    return target_dir
config.substitutions.append(("%self_check_db", shlex.quote(write_self_check_db())))
config.substitutions.append(("%examples_dir", shlex.quote(
    os.path.join(config.fearless_source_dir, "examples"))))
