#!/usr/bin/env bash
# pingyi against its performance anchors, side by side on the same data (issue: scale).
#
#   scripts/bench-peers.sh W [ROUNDS]
#
# W is a folder prepared as ../shared/perf/README.md describes: W/d.csv (gen.py, the current
# quarter), W/pd (to_pingyi.py: scoring-config.toml, prev/ and noprev/), and optionally W/pv (a
# venv with polars) for the polars peer. The parse floor is built from ../shared/perf/rustprobe
# (PERF=... points elsewhere). Each round runs every command once, in turn, so that a busy machine
# slows them alike; the table gives the median wall time, CPU time (user + system) and peak
# resident memory over the rounds, and each command's ratio to the parse floor's wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?usage: scripts/bench-peers.sh W [ROUNDS]}
rounds=${2:-3}
perf=${PERF:-../shared/perf}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin pingyi
cargo build --release --quiet --manifest-path "$perf/rustprobe/Cargo.toml" --target-dir target/peers
bin=target/release/pingyi
parse=target/peers/release/parse
out=$(mktemp -d "${TMPDIR:-/tmp}/pingyi-peers.XXXXXX")
trap 'rm -rf "$out"' EXIT

names=("parse floor (csv + str::parse)" "pingyi rank --format csv -o F (previous quarter present)"
    "pingyi rank --format csv -o F (one quarter)" "pingyi rank --lean -o F (previous quarter present)"
    "pingyi check")
cmds=("$parse $W/d.csv"
    "$bin rank --quiet --config $W/pd/scoring-config.toml --data $W/pd/prev --format csv --output $out/p.csv"
    "$bin rank --quiet --config $W/pd/scoring-config.toml --data $W/pd/noprev --format csv --output $out/n.csv"
    "$bin rank --quiet --config $W/pd/scoring-config.toml --data $W/pd/prev --lean --output $out/l.csv"
    "$bin check --quiet --config $W/pd/scoring-config.toml --data $W/pd/prev")
if [ -x "$W/pv/bin/python" ] && "$W/pv/bin/python" -c 'import polars' 2>/dev/null; then
    names+=("polars (lazy, both cores)")
    cmds+=("$W/pv/bin/python $perf/score_polars.py $W/d.csv $out/polars.csv")
fi

for ((r = 0; r < rounds; r++)); do
    for i in "${!cmds[@]}"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "$i %e %U %S %M" -a -o "$out/times" ${cmds[$i]} >/dev/null
    done
done

printf '%-58s %9s %9s %10s %8s\n' "command ($rounds rounds, medians)" "wall s" "CPU s" "peak MiB" "× floor"
floor=""
for i in "${!cmds[@]}"; do
    med() { awk -v i="$i" -v f="$1" '$1 == i { print (f == "cpu") ? $3 + $4 : (f == "mem") ? $5 / 1024 : $2 }' "$out/times" |
        sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    wall=$(med wall) cpu=$(med cpu) mem=$(med mem)
    [ -n "$floor" ] || floor=$wall
    printf '%-58s %9.2f %9.2f %10.0f %8.1f\n' "${names[$i]}" "$wall" "$cpu" "$mem" "$(awk -v a="$wall" -v b="$floor" 'BEGIN { print a / b }')"
done
