#!/usr/bin/env bash
# `agora vat` as an accountant's script sees it: exact output lines and exit statuses.
#   Tests/e2e/vat_cli.sh PATH_TO_AGORA_BINARY
set -uo pipefail
bin=${1:?usage: vat_cli.sh PATH_TO_AGORA_BINARY}
passed=0 failed=0
expect() {  # name, expected output (grep -F pattern per line), expected status, command…
  local name=$1 want=$2 status=$3; shift 3
  local out code
  out=$("$bin" "$@" 2>&1); code=$?
  local ok=1
  [[ $code -eq $status ]] || ok=0
  while IFS= read -r line; do [[ -z "$line" ]] && continue; grep -qF -- "$line" <<<"$out" || ok=0; done <<<"$want"
  if [[ $ok -eq 1 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name (exit $code)"; echo "$out"; fi
}
tab=$'\t'
expect "all valid exits 0" "LU26375245${tab}LU26375245${tab}valid" 0 vat check LU26375245
expect "one invalid exits 1" "lu 263 752 46${tab}LU26375246${tab}invalid${tab}check digit mismatch
FR40303265045${tab}FR40303265045${tab}valid" 1 vat check LU26375245 "lu 263 752 46" FR40303265045
expect "missing prefix with --country" "26375245${tab}LU26375245${tab}valid" 0 vat check --country LU 26375245
expect "Greek numbers read as EL" "${tab}EL094259216${tab}valid" 0 vat check "GR 094259216"
expect "LU before 2024" "LU${tab}standard${tab}16 %" 0 vat rate LU --date 2023-06-01
expect "LU from 2024" "LU${tab}standard${tab}17 %" 0 vat rate LU --date 2024-01-01
expect "FI 25.5" "FI${tab}standard${tab}25.5 %" 0 vat rate FI --date 2024-09-01
expect "EE 24 from July 2025" "EE${tab}standard${tab}24 %" 0 vat rate EE --date 2025-07-01
expect "unknown country refused" "" 1 vat rate ZZ
expect "Art. 138" "regime${tab}intra_community_exempt
category${tab}K
mention${tab}Exempt intra-Community supply — Art. 138 Directive 2006/112/EC" 0 vat regime --seller LU --buyer FR --vat-number FR40303265045 --b2b
expect "below the threshold: origin" "regime${tab}distance_sale_origin
rate${tab}17 % (LU)" 0 vat regime --seller LU --buyer FR --distance-sales-cents 999000 --amount-cents 1000
expect "the sale that crosses: destination" "regime${tab}distance_sale_destination_oss
rate${tab}20 % (FR)" 0 vat regime --seller LU --buyer FR --distance-sales-cents 999000 --amount-cents 1001
expect "export" "regime${tab}export
category${tab}G" 0 vat regime --seller LU --buyer US
echo "agora vat: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
