#!/usr/bin/env python3
"""Prints the comparison table of the lock benchmarks (bench/sync).

Reads result lines `<workload> <impl> <seconds>` (from the files given, or
stdin) and prints one row per workload, one column per impl seen, plus the
ratios cpp-fearless / cpp-std and cpp-fearless / rust-std (below 1: fearless
is faster). When a (workload, impl) pair appears more than once, the fastest
time is shown. Lines not in that format are ignored.

  compare_table.py [--markdown] [RESULTS...]
"""
import argparse
import re
import sys

WORKLOADS = ["uncontended_lock", "contended_lock_2t", "contended_lock_4t",
             "rw_read_mostly_4t"]
# Column order: ours, the C++ baseline, then Rust; impls not listed here
# follow in the order first seen.
IMPL_ORDER = ["cpp-fearless", "cpp-std", "rust-std"]
OURS = "cpp-fearless"
# (column title, the impl cpp-fearless is divided by)
RATIOS = [("fearless/std", "cpp-std"), ("fearless/rust", "rust-std")]
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
    rows = [w for w in WORKLOADS if w in seen_workloads]
    rows += [w for w in seen_workloads if w not in WORKLOADS]
    cols = [i for i in IMPL_ORDER if i in seen_impls]
    cols += [i for i in seen_impls if i not in IMPL_ORDER]
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
    print("seconds per workload (lower is better, fastest of the timed runs); "
          "fearless/std = cpp-fearless / cpp-std, fearless/rust = cpp-fearless / rust-std "
          "(below 1: fearless faster)")
    print()
    print(plain(header, body))
    if args.markdown:
        print()
        print(markdown(header, body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
