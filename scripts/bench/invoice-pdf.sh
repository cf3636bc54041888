#!/usr/bin/env bash
# Invoice PDFs, Agora against WeasyPrint, in one run: the same 20-line one-page invoice
# (`agora bench invoice-pdf` dumps its laid-out content as JSON; weasyprint_invoice.py makes the
# HTML and CSS for it) rendered one at a time by each after a warm-up, then a batch of 10,000 by
# Agora on every core with its resident memory every thousand. Release build. Prints a table.
#   scripts/bench/invoice-pdf.sh [agora-count] [weasyprint-count] [batch]
# The build and the measurements hold /tmp/agora-build.lock (taken here: do not wrap this
# script in flock), so nothing else on the machine competes for the cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
agora_count=${1:-1000}
weasy_count=${2:-50}
batch=${3:-10000}
here=scripts/bench
lock=${AGORA_BUILD_LOCK:-/tmp/agora-build.lock}

# WeasyPrint's system libraries (Pango, HarfBuzz's subsetter, the fonts) and pdfinfo for the page
# counts, installed only when missing.
missing=()
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# WeasyPrint from PyPI, pinned, in a venv of its own.
venv="$here/.venv"
if ! "$venv/bin/python" -c "import weasyprint" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements-weasyprint.txt"
fi

flock "$lock" swift build -c release --product agora >/dev/null
bin="$(swift build -c release --show-bin-path)/agora"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

flock "$lock" bash -c '
  set -euo pipefail
  "$1" bench invoice-pdf --count "$2" --batch "$3" --json "$4/invoice.json" --pdf "$4/agora.pdf" --machine >"$4/agora.result"
  "$5/bin/python" "$6/weasyprint_invoice.py" "$4/invoice.json" --count "$7" --pdf "$4/weasyprint.pdf" >"$4/weasyprint.result"
' _ "$bin" "$agora_count" "$batch" "$dir" "$venv" "$here" "$weasy_count"

"$venv/bin/python" - "$dir" <<'EOF'
import json, subprocess, sys
d = sys.argv[1]
a = json.load(open(f"{d}/agora.result"))
w = json.load(open(f"{d}/weasyprint.result"))
def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")), "?")
rows = [
    ("per invoice, median", f"{a['sequential_median_ms']:.2f} ms", f"{w['median_ms']:.1f} ms"),
    ("per invoice, p99", f"{a['sequential_p99_ms']:.2f} ms", f"{w['p99_ms']:.1f} ms"),
    ("invoices timed one at a time", str(a["sequential_count"]), str(w["count"])),
    ("PDF size, pages", f"{a['pdf_bytes']:,} B, {pages(d + '/agora.pdf')}", f"{w['pdf_bytes']:,} B, {pages(d + '/weasyprint.pdf')}"),
]
if "batch_seconds" in a:
    rss = a["batch_rss_mib"]
    rows += [
        (f"batch of {a['batch_count']:,} on {a['batch_threads']} threads", f"{a['batch_seconds']:.1f} s ({a['batch_per_second']:.0f}/s)",
         f"~{w['median_ms'] * a['batch_count'] / a['batch_threads'] / 1000:.0f} s (est.)"),
        ("RSS after 1,000 / all, peak", f"{rss[1]['rss'] if len(rss) > 1 else rss[0]['rss']:.0f} / {rss[-1]['rss']:.0f} / {a['batch_hwm_mib']:.0f} MiB", "—"),
    ]
print(f"{'':34} {'Agora':>24} {'WeasyPrint ' + w['weasyprint_version']:>22}")
for name, agora, weasy in rows:
    print(f"{name:34} {agora:>24} {weasy:>22}")
print(f"Agora is {w['median_ms'] / a['sequential_median_ms']:.0f}x faster per invoice (median against median)")
print("resident memory after each 1,000 (MiB): " + ", ".join(f"{s['rss']:.0f}" for s in a.get("batch_rss_mib", [])))
EOF
