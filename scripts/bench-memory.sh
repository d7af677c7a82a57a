#!/usr/bin/env bash
# pingyi within a memory bound (issue: scale): the ranking of W with its previous quarter, and
# `check`, each run under `prlimit --as` (the address space the process may map — heap, thread
# stacks and the allocator's per-thread arenas included, so it sits above the peak resident
# memory). Prints each run's exit status, wall time and peak resident memory, and fails when a
# run does not finish within the bound.
#
#   scripts/bench-memory.sh W [LIMIT_MIB]      # default 450 MiB
#
# W is a folder prepared as for scripts/bench-peers.sh (W/pd from ../shared/perf/to_pingyi.py).
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?usage: scripts/bench-memory.sh W [LIMIT_MIB]}
limit=${2:-450}
command -v prlimit >/dev/null || { echo "needs prlimit (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --bin pingyi
bin=target/release/pingyi
out=$(mktemp -d "${TMPDIR:-/tmp}/pingyi-memory.XXXXXX")
trap 'rm -rf "$out"' EXIT
units=$(($(wc -l <"$W/pd/prev/units.csv") - 1))
names=("rank --format csv -o F (previous quarter present)" "check (previous quarter present)")
cmds=("$bin rank --quiet --config $W/pd/scoring-config.toml --data $W/pd/prev --format csv --output $out/p.csv"
    "$bin check --quiet --config $W/pd/scoring-config.toml --data $W/pd/prev")
printf '%s units, address space limited to %s MiB (prlimit --as)\n' "$units" "$limit"
printf '%-52s %6s %9s %10s\n' command exit "wall s" "peak MiB"
failed=0
for i in "${!cmds[@]}"; do
    set +e
    # shellcheck disable=SC2086
    prlimit --as=$((limit * 1024 * 1024)) /usr/bin/time -f "%x %e %M" -o "$out/t" ${cmds[$i]} >/dev/null 2>"$out/err"
    set -e
    # A run killed by a signal (an allocation refused aborts) has a line saying so first.
    read -r code wall kib < <(tail -1 "$out/t")
    grep -q 'terminated by signal' "$out/t" && code="sig$(grep -o '[0-9]*$' <(head -1 "$out/t"))"
    printf '%-52s %6s %9s %10.0f\n' "${names[$i]}" "$code" "$wall" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')"
    if [ "$code" != 0 ]; then
        failed=1
        sed 's/^/    /' "$out/err" | tail -3
    fi
done
exit $failed
