#!/usr/bin/env python3
"""Prints the comparison table of the channel benchmarks (bench/channels).

Reads result lines `<family>_<workload> <impl> <seconds>` (from the files
given, or stdin) and prints one row per workload, one column per impl seen:
the median of the repeated runs and their spread (min-max). Then the ratio
of the medians cpp-fearless / rust-crossbeam (below 1: fearless is faster)
and the verdict: ahead or behind when the two spreads do not overlap, level
when they do, '-' with fewer than 3 runs of either. Lines not in that
format are ignored.

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


def build(samples, seen_workloads, seen_impls):
    rows = results_table.ordered(ORDER, seen_workloads)
    cols = results_table.ordered(IMPL_ORDER, seen_impls)
    header = ["workload"] + cols + [RATIO, "verdict"]
    body = []
    for w in rows:
        cells = [w] + [results_table.cell(samples.get((w, c), []), 3) for c in cols]
        ours = samples.get((w, "cpp-fearless"), [])
        theirs = samples.get((w, "rust-crossbeam"), [])
        if ours and theirs:
            cells.append(f"{results_table.median(ours) / results_table.median(theirs):.2f}")
            cells.append(results_table.verdict(ours, theirs))
        else:
            cells += ["-", "-"]
        body.append(cells)
    return header, body


CAPTION = ("seconds per workload, median (min-max) of the runs (lower is better); "
           f"{RATIO} = median cpp-fearless / median rust-crossbeam (below 1: fearless "
           "faster); verdict: ahead/behind only when the spreads do not overlap")


if __name__ == "__main__":
    sys.exit(results_table.main(__doc__, build, CAPTION, samples=True))
