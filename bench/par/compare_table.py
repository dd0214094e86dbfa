#!/usr/bin/env python3
"""Prints the comparison table of the parallel-iterator benchmarks (bench/par).

Reads result lines `<workload> <impl> <seconds>` (from the files given, or
stdin) and prints one row per workload, one column per impl, plus the ratio
fearless/best: cpp-fearless divided by the fastest of the parallel peers
(cpp-tbb, cpp-omp, rust-rayon, cpp-pstl) measured on that row; below 1,
fearless is faster than all of them. When a (workload, impl) pair appears
more than once, the fastest time is shown. Lines not in that format are
ignored.

  compare_table.py [--markdown] [RESULTS...]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results_table  # noqa: E402  (bench/results_table.py)

ORDER = ["sum_mix_100m", "map_collect_10m", "filter_count_10m", "sort_10m",
         "fib_join_32", "for_each_1m_tasks", "for_each_1m_grain1", "flat_map_collect_10m",
         "partition_10m"]
# Column order: ours, the Rust peer it is modelled on, the other parallel
# C++ peers, then the sequential baseline; impls not listed follow in the
# order first seen.
IMPL_ORDER = ["cpp-fearless", "rust-rayon", "cpp-tbb", "cpp-omp", "cpp-pstl", "cpp-seq"]
# The peers fearless must match; cpp-seq is a baseline, not a rival.
RIVALS = ["cpp-tbb", "cpp-omp", "rust-rayon", "cpp-pstl"]
RATIO = "fearless/best"


def build(times, seen_workloads, seen_impls):
    rows = results_table.ordered(ORDER, seen_workloads)
    cols = results_table.ordered(IMPL_ORDER, seen_impls)
    header = ["workload"] + cols + [RATIO]
    body = []
    for w in rows:
        cells = [w]
        for c in cols:
            t = times.get((w, c))
            # Microseconds matter: the for_each rows take well under 1 ms.
            cells.append("-" if t is None else f"{t:.6f}")
        ours = times.get((w, "cpp-fearless"))
        rivals = [times[(w, r)] for r in RIVALS if (w, r) in times]
        best = min(rivals) if rivals else None
        cells.append(f"{ours / best:.2f}" if ours is not None and best else "-")
        body.append(cells)
    return header, body


CAPTION = ("seconds per workload (median, lower is better); "
           f"{RATIO} = cpp-fearless / fastest of {', '.join(RIVALS)} "
           "(below 1: fearless faster)")


if __name__ == "__main__":
    sys.exit(results_table.main(__doc__, build, CAPTION))
