#!/usr/bin/env python3
"""Seeds the corpus of fearless-fuzz with the project's own C and C++: the
checker's lit tests and their inputs, the bundled examples and the fuzz
regressions. An input's first byte chooses how the rest is compiled (see
tools/fearless-fuzz/FearlessFuzzer.cpp): C++ seeds get the prelude and
-std=c++20 (their own includes then cost nothing, the prelude being
precompiled), and also the compiler's default dialect without the prelude,
so that both ways are explored from the start; C seeds get no prelude.

    make_corpus.py CORPUS_DIR
Existing files in CORPUS_DIR (what earlier runs found) are kept.
"""
import glob
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PRELUDE, CXX20 = 1, 2


def sources():
    patterns = ["test/checker/**/*.cpp", "test/checker/**/*.c",
                "examples/*.cpp"]
    for pattern in patterns:
        yield from sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    corpus = sys.argv[1]
    os.makedirs(corpus, exist_ok=True)
    written = 0
    for path in sources():
        with open(path, "rb") as f:
            text = f.read()
        modes = [0] if path.endswith(".c") else [PRELUDE | CXX20, 0]
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
