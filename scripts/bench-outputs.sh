#!/usr/bin/env bash
# The outputs beside the ranking CSV at scale (issue: scale): each command run on W with its
# previous quarter under /usr/bin/time, ROUNDS times in turn; prints the median wall time, CPU
# time (user + system), peak resident memory and the size of what it wrote.
#
#   scripts/bench-outputs.sh W [ROUNDS]      # default 1 round
#
# W is a folder prepared as for scripts/bench-peers.sh (W/pd from ../shared/perf/to_pingyi.py).
# The workbooks of more than 20,000 rows go through temporary files in TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?usage: scripts/bench-outputs.sh W [ROUNDS]}
rounds=${2:-1}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --bin pingyi
bin=target/release/pingyi
out=$(mktemp -d "${TMPDIR:-/tmp}/pingyi-outputs.XXXXXX")
trap 'rm -rf "$out"' EXIT
units=$(($(wc -l <"$W/pd/prev/units.csv") - 1))
args="--quiet --config $W/pd/scoring-config.toml --data $W/pd/prev"
names=("rank -o F.xlsx" "gaps -o F.xlsx" "gaps -o F.csv" "summary -o F.xlsx")
files=(r.xlsx g.xlsx g.csv s.xlsx)
cmds=("$bin rank $args --output $out/r.xlsx" "$bin gaps $args --output $out/g.xlsx"
    "$bin gaps $args --output $out/g.csv" "$bin summary $args --output $out/s.xlsx")
for ((r = 0; r < rounds; r++)); do
    for i in "${!cmds[@]}"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "$i %e %U %S %M" -a -o "$out/times" ${cmds[$i]} >/dev/null
    done
done
printf '%s units, %s round(s), medians\n' "$units" "$rounds"
printf '%-20s %9s %9s %10s %10s\n' command "wall s" "CPU s" "peak MiB" "output MB"
for i in "${!cmds[@]}"; do
    med() { awk -v i="$i" -v f="$1" '$1 == i { print (f == "cpu") ? $3 + $4 : (f == "mem") ? $5 / 1024 : $2 }' "$out/times" |
        sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    size=$(stat -c %s "$out/${files[$i]}")
    printf '%-20s %9.2f %9.2f %10.0f %10.1f\n' "${names[$i]}" "$(med wall)" "$(med cpu)" "$(med mem)" "$(awk -v s="$size" 'BEGIN { print s / 1e6 }')"
done
