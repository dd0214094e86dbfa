"""What the benchmarks' compare_table.py scripts share: reading the result
lines `<workload> <impl> <seconds>`, the median and spread of repeated
results and the verdict they allow, ordering rows and columns, printing a
table as plain text and Markdown, and the command line. Each script keeps
only what is its own: its workloads, its columns and its ratio.
"""
import argparse
import re
import sys

LINE = re.compile(r"^(\S+)\s+(\S+)\s+([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*$")


def parse_samples(lines):
    """(samples, workloads, impls): every time of each (workload, impl), in
    the order read, and the workloads and impls in the order first seen."""
    samples = {}  # (workload, impl) -> [seconds, ...]
    seen_workloads, seen_impls = [], []
    for line in lines:
        m = LINE.match(line.strip())
        if not m:
            continue
        workload, impl, secs = m.group(1), m.group(2), float(m.group(3))
        samples.setdefault((workload, impl), []).append(secs)
        if workload not in seen_workloads:
            seen_workloads.append(workload)
        if impl not in seen_impls:
            seen_impls.append(impl)
    return samples, seen_workloads, seen_impls


def parse(lines):
    """(times, workloads, impls): the fastest time of each (workload, impl),
    and the workloads and impls in the order first seen. Lines not in the
    result format are ignored."""
    samples, seen_workloads, seen_impls = parse_samples(lines)
    return ({key: min(secs) for key, secs in samples.items()},
            seen_workloads, seen_impls)


def median(xs):
    ys = sorted(xs)
    n = len(ys)
    return ys[n // 2] if n % 2 else (ys[n // 2 - 1] + ys[n // 2]) / 2


def cell(xs, digits):
    """`median` for one sample, `median (min-max)` for several."""
    if not xs:
        return "-"
    text = f"{median(xs):.{digits}f}"
    if len(xs) > 1:
        text += f" ({min(xs):.{digits}f}-{max(xs):.{digits}f})"
    return text


# Below this many samples on either side a spread says nothing.
MIN_SAMPLES_FOR_VERDICT = 3


def verdict(ours, theirs):
    """ahead / behind when the spreads (min-max) of the two do not overlap,
    level when they do; '-' with too few samples to tell."""
    if len(ours) < MIN_SAMPLES_FOR_VERDICT or len(theirs) < MIN_SAMPLES_FOR_VERDICT:
        return "-"
    if max(ours) < min(theirs):
        return "ahead"
    if min(ours) > max(theirs):
        return "behind"
    return "level"


def ordered(preferred, seen):
    """The seen names: those in `preferred` in its order, then the rest in
    the order first seen."""
    return [n for n in preferred if n in seen] + [n for n in seen if n not in preferred]


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


def main(doc, build, caption, samples=False):
    """The command line of a compare_table.py: `[--markdown] [RESULTS...]`.
    build(times, workloads, impls) -> (header, body), or with `samples`
    build(samples, workloads, impls) with every time of each cell; caption
    says what the numbers and the ratio columns are."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
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
    times, seen_workloads, seen_impls = (parse_samples if samples else parse)(lines)
    if not times:
        print("compare_table: no result lines", file=sys.stderr)
        return 1
    header, body = build(times, seen_workloads, seen_impls)
    print(caption)
    print()
    print(plain(header, body))
    if args.markdown:
        print()
        print(markdown(header, body))
    return 0
