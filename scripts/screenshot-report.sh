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
# Screenshots (each a 1280-px-wide window, trimmed and scaled to ≤ ~300 KB):
#   report-top.png                  the cover, table of contents and district overview
#   report-track-charts.png         the first track: totals by grade and rank change
#   report-dimensions.png           the first track: the 3+N dimension breakdown
#   report-track-tables.png         the first track: ranked table, gaps and requirement lines
#   report-villages.png             the district-wide village track: top and bottom slices of
#                                   the totals and the distribution of all totals
#   report-village-distribution.png village and community scores per township
#   report-print.png                the first three A4 pages of the printed handout (needs
#                                   ghostscript); the page count of the print is shown.
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

# shot NAME HEIGHT [CSS]: a 1280×HEIGHT window on the report. Headless Chromium does not paint
# after scrolling to a #fragment, so a part further down is shown by adding CSS that hides
# everything else (a copy of the page with one more <style>; the report itself is untouched).
shot() {
  local name=$1 height=$2 css=${3:-}
  local page=$abs_html
  if [ -n "$css" ]; then
    page="$work/$name.html"
    sed "s|</head>|<style>$css</style></head>|" "$abs_html" >"$page"
  fi
  "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d -p "$work")" --window-size="1280,$height" \
    --screenshot="$work/$name.png" "file://$page" >/dev/null 2>&1
  if command -v convert >/dev/null 2>&1; then
    # Trim the white margin, shrink to at most 1000 px wide, 64 colours: small, still legible.
    convert "$work/$name.png" -trim +repage -bordercolor white -border 12 \
      -resize '1000x>' -colors 64 -strip "PNG8:$out_dir/$name.png"
  else
    cp "$work/$name.png" "$out_dir/$name.png"
  fi
  echo "$out_dir/$name.png ($(du -k "$out_dir/$name.png" | cut -f1) KB)"
}

# only SECTION [KEEP…]: CSS showing one section of the page, and in it only the KEEP selectors
# (all of it when none is given).
only() {
  local section=$1; shift
  local css="header.cover, footer, main > section:not(#$section) { display: none !important; }"
  if [ $# -gt 0 ]; then
    local keep=""
    for k in "$@"; do keep="$keep:not($k)"; done
    css="$css #$section > *$keep { display: none !important; }"
  fi
  printf '%s' "$css"
}

# The last track is the district-wide village track in the sample district.
last=$(grep -o 'id="track-[0-9]*"' "$html" | tail -1 | sed 's/id="\(.*\)"/\1/')

shot report-top 1500
shot report-track-charts 1400 "$(only track-0 h2 .lead "#track-0-totals" "#track-0-rank-change")"
shot report-dimensions 900 "$(only track-0 "#track-0-dimensions")"
shot report-track-tables 1300 "$(only track-0 h3 table .note ul)"
shot report-villages 1900 "$(only "$last" h2 .lead "#$last-totals" "#$last-histogram")"
shot report-village-distribution 1000 "$(only "$last" "#$last-distribution")"

"$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$(mktemp -d -p "$work")" \
  --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$abs_html" >/dev/null 2>&1 || true
if [ -f "$work/report.pdf" ]; then
  pages=$( (grep -a -o -E '/Type ?/Page([^s]|$)' "$work/report.pdf" || true) | wc -l)
  echo "A4 print: $pages page(s)"
  if command -v gs >/dev/null 2>&1; then
    # The first pages of the printed handout, side by side.
    gs -q -dNOPAUSE -dBATCH -sDEVICE=png16m -r40 -dFirstPage=1 -dLastPage=3 \
      -sOutputFile="$work/print-%d.png" "$work/report.pdf"
    convert "$work"/print-1.png "$work"/print-2.png "$work"/print-3.png -bordercolor '#999' \
      -border 1 +append -colors 64 -strip "PNG8:$out_dir/report-print.png"
    echo "$out_dir/report-print.png ($(du -k "$out_dir/report-print.png" | cut -f1) KB)"
  fi
fi
