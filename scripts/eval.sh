#!/usr/bin/env bash
# Scores the directive extractor on the shared dev corpus, in both punctuation variants (ASCII and full-width),
# listing every miss. Fails when either variant is below the CI thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus="${CORPUS:-../shared/corpus/dev}"
thresholds=(--min-seg 0.9 --min-units 0.8 --min-deadline 0.85)
status=0
for variant in "" "--fullwidth"; do
  echo "== ${variant:-ascii}"
  node ../shared/corpus/score.mjs --corpus "$corpus" $variant --show "${thresholds[@]}" \
    -- node --import tsx src/cli.ts extract --jsonl || status=1
done
exit $status
