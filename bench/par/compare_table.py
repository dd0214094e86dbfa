#!/usr/bin/env python3
"""Prints the comparison table of the parallel-iterator benchmarks (bench/par).

Reads result lines `<workload> <impl> <seconds>` (from the files given, or
stdin) and prints one row per workload, one column per impl: the median of
the repeated runs and their spread (min-max). Then the ratio fearless/best:
the median of cpp-fearless divided by the median of the fastest parallel
peer (cpp-tbb, cpp-omp, rust-rayon, cpp-pstl) on that row, below 1 when
fearless is faster than all of them; that peer; and the verdict against
it: ahead or behind when the two spreads do not overlap, level when they
do, '-' with fewer than 3 runs of either. Lines not in that format are
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


def build(samples, seen_workloads, seen_impls):
    rows = results_table.ordered(ORDER, seen_workloads)
    cols = results_table.ordered(IMPL_ORDER, seen_impls)
    header = ["workload"] + cols + [RATIO, "best peer", "verdict"]
    body = []
    for w in rows:
        # Microseconds matter: the for_each rows take well under 1 ms.
        cells = [w] + [results_table.cell(samples.get((w, c), []), 6) for c in cols]
        ours = samples.get((w, "cpp-fearless"), [])
        rivals = [r for r in RIVALS if samples.get((w, r))]
        best = min(rivals, key=lambda r: results_table.median(samples[(w, r)])) if rivals else None
        if ours and best:
            theirs = samples[(w, best)]
            cells += [f"{results_table.median(ours) / results_table.median(theirs):.2f}",
                      best, results_table.verdict(ours, theirs)]
        else:
            cells += ["-", "-", "-"]
        body.append(cells)
    return header, body


CAPTION = ("seconds per workload, median (min-max) of the runs (lower is better); "
           f"{RATIO} = median cpp-fearless / median of the fastest of {', '.join(RIVALS)} "
           "(below 1: fearless faster); verdict: ahead/behind only when the spreads "
           "do not overlap")


if __name__ == "__main__":
    sys.exit(results_table.main(__doc__, build, CAPTION, samples=True))
