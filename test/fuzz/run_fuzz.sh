#!/usr/bin/env bash
# Runs fearless-fuzz for a while over a corpus seeded from the project's own
# code, then replays every regression input once. Used by scripts/fuzz (long
# runs) and by ctest's fuzz-smoke (a minute).
#
#   run_fuzz.sh FUZZER CORPUS_DIR SECONDS ARTIFACT_DIR [--smoke]
# --smoke: a small seed corpus (make_corpus.py --smoke), for ctest.
# Exits non-zero when an input crashes the checks (a sanitizer report, a
# signal, a timeout of 60 s on one input or more than 6 GiB of memory); the
# input is saved in ARTIFACT_DIR.
set -euo pipefail
fuzzer="$1"; corpus="$2"; seconds="$3"; artifacts="$4"; seeds="${5:-}"
here="$(cd "$(dirname "$0")" && pwd)"

# clang does not free everything it allocates (it leaks on purpose): no
# leak report at exit either, only memory errors and crashes.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

# The smoke run starts from its seeds alone, so that it takes as long each
# time (a corpus grown by earlier runs takes longer to replay).
if [ "${seeds}" = --smoke ]; then
  rm -rf "${corpus}"
fi
python3 "${here}/make_corpus.py" "${corpus}" ${seeds}
mkdir -p "${artifacts}"
# Replay the regressions first: a crash that came back fails at once.
shopt -s nullglob
regressions=("${here}"/regressions/*.input)
if [ "${#regressions[@]}" -gt 0 ]; then
  # Given files, libFuzzer runs each once and stops at the first crash.
  if ! "${fuzzer}" -timeout=60 -detect_leaks=0 "${regressions[@]}" >"${artifacts}/regressions.log" 2>&1; then
    echo "run_fuzz: a regression input crashes again:" >&2
    tail -40 "${artifacts}/regressions.log" >&2
    exit 1
  fi
fi
# -max_len: the longest seeds (lit tests of a few hundred lines) stay whole.
# -detect_leaks=0: clang itself does not free everything it allocates (it
# leaks on purpose at exit); -close_fd_mask=2: the compiler's "N warnings
# generated" lines would drown the fuzzer's report (sanitizer reports still
# reach the terminal).
exec "${fuzzer}" -max_total_time="${seconds}" -timeout=60 -rss_limit_mb=6144 \
  -detect_leaks=0 -close_fd_mask=2 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="${artifacts}/" \
  "${corpus}"
