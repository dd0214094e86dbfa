#!/usr/bin/env python3
"""Seeds the corpus of fearless-fuzz with the project's own C and C++: the
checker's lit tests and their inputs, the bundled examples and the fuzz
regressions. An input's first byte chooses how the rest is compiled (see
tools/fearless-fuzz/FearlessFuzzer.cpp): C++ seeds get the prelude and
-std=c++20 (their own includes then cost nothing, the prelude being
precompiled), and also the compiler's default dialect without the prelude,
so that both ways are explored from the start; C seeds get no prelude.

    make_corpus.py CORPUS_DIR [--smoke]
Existing files in CORPUS_DIR (what earlier runs found) are kept. --smoke
seeds a small corpus for ctest's fuzz-smoke run (libFuzzer runs every seed
before it mutates any, and the full set takes about two minutes): the
examples, each in one mode, and the C test.
"""
import glob
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PRELUDE, CXX20 = 1, 2


def sources(smoke):
    patterns = (["examples/*.cpp", "test/checker/fearless-detached-thread.c"]
                if smoke else
                ["test/checker/**/*.cpp", "test/checker/**/*.c",
                 "examples/*.cpp"])
    for pattern in patterns:
        yield from sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


def main():
    args = sys.argv[1:]
    smoke = "--smoke" in args
    if smoke:
        args.remove("--smoke")
    if len(args) != 1:
        sys.exit(__doc__)
    corpus = args[0]
    os.makedirs(corpus, exist_ok=True)
    written = 0
    for number, path in enumerate(sources(smoke)):
        with open(path, "rb") as f:
            text = f.read()
        modes = [0] if path.endswith(".c") else [PRELUDE | CXX20, 0]
        if smoke:
            modes = modes[number % len(modes):][:1]
        for mode in modes:
            data = bytes([mode]) + text
            name = hashlib.sha1(data).hexdigest()  # libFuzzer's own naming
            target = os.path.join(corpus, name)
            if not os.path.exists(target):
                with open(target, "wb") as f:
                    f.write(data)
                written += 1
    # Regressions are stored whole, mode byte included.
    for path in sorted(glob.glob(os.path.join(ROOT, "test/fuzz/regressions/*.input"))):
        with open(path, "rb") as f:
            data = f.read()
        target = os.path.join(corpus, hashlib.sha1(data).hexdigest())
        if not os.path.exists(target):
            with open(target, "wb") as f:
                f.write(data)
            written += 1
    print(f"make_corpus: {written} new seeds in {corpus}")


if __name__ == "__main__":
    main()
