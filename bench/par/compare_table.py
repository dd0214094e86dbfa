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
import argparse
import re
import sys

ORDER = ["sum_mix_100m", "map_collect_10m", "filter_count_10m", "sort_10m",
         "fib_join_32", "for_each_1m_tasks", "for_each_1m_grain1"]
# Column order: ours, the Rust peer it is modelled on, the other parallel
# C++ peers, then the sequential baseline; impls not listed follow in the
# order first seen.
IMPL_ORDER = ["cpp-fearless", "rust-rayon", "cpp-tbb", "cpp-omp", "cpp-pstl", "cpp-seq"]
# The peers fearless must match; cpp-seq is a baseline, not a rival.
RIVALS = ["cpp-tbb", "cpp-omp", "rust-rayon", "cpp-pstl"]
RATIO = "fearless/best"
LINE = re.compile(r"^(\S+)\s+(\S+)\s+([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*$")


def parse(lines):
    times = {}   # (workload, impl) -> seconds
    seen_workloads, seen_impls = [], []
    for line in lines:
        m = LINE.match(line.strip())
        if not m:
            continue
        workload, impl, secs = m.group(1), m.group(2), float(m.group(3))
        key = (workload, impl)
        times[key] = min(secs, times.get(key, secs))
        if workload not in seen_workloads:
            seen_workloads.append(workload)
        if impl not in seen_impls:
            seen_impls.append(impl)
    return times, seen_workloads, seen_impls


def build(times, seen_workloads, seen_impls):
    rows = [w for w in ORDER if w in seen_workloads]
    rows += [w for w in seen_workloads if w not in ORDER]
    cols = [i for i in IMPL_ORDER if i in seen_impls]
    cols += [i for i in seen_impls if i not in IMPL_ORDER]
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


def plain(header, body):
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]

    def fmt(r):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([fmt(header)] + [fmt(r) for r in body])


def markdown(header, body):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true",
                    help="also print the table in Markdown")
    ap.add_argument("results", nargs="*", help="result files (default: stdin)")
    args = ap.parse_args()
    lines = []
    if args.results:
        for path in args.results:
            with open(path) as f:
                lines += f.readlines()
    else:
        lines = sys.stdin.readlines()
    times, seen_workloads, seen_impls = parse(lines)
    if not times:
        print("compare_table: no result lines", file=sys.stderr)
        return 1
    header, body = build(times, seen_workloads, seen_impls)
    print("seconds per workload (median, lower is better); "
          f"{RATIO} = cpp-fearless / fastest of {', '.join(RIVALS)} "
          "(below 1: fearless faster)")
    print()
    print(plain(header, body))
    if args.markdown:
        print()
        print(markdown(header, body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
