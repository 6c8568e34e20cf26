#!/usr/bin/env bash
# Grouped k-fold cross-validation of `mtlint train` on de-en-htmt train: versions of one source
# document (same `pair`) stay in one fold. Prints the held-out metrics per fold and pooled
# false-positive rates by origin, the out-of-sample estimate behind docs/evaluation.md.
#
#   benches/cv.sh [K]        (default K = 5; needs ../shared/data and python3)
set -euo pipefail
K=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$ROOT/../shared/data/de-en-htmt/train.jsonl}
BIN=$ROOT/target/release/mtlint
OUT=$ROOT/bench-data/cv
mkdir -p "$OUT"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
python3 - "$DATA" "$OUT" "$K" <<'PY'
import json, sys, zlib
data, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
folds = [[] for _ in range(k)]
for line in open(data, encoding="utf-8"):
    r = json.loads(line)
    folds[zlib.crc32(r["pair"].encode()) % k].append(line)
for i in range(k):
    with open(f"{out}/test{i}.jsonl", "w") as t, open(f"{out}/train{i}.jsonl", "w") as tr:
        for j, f in enumerate(folds):
            (t if i == j else tr).writelines(f)
PY
for i in $(seq 0 $((K - 1))); do
  "$BIN" train "$OUT/train$i.jsonl" -o "$OUT/w$i.toml" 2>/dev/null
  "$BIN" eval "$OUT/test$i.jsonl" --weights "$OUT/w$i.toml" --by origin --format json > "$OUT/eval$i.json"
done
python3 - "$OUT" "$K" <<'PY'
import json, sys
out, k = sys.argv[1], int(sys.argv[2])
flag = {}
for i in range(k):
    e = json.load(open(f"{out}/eval{i}.json"))
    print(f"fold {i}: {e['documents']} docs, ROC-AUC {e['roc_auc']:.3f}, "
          f"paired win rate {e['paired_win_rate']:.3f}")
    for g in e["groups"]:
        s = flag.setdefault(g["group"], [0, 0.0, 0.0])
        s[0] += g["documents"]; s[1] += g["flagged_suspect"] * g["documents"]
        s[2] += g["flagged_likely_mt"] * g["documents"]
print("held out, pooled over folds: share flagged at suspect / likely-mt")
for g, (n, s, l) in sorted(flag.items()):
    print(f"  {g:<30} {n:>5} docs  {100*s/n:5.1f}%  {100*l/n:5.1f}%")
PY
