#!/usr/bin/env bash
# End-to-end corpus benchmark for `mtlint score` (see docs/performance.md).
#
#   benches/corpus.sh [TARGET_MB]      # default 500
#
# Builds bench-data/corpus.jsonl by repeating ../shared/data/de-en-htmt/train.jsonl (with the
# ids made unique) until it reaches TARGET_MB, then scores it with 1 and 2 jobs, printing wall
# time, throughput and peak RSS for each run, built with the `dist` profile (fat LTO, as
# shipped). Needs GNU time (/usr/bin/time). MTLINT_DATA
# overrides the data directory (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-500}
src=${MTLINT_DATA:-../shared/data}/de-en-htmt/train.jsonl
[ -f "$src" ] || { echo "corpus.sh: $src not found" >&2; exit 2; }
mkdir -p bench-data
corpus=bench-data/corpus.jsonl
want=$((target_mb * 1000 * 1000))
if [ ! -f "$corpus" ] || [ "$(stat -c %s "$corpus")" -lt "$want" ]; then
  : > "$corpus"
  i=0
  while [ "$(stat -c %s "$corpus")" -lt "$want" ]; do
    sed "s/\"id\": \"/\"id\": \"r$i-/" "$src" >> "$corpus"
    i=$((i + 1))
  done
fi
bytes=$(stat -c %s "$corpus")
records=$(wc -l < "$corpus")
echo "corpus: $corpus, $records records, $((bytes / 1000000)) MB"
cargo build --profile dist --quiet
for jobs in 1 2; do
  /usr/bin/time -f "%e %M" -o bench-data/time.txt \
    ./target/dist/mtlint score --quiet --jobs "$jobs" "$corpus" -o bench-data/scores.jsonl
  read -r secs rss_kb < bench-data/time.txt
  out=$(wc -l < bench-data/scores.jsonl)
  awk -v b="$bytes" -v s="$secs" -v r="$rss_kb" -v j="$jobs" -v o="$out" -v n="$records" 'BEGIN {
    printf "jobs %d: %.1f s, %.1f MB/s (%.1f MB/s per core), peak RSS %.0f MB, %d of %d records out\n",
      j, s, b / 1e6 / s, b / 1e6 / s / j, r / 1024, o, n }'
done
