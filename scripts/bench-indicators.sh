#!/usr/bin/env bash
# How the ranking scales in indicators (issue: scale): the 40-indicator data of W cut to every
# other indicator (20: 8 proportional, 7 efficacy, 5 rank; each track's total the points kept) and
# doubled (80: each indicator also under a second id `<id>b`, the same values and points; totals
# doubled), each ranked with its previous quarter, in turn each round. Prints the median wall
# time, CPU time (user + system) and peak resident memory of each.
#
#   scripts/bench-indicators.sh W [ROUNDS]      # default 5 rounds
#
# W is a folder prepared as for scripts/bench-peers.sh (W/pd from ../shared/perf/to_pingyi.py).
# The variants are written to a scratch folder and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:?usage: scripts/bench-indicators.sh W [ROUNDS]}
rounds=${2:-5}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --bin pingyi
bin=target/release/pingyi
out=$(mktemp -d "${TMPDIR:-/tmp}/pingyi-indicators.XXXXXX")
trap 'rm -rf "$out"' EXIT

python3 - "$W/pd" "$out" <<'PY'
import csv, os, re, shutil, sys
src, out = sys.argv[1], sys.argv[2]
cfg = open(f"{src}/scoring-config.toml", encoding="utf-8").read()
head, *blocks = cfg.split("[[indicators]]")
ident = lambda b: re.search(r'\nid = "([^"]+)"', b).group(1)
points = lambda b: float(re.search(r"village = ([\d.]+)", b).group(1))
for k in (20, 80):
    if k == 20:
        kept = blocks[::2]
        cols = [(ident(b), ident(b)) for b in kept]
    else:
        second = [b.replace(f'id = "{ident(b)}"', f'id = "{ident(b)}b"', 1) for b in blocks]
        kept = blocks + second
        cols = [(ident(b), ident(b)) for b in blocks] + [(ident(b) + "b", ident(b)) for b in blocks]
    total = sum(points(b) for b in kept)
    dest = f"{out}/k{k}"
    os.makedirs(dest)
    with open(f"{dest}/scoring-config.toml", "w", encoding="utf-8") as f:
        f.write(re.sub(r"\ntotal = [\d.]+", f"\ntotal = {total:g}", head))
        f.write("".join("[[indicators]]" + b for b in kept))
    for root, _, files in os.walk(f"{src}/prev"):
        rel = os.path.relpath(root, src)
        os.makedirs(f"{dest}/{rel}", exist_ok=True)
        for name in files:
            p, q = os.path.join(root, name), f"{dest}/{rel}/{name}"
            if name == "units.csv":
                shutil.copy(p, q)
                continue
            with open(p, newline="", encoding="utf-8") as fi, open(q, "w", newline="", encoding="utf-8") as fo:
                r, w = csv.reader(fi), csv.writer(fo)
                at = {c: i for i, c in enumerate(next(r))}
                w.writerow(["unit_id"] + [new for new, _ in cols])
                for row in r:
                    w.writerow([row[0]] + [row[at[old]] for _, old in cols])
PY

names=("20 indicators" "40 indicators" "80 indicators")
dirs=("$out/k20" "$W/pd" "$out/k80")
for ((r = 0; r < rounds; r++)); do
    for i in "${!dirs[@]}"; do
        d=${dirs[$i]}
        /usr/bin/time -f "$i %e %U %S %M" -a -o "$out/times" \
            "$bin" rank --quiet --config "$d/scoring-config.toml" --data "$d/prev" --format csv --output "$out/r.csv" >/dev/null
    done
done

printf '%-24s %9s %9s %10s\n' "rank, previous quarter" "wall s" "CPU s" "peak MiB"
for i in "${!dirs[@]}"; do
    med() { awk -v i="$i" -v f="$1" '$1 == i { print (f == "cpu") ? $3 + $4 : (f == "mem") ? $5 / 1024 : $2 }' "$out/times" |
        sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    printf '%-24s %9.2f %9.2f %10.0f\n' "${names[$i]}" "$(med wall)" "$(med cpu)" "$(med mem)"
done
