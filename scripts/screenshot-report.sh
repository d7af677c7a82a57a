#!/usr/bin/env bash
# Renders a pingyi report.html with headless Chromium into PNG screenshots, to look at the report
# as a person would: does Chinese render (not boxes), does anything overlap, are charts legible?
#
# Usage: scripts/screenshot-report.sh [REPORT_DIR] [OUT_DIR]
#   REPORT_DIR  a package written by `pingyi report --out DIR` (default: out)
#   OUT_DIR     where the PNGs go (default: docs/screenshots)
#
# Installs nothing. Needs Chromium and CJK fonts, e.g. on Debian/Ubuntu:
#   apt-get install -y chromium fonts-noto-cjk
# and ImageMagick (`convert`) to crop and shrink the screenshots (optional: without it the full
# window captures are kept). Chromium is never run by `cargo test`.
#
# Screenshots (each a 1280-px-wide window, cropped and scaled to ≤ ~300 KB):
#   report-top.png           the cover, table of contents and district overview
#   report-track-chart.png   the first track: totals by grade and rank change
#   report-dimensions.png    the first track: the 3+N dimension breakdown
#   report-villages.png      the district-wide village track: top/bottom slices and the
#                            distribution of village and community scores per township
#   report-print.pdf         (not kept) an A4 print of the whole report, to check page breaks;
#                            its page count is printed.
set -euo pipefail

report_dir=${1:-out}
out_dir=${2:-docs/screenshots}
html="$report_dir/report.html"
[ -f "$html" ] || { echo "error: $html not found (run: pingyi report --out $report_dir)" >&2; exit 1; }

chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then chrome=$c; break; fi
done
[ -n "$chrome" ] || { echo "error: no chromium found (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
fc-list :lang=zh 2>/dev/null | grep -q . || echo "warning: no Chinese font found (apt-get install -y fonts-noto-cjk): text will render as boxes" >&2

mkdir -p "$out_dir"
abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shot NAME ANCHOR HEIGHT: a 1280×HEIGHT window scrolled to #ANCHOR (empty = the top).
shot() {
  local name=$1 anchor=$2 height=$3
  local url="file://$abs_html${anchor:+#$anchor}"
  "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d -p "$work")" --window-size="1280,$height" \
    --screenshot="$work/$name.png" "$url" >/dev/null 2>&1
  if command -v convert >/dev/null 2>&1; then
    # Trim the white margin, shrink to 1000 px wide, 256 colours: small, still legible.
    convert "$work/$name.png" -trim +repage -resize '1000x>' -colors 256 -strip \
      "PNG8:$out_dir/$name.png"
  else
    cp "$work/$name.png" "$out_dir/$name.png"
  fi
  echo "$out_dir/$name.png ($(du -k "$out_dir/$name.png" | cut -f1) KB)"
}

shot report-top "" 2000
shot report-track-chart track-0 1900
shot report-dimensions track-0-dimensions 1000
# The last track is the district-wide village track in the sample district.
last=$(grep -o 'id="track-[0-9]*"' "$html" | tail -1 | sed 's/id="\(.*\)"/\1/')
shot report-villages "$last" 2400
shot report-village-distribution "$last-distribution" 1000

"$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$work")" \
  --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$abs_html" >/dev/null 2>&1 || true
if [ -f "$work/report.pdf" ]; then
  pages=$(grep -c '/Type */Page[^s]' "$work/report.pdf" || true)
  echo "A4 print: $pages page(s)"
fi
