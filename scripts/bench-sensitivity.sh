#!/usr/bin/env bash
# Sensitivity benchmark: Monte Carlo runs per second over the sample district.
#
#   scripts/bench-sensitivity.sh            # 10,000 runs
#   scripts/bench-sensitivity.sh 100000     # other run counts
#
# 1. `cargo bench --bench sensitivity -- N`: the analysis alone (the period loaded once), with
#    and without the sensitivity indices, in runs per second of CPU time.
# 2. The whole binary (`pingyi sensitivity --runs N --no-indices --format csv`: load, score,
#    analyse, render), timed with bash's `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10000}
cargo bench --bench sensitivity -- "$runs"
cargo build --release --quiet --bin pingyi
target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="${target_dir:-target}/release/pingyi"
echo "== $bin sensitivity --runs $runs --no-indices --format csv"
time "$bin" sensitivity --runs "$runs" --no-indices --format csv >/dev/null
