#!/usr/bin/env bash
# Runs every command and format of a pingyi binary on one district and keeps what each printed
# (stdout, stderr, exit status) and wrote, so that two builds can be compared byte for byte:
#
#   scripts/golden.sh BIN OUT [CONFIG DATA]     # CONFIG/DATA default to the shipped sample
#   diff -r OUT_before OUT_after                # nothing printed = identical behaviour
#
# The binary should be named `pingyi` (clap prints its name in usage errors). Every run happens
# in the same scratch folder (paths in messages are then the same for both builds);
# SOURCE_DATE_EPOCH pins the manifests' run time.
set -uo pipefail

bin=$(realpath "$1")
out=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
config=$(realpath "${3:-$root/scoring-config.toml}")
data=$(realpath "${4:-$root/data}")
work=${GOLDEN_WORK:-/tmp/pingyi-golden-work}

rm -rf "$work" "$out"
mkdir -p "$work/d" "$out"
cp "$config" "$work/scoring-config.toml"
cp -r "$data"/. "$work/d/data/"
cd "$work/d" || exit 1
export SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 COLUMNS=160

n=0
run() {
    n=$((n + 1))
    local name
    name=$(printf '%03d' "$n")
    printf '%s\n' "$*" >"$out/$name.cmd"
    "$bin" "$@" --config ../scoring-config.toml >"$out/$name.out" 2>"$out/$name.err"
    echo "$?" >"$out/$name.status"
}
keep() { # keep a folder or file a command wrote, then remove it
    [ -e "$1" ] && mv "$1" "$out/$(printf '%03d' "$n").written"
}

period=$(ls -d data/*Q* 2>/dev/null | sort | tail -n 1 | xargs -n1 basename)
year=${period%Q*}
prev=$(ls -d data/*Q* 2>/dev/null | sort | tail -n 2 | head -n 1 | xargs -n1 basename)
first_track=$(sed -n 's/^id = "\(.*\)"/\1/p' ../scoring-config.toml | sed -n '1p')
tracks=$(awk '/^\[\[tracks\]\]/{t=1;next} t&&/^id =/{gsub(/"/,"",$3);print $3;t=0}' ../scoring-config.toml)

for f in table csv tsv json markdown; do
    run --format "$f"
    run --format "$f" --period "$prev"
    run gaps --format "$f"
    run summary --format "$f"
    run statement --all --format "$f"
    run rollup --year "$year" --format "$f"
    run rollup --year "$year" --upto Q2 --format "$f"
done
for t in $tracks; do
    run --track "$t" --format csv
    run gaps --track "$t" --format markdown
done
first_unit=$(sed -n '2p' data/units.csv | cut -d, -f1)
run statement "$first_unit" --format markdown
run statement "$first_unit" --format json
run gaps --unit "$first_unit" --format csv
run --against "$prev" --format csv
run --format csv --raw
run check
run check --period "$prev"
run --format csv --output o/r.csv --manifest o/m.json; keep o
run check --manifest m.json; keep m.json
run statement --all --out st; keep st
run statement --all --out st --format csv; keep st
run report --out rep; keep rep
# usage errors
run --track nosuch
run --period 1999Q1
run gaps --unit nosuch
run --output data/units.csv
run report --out rep --format csv
run statement
run rollup --year 1999
# workbooks and JSON Lines of the tabular commands (a workbook's bytes are fixed: its creation
# date is the period's last day)
for c in "" gaps summary "statement --all" "rollup --year $year"; do
    # shellcheck disable=SC2086
    run $c --output o/x.xlsx; keep o
done
run --format jsonl
run statement --all --format jsonl
echo "$n runs into $out"
