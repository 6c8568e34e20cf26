#!/usr/bin/env bash
# Compares two mtlint binaries on one corpus, runs alternated so that both see the same machine:
#
#   benches/compare.sh OLD_BINARY NEW_BINARY [CORPUS] [ROUNDS]
#
# CORPUS defaults to bench-data/corpus.jsonl (built by benches/corpus.sh), ROUNDS to 3. Each
# round scores the corpus with `score --quiet --jobs 1` with the old binary, then the new one,
# and prints wall time, CPU seconds (user + system), MB per CPU-second and peak RSS. Needs GNU
# time (/usr/bin/time). docs/performance.md says how the figures are read. Build both binaries
# with the same profile: `cargo build --profile dist` (target/dist/mtlint), as shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1
new=$2
corpus=${3:-bench-data/corpus.jsonl}
rounds=${4:-3}
[ -f "$corpus" ] || { echo "compare.sh: $corpus not found (run benches/corpus.sh first)" >&2; exit 2; }
bytes=$(stat -c %s "$corpus")
echo "corpus: $corpus, $((bytes / 1000000)) MB; $rounds rounds, old then new"
for r in $(seq 1 "$rounds"); do
  for which in old new; do
    bin=$old
    [ "$which" = new ] && bin=$new
    /usr/bin/time -f "%e %U %S %M" -o bench-data/time.txt \
      "$bin" score --quiet --jobs 1 "$corpus" -o bench-data/compare-$which.jsonl
    read -r wall user sys rss_kb < bench-data/time.txt
    awk -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss_kb" -v n="$which" -v r="$r" 'BEGIN {
      printf "round %d %-3s: %.1f s wall, %.1f CPU-s, %.1f MB per CPU-s, peak RSS %.0f MB\n",
        r, n, w, u + s, b / 1e6 / (u + s), m / 1024 }'
  done
done
