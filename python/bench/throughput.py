"""Throughput of Linter.score_batch against `mtlint score --jobs 1` on the same JSONL corpus.

    python python/bench/throughput.py CORPUS.jsonl [--mtlint target/release/mtlint]
        [--threads 1 2] [--batch 2000] [--limit-mb 0]

Reads the "text" field of every line (the reading is not timed), then times score_batch in
batches of --batch texts for each --threads value: CPU seconds of the process
(time.process_time) and wall seconds, per MB of text (UTF-8). With --mtlint it also runs the
CLI with `score --jobs 1 --quiet` on the same file and reports its user+sys CPU per MB (which
includes reading and writing JSON). Build both the same way, e.g.

    CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \\
        cargo build --release --bin mtlint
    CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \\
        maturin build --release -m python/Cargo.toml -o target/wheels
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time

import numpy as np

import mtlint


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--mtlint", help="the CLI binary to compare with")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--limit-mb", type=float, default=0, help="stop reading after this much text")
    args = ap.parse_args()

    texts = []
    size = 0
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line).get("text")
            texts.append(t)
            size += len(t.encode("utf-8")) if isinstance(t, str) else 0
            if args.limit_mb and size >= args.limit_mb * 1e6:
                break
    mb = size / 1e6
    print(f"{len(texts)} texts, {mb:.1f} MB of text")

    for n in args.threads:
        linter = mtlint.Linter(threads=n)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        out = [linter.score_batch(texts[i : i + args.batch]) for i in range(0, len(texts), args.batch)]
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        scores = np.concatenate(out)
        print(
            f"score_batch threads={n}: {cpu:.1f} CPU-s ({cpu / mb * 1000:.1f} ms/MB), "
            f"{wall:.1f} s wall ({mb / wall:.2f} MB/s, {cpu / wall:.2f} cores busy), "
            f"{int(np.isnan(scores).sum())} NaN"
        )

    if args.mtlint:
        if args.limit_mb:
            print("(the CLI reads the whole file: leave out --limit-mb to compare)")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall0 = time.perf_counter()
        with open(os.devnull, "w") as null:
            subprocess.run(
                [args.mtlint, "score", "--jobs", "1", "--quiet", args.corpus], stdout=null, check=True
            )
        wall = time.perf_counter() - wall0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(
            f"mtlint score --jobs 1: {cpu:.1f} CPU-s ({cpu / mb * 1000:.1f} ms/MB), "
            f"{wall:.1f} s wall ({mb / wall:.2f} MB/s)"
        )


if __name__ == "__main__":
    main()
