#!/usr/bin/env python3
"""Prints the comparison table of the channel benchmarks (bench/channels).

Reads result lines `<family>_<workload> <impl> <seconds>` (from the files
given, or stdin) and prints one row per workload, one column per impl seen,
plus the ratio cpp-fearless / rust-crossbeam (below 1: fearless is faster).
When an (workload, impl) pair appears more than once, the fastest time is
shown. Lines not in that format are ignored.

  compare_table.py [--markdown] [RESULTS...]
"""
import argparse
import re
import sys

FAMILIES = ["bounded0", "bounded1", "bounded", "unbounded"]
WORKLOADS = ["seq", "spsc", "mpsc", "mpmc", "select_rx", "select_both"]
ORDER = [f"{f}_{w}" for f in FAMILIES for w in WORKLOADS
         if not (w == "seq" and f in ("bounded0", "bounded1"))]
# Column order: ours, the two peers in other languages, then the other C++
# peers; impls not listed here follow in the order first seen.
IMPL_ORDER = ["cpp-fearless", "rust-crossbeam", "go-chan",
              "cpp-boost-fiber", "cpp-moodycamel", "cpp-mutex-cv"]
RATIO = "fearless/crossbeam"
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
            cells.append("-" if t is None else f"{t:.3f}")
        ours, theirs = times.get((w, "cpp-fearless")), times.get((w, "rust-crossbeam"))
        cells.append(f"{ours / theirs:.2f}" if ours is not None and theirs else "-")
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
    print("seconds per workload (lower is better); "
          f"{RATIO} = cpp-fearless / rust-crossbeam (below 1: fearless faster)")
    print()
    print(plain(header, body))
    if args.markdown:
        print()
        print(markdown(header, body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
