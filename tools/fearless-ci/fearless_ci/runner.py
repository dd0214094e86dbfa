"""Finds the checker, proves it has the fearless checks, and runs it on each
translation unit in parallel.

Two ways to run the checks, as in the README: the standalone `fearless-tidy`
driver (default), or a clang-tidy with the plugin loaded. The second has a
trap this module exists to close: a plugin that fails to load only makes
clang-tidy print a warning and carry on with its own checks, which looks
exactly like a clean project. So before any TU runs, probe() lists the
enabled checks and insists on at least one `fearless-` check, and every TU's
output is checked for the loader's complaints again.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import List, Optional

from . import ToolError, parse, tidyyaml
from .model import TUResult

# What clang-tidy (LLVM's plugin loader) prints when --load fails, across
# versions: "Error opening '/x.so': ... -load request ignored." in LLVM 14-19,
# "Error: unable to load plugin" / "could not load" in others.
_LOAD_FAILURE = re.compile(
    r"(Error opening '[^']*'[^\n]*|-load request ignored|unable to load plugin[^\n]*|"
    r"could not load[^\n]*)", re.I)
_NO_CHECKS = re.compile(r"no checks enabled", re.I)


@dataclass
class Checker:
    """How to invoke the checker: the executable and the options every run
    shares (plugin, checks, configuration, extra arguments)."""
    executable: str
    plugin: Optional[str] = None
    checks: Optional[str] = "-*,fearless-*"
    config_file: Optional[str] = None
    header_filter: Optional[str] = ".*"
    extra_args: List[str] = field(default_factory=list)
    extra_args_before: List[str] = field(default_factory=list)
    tidy_args: List[str] = field(default_factory=list)

    def describe(self):
        if self.plugin:
            return "%s --load=%s" % (self.executable, self.plugin)
        return self.executable

    def base_command(self, build_dir):
        cmd = [self.executable]
        if self.plugin:
            cmd.append("--load=" + self.plugin)
        cmd += ["-p", build_dir]
        if self.checks is not None and self.checks != "":
            cmd.append("--checks=" + self.checks)
        if self.config_file:
            cmd.append("--config-file=" + self.config_file)
        cmd += ["--extra-arg=" + a for a in self.extra_args]
        cmd += ["--extra-arg-before=" + a for a in self.extra_args_before]
        cmd += self.tidy_args
        return cmd

    def command(self, build_dir, source, export_fixes):
        cmd = self.base_command(build_dir)
        if self.header_filter:
            cmd.append("--header-filter=" + self.header_filter)
        # Plain text whatever UseColor says in .clang-tidy: it is parsed.
        cmd += ["--use-color=false", "--export-fixes=" + export_fixes, source]
        return cmd


def _executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_fearless_tidy(script_dirs, explicit=None):
    """--fearless-tidy if given; else beside the fearless-ci script (the
    installed layout has both in the same bin directory); else on PATH."""
    if explicit:
        resolved = shutil.which(explicit) if os.sep not in explicit else explicit
        if not resolved or not _executable(resolved):
            raise ToolError("--fearless-tidy %s: not an executable file" % explicit)
        return os.path.abspath(resolved)
    for d in script_dirs:
        candidate = os.path.join(d, "fearless-tidy")
        if _executable(candidate):
            return candidate
    found = shutil.which("fearless-tidy")
    if found:
        return found
    raise ToolError("fearless-tidy not found beside fearless-ci (%s) or on PATH; "
                    "give --fearless-tidy PATH, or --plugin SO --clang-tidy BIN"
                    % ", ".join(script_dirs))


def find_clang_tidy(explicit):
    name = explicit or "clang-tidy"
    resolved = shutil.which(name) if os.sep not in name else name
    if not resolved or not _executable(resolved):
        raise ToolError("clang-tidy %s not found%s" % (
            name, "" if explicit else " on PATH (give --clang-tidy BIN, the "
                                       "clang-tidy the plugin was built for)"))
    return os.path.abspath(resolved)


def _first_line(pattern, text):
    m = pattern.search(text)
    return m.group(0).strip() if m else None


def probe(checker, build_dir, sample_source):
    """Lists the enabled checks, as clang-tidy sees them for `sample_source`
    (so that its .clang-tidy is read); returns them. Raises ToolError if the
    plugin did not load or no fearless- check is enabled."""
    cmd = checker.base_command(build_dir) + ["--list-checks"]
    if sample_source:
        cmd.append(sample_source)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=120)
    except OSError as e:
        raise ToolError("cannot run %s: %s" % (checker.executable, e))
    except subprocess.TimeoutExpired:
        raise ToolError("%s --list-checks did not answer in 120 s" % checker.describe())
    output = proc.stdout + "\n" + proc.stderr
    load_error = _first_line(_LOAD_FAILURE, output)
    if checker.plugin and load_error:
        raise ToolError("plugin %s did not load: %s" % (checker.plugin, load_error))
    checks = []
    listing = False
    for line in proc.stdout.splitlines():
        if line.strip() == "Enabled checks:":
            listing = True
            continue
        if listing and line.startswith("    ") and line.strip():
            checks.append(line.strip())
    if proc.returncode != 0 or not checks:
        if _NO_CHECKS.search(output):
            raise ToolError("%s: no checks enabled (checks %r)%s" % (
                checker.describe(), checker.checks,
                "; the plugin may not have loaded" if checker.plugin else ""))
        last = [l for l in (proc.stderr or proc.stdout).splitlines() if l.strip()]
        raise ToolError("%s --list-checks failed (exit %d)%s" % (
            checker.describe(), proc.returncode, ": " + last[0] if last else ""))
    if not any(c.startswith("fearless-") for c in checks):
        raise ToolError("%s enables no fearless-* check (checks %r%s); %s" % (
            checker.describe(), checker.checks,
            ", config %s" % checker.config_file if checker.config_file else "",
            "the plugin did not register them" if checker.plugin
            else "is it fearless-tidy, or a clang-tidy that needs --plugin?"))
    return checks


class Runner:
    """Runs the checker over TUs with up to `jobs` processes at once."""

    def __init__(self, checker, build_dir, sources, jobs=1, timeout=None):
        self.checker = checker
        self.build_dir = build_dir
        self.sources = sources
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self._procs = set()
        self._lock = threading.Lock()
        self._cancelled = False
        self.fatal = None    # ToolError found in a TU's output

    def _run_one(self, unit, tmpdir, index):
        start = time.monotonic()
        result = TUResult(file=unit.file)
        fixes = os.path.join(tmpdir, "tu-%05d.yaml" % index)
        cmd = self.checker.command(self.build_dir, unit.file, fixes)
        try:
            with self._lock:
                if self._cancelled:
                    result.failure = "cancelled"
                    return result
                proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE,
                                        stdin=subprocess.DEVNULL)
                self._procs.add(proc)
            try:
                out, err = proc.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                result.failure = "timed out after %g s" % self.timeout
            finally:
                with self._lock:
                    self._procs.discard(proc)
        except OSError as e:
            raise ToolError("cannot run %s: %s" % (self.checker.executable, e))
        result.returncode = proc.returncode
        stdout = out.decode("utf-8", "replace")
        result.stderr = err.decode("utf-8", "replace")
        result.duration = time.monotonic() - start

        # A plugin that stopped loading, or a configuration that leaves no
        # check, must stop the whole run: every TU would "pass".
        load_error = _first_line(_LOAD_FAILURE, result.stderr)
        if self.checker.plugin and load_error:
            self.fatal = ToolError("plugin %s did not load: %s" % (self.checker.plugin, load_error))
        elif _NO_CHECKS.search(result.stderr) and proc.returncode != 0:
            self.fatal = ToolError("%s: no checks enabled for %s" % (self.checker.describe(), unit.file))

        build_dir = unit.entries[0].directory if unit.entries else self.build_dir
        text_diags = parse.parse_text(stdout, build_dir, self.sources)
        yaml_diags = None
        if os.path.exists(fixes):
            try:
                with open(fixes, encoding="utf-8", errors="surrogateescape") as f:
                    yaml_diags = parse.parse_yaml(f.read(), self.sources)
            except (OSError, tidyyaml.YamlError, ValueError) as e:
                # Fall back on the text: the findings stay, the fix-its go.
                yaml_diags = None
                result.warnings.append("cannot read the exported fixes of %s (%s): "
                                       "findings taken from the text output, without fix-its"
                                       % (unit.file, e))
            finally:
                try:
                    os.unlink(fixes)
                except OSError:
                    pass
        result.diagnostics = parse.merge(yaml_diags, text_diags)
        classify(result)
        return result

    def run(self, units, on_result=None):
        """Runs every unit; calls on_result(result) in the calling thread as
        each finishes (for progress). Returns results in `units` order."""
        results = [None] * len(units)
        with tempfile.TemporaryDirectory(prefix="fearless-ci-") as tmpdir:
            pool = ThreadPoolExecutor(max_workers=self.jobs)
            futures = {pool.submit(self._run_one, u, tmpdir, i): i
                       for i, u in enumerate(units)}
            try:
                for future in as_completed(futures):
                    i = futures[future]
                    results[i] = future.result()
                    if self.fatal:
                        raise self.fatal
                    if on_result:
                        on_result(results[i])
            except BaseException:
                self.cancel()
                for f in futures:
                    f.cancel()
                raise
            finally:
                pool.shutdown(wait=True)
        return results

    def cancel(self):
        """Stops the processes this runner started (Ctrl-C, fatal error)."""
        with self._lock:
            self._cancelled = True
            for proc in list(self._procs):
                try:
                    proc.send_signal(signal.SIGTERM)
                except OSError:
                    pass


def classify(result):
    """Decides whether a TU was analysed. It was not if the compiler
    reported errors (clang-tidy ran no check on a broken AST), if the
    checker crashed, or if it failed and said nothing (e.g. no compile
    command). A failure with findings and no compiler error is
    --warnings-as-errors doing its job."""
    errors = result.errors
    if result.failure:
        pass
    elif errors:
        first = errors[0]
        loc = first.message.location
        result.failure = "%s" % first.message.text
        result.failure_location = loc
        if len(errors) > 1:
            result.failure += " (and %d more error%s)" % (len(errors) - 1, "s" if len(errors) > 2 else "")
    elif result.returncode < 0:
        result.failure = "%s crashed (signal %d)" % ("checker", -result.returncode)
    elif result.returncode != 0 and not result.findings:
        lines = [l.strip() for l in result.stderr.splitlines() if l.strip()]
        interesting = [l for l in lines if not re.match(r"^\d+ (warning|error)s? .*generated\.$", l)]
        result.failure = "exited with code %d%s" % (
            result.returncode, ": " + interesting[-1] if interesting else "")
    return result
