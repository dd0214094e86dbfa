#!/usr/bin/env python3
"""Prints the comparison table of the channel benchmarks (bench/channels).

Reads result lines `<family>_<workload> <impl> <seconds>` (from the files
given, or stdin) and prints one row per workload, one column per impl seen,
plus the ratio cpp-fearless / rust-crossbeam (below 1: fearless is faster).
When an (workload, impl) pair appears more than once, the fastest time is
shown. Lines not in that format are ignored.

  compare_table.py [--markdown] [RESULTS...]
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results_table  # noqa: E402  (bench/results_table.py)

FAMILIES = ["bounded0", "bounded1", "bounded", "unbounded"]
WORKLOADS = ["seq", "spsc", "mpsc", "mpmc", "select_rx", "select_both"]
ORDER = [f"{f}_{w}" for f in FAMILIES for w in WORKLOADS
         if not (w == "seq" and f in ("bounded0", "bounded1"))]
# Column order: ours, the two peers in other languages, then the other C++
# peers; impls not listed here follow in the order first seen.
IMPL_ORDER = ["cpp-fearless", "rust-crossbeam", "go-chan",
              "cpp-boost-fiber", "cpp-moodycamel", "cpp-mutex-cv"]
RATIO = "fearless/crossbeam"


def build(times, seen_workloads, seen_impls):
    rows = results_table.ordered(ORDER, seen_workloads)
    cols = results_table.ordered(IMPL_ORDER, seen_impls)
    header = ["workload"] + cols + [RATIO]
    body = []
    for w in rows:
        cells = [w]
        for c in cols:
            t = times.get((w, c))
            cells.append("-" if t is None else f"{t:.3f}")
        ours, theirs = times.get((w, "cpp-fearless")), times.get((w, "rust-crossbeam"))
        cells.append(f"{ours / theirs:.2f}" if ours is not None and theirs else "-")
        body.append(cells)
    return header, body


CAPTION = ("seconds per workload (lower is better); "
           f"{RATIO} = cpp-fearless / rust-crossbeam (below 1: fearless faster)")


if __name__ == "__main__":
    sys.exit(results_table.main(__doc__, build, CAPTION))
