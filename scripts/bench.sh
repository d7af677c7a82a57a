#!/usr/bin/env bash
# Scale benchmark.
#
#   scripts/bench.sh                  # N = 10000 100000 1000000, then the binary on 1M units
#   scripts/bench.sh 10000 50000      # other sizes
#   BINARY_N=100000 scripts/bench.sh  # size of the whole-binary run (0 skips it)
#
# 1. `cargo bench --bench scale -- N...`: per stage (config load, data load, score + rank, csv
#    render) the wall and CPU time and the peak resident memory, for each N (benches/scale.rs; the
#    district it writes comes from the tools crate, tools/src/scale/).
# 2. The whole `pingyi` binary (`pingyi rank --format csv`, which also scores the previous quarter
#    for its trend columns) on a generated district of BINARY_N villages, timed with
#    `/usr/bin/time -v` when it is installed (`apt-get install time`), else with bash's `time`
#    (no peak memory then).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(10000 100000 1000000)
fi
binary_n=${BINARY_N:-1000000}

echo "== cargo bench --bench scale -- ${sizes[*]}"
cargo bench --bench scale -- "${sizes[@]}"

if [ "$binary_n" = 0 ]; then
    exit 0
fi

echo
echo "== the pingyi binary on a generated district of $binary_n villages"
cargo build --release --quiet --bin pingyi
target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="${target_dir:-target}/release/pingyi"

work=$(mktemp -d "${TMPDIR:-/tmp}/pingyi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cargo bench --quiet --bench scale -- --keep "$work" --generate-only "$binary_n"
district="$work/n$binary_n"
cmd=("$bin" rank --config "$district/scoring-config.toml" --data "$district/data" --format csv --quiet)
echo "\$ ${cmd[*]} | wc -c"

status=0
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    bytes=$(/usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" | wc -c) || status=$?
    grep -E 'Exit status|Elapsed \(wall|User time|System time|Percent of CPU|Maximum resident' "$work/time.txt" |
        sed 's/^[[:space:]]*/  /'
else
    echo "(/usr/bin/time -v is not available: wall and CPU time only; apt-get install time adds the peak memory)"
    time { bytes=$("${cmd[@]}" | wc -c) || status=$?; }
fi
echo "csv output: $bytes bytes"
exit "$status"
