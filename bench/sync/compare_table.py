#!/usr/bin/env python3
"""Prints the comparison table of the lock benchmarks (bench/sync).

Reads result lines `<workload> <impl> <seconds>` (from the files given, or
stdin) and prints one row per workload, one column per impl seen, plus the
ratios cpp-fearless / cpp-std and cpp-fearless / rust-std (below 1: fearless
is faster). When a (workload, impl) pair appears more than once, the fastest
time is shown. Lines not in that format are ignored.

  compare_table.py [--markdown] [RESULTS...]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results_table  # noqa: E402  (bench/results_table.py)

WORKLOADS = ["uncontended_lock", "contended_lock_2t", "contended_lock_4t",
             "rw_read_mostly_4t"]
# Column order: ours, the C++ baseline, then Rust; impls not listed here
# follow in the order first seen.
IMPL_ORDER = ["cpp-fearless", "cpp-std", "rust-std"]
OURS = "cpp-fearless"
# (column title, the impl cpp-fearless is divided by)
RATIOS = [("fearless/std", "cpp-std"), ("fearless/rust", "rust-std")]


def build(times, seen_workloads, seen_impls):
    rows = results_table.ordered(WORKLOADS, seen_workloads)
    cols = results_table.ordered(IMPL_ORDER, seen_impls)
    header = ["workload"] + cols + [title for title, _ in RATIOS]
    body = []
    for w in rows:
        cells = [w]
        for c in cols:
            t = times.get((w, c))
            cells.append("-" if t is None else f"{t:.3f}")
        ours = times.get((w, OURS))
        for _, peer in RATIOS:
            theirs = times.get((w, peer))
            cells.append(f"{ours / theirs:.2f}" if ours is not None and theirs else "-")
        body.append(cells)
    return header, body


CAPTION = ("seconds per workload (lower is better, fastest of the timed runs); "
           "fearless/std = cpp-fearless / cpp-std, fearless/rust = cpp-fearless / rust-std "
           "(below 1: fearless faster)")


if __name__ == "__main__":
    sys.exit(results_table.main(__doc__, build, CAPTION))
