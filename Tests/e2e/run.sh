#!/usr/bin/env bash
# Checks by outside tools against a running server on a fresh SQLite database:
# openapi-spec-validator validates /openapi.json; schemathesis fuzzes every operation (signed
# in as the super admin) and fails on any 5xx, undocumented status, wrong content type or
# response that does not match its schema; a headless Chromium drives the admin, vendor, invoice and
# content page editors (hostile Markdown must stay inert), the public sites and a shopper on a storefront.
#   Tests/e2e/run.sh PATH_TO_AGORA_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh PATH_TO_AGORA_BINARY}
venv="$here/.venv"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi

dir=$(mktemp -d)
port=$(( 30000 + RANDOM % 20000 ))
password="e2e-admin-password"
AGORA_DATABASE_URL="sqlite://$dir/e2e.sqlite" AGORA_ADMIN_PASSWORD="$password" AGORA_LOG_LEVEL=error \
  "$bin" serve --port "$port" >"$dir/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

base="http://127.0.0.1:$port/oms"
for _ in $(seq 1 100); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$base/readyz" >/dev/null || { cat "$dir/server.log" >&2; echo "the server did not become ready" >&2; exit 1; }

curl -fs -c "$dir/jar" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@agora.local\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
cookie=$(awk '/agora_session/ {print $6"="$7}' "$dir/jar")
# The fuzzer sends a bearer token of its own for operations that accept tokens, which would
# hide the session; give it a real one (platform admin of OMS) instead.
oms_id=$(curl -fs -b "$dir/jar" "$base/api/v1/admin/platforms" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["code"]=="oms"][0])')
token=$(curl -fs -b "$dir/jar" -H 'content-type: application/json' -d "{\"name\":\"fuzzer\",\"platform_id\":\"$oms_id\"}" \
  "$base/api/v1/auth/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

echo "== openapi-spec-validator"
curl -fs "$base/openapi.json" >"$dir/openapi.json"
"$venv/bin/openapi-spec-validator" "$dir/openapi.json"

echo "== schemathesis"
# Logging out would end the fuzzer's own session; everything else is fair game. One worker:
# with two threads CPython 3.11 sometimes fails inside schemathesis while it builds Python
# syntax trees ("AST constructor recursion depth mismatch"), which failed two CI runs.
"$venv/bin/schemathesis" run "$base/openapi.json" -H "Cookie: $cookie" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --exclude-path /api/v1/auth/logout --max-examples "${AGORA_FUZZ_EXAMPLES:-30}" -w 1 \
  --phases examples,coverage,fuzzing --seed 20261121

echo "== schemathesis on the vendor API, as a vendor owner"
# A vendor on OMS with an owner, so the vendor routes (catalog, stock, customers, orders) run
# their handlers instead of stopping at "which vendor?".
company=$(curl -fs -b "$dir/jar" -H 'content-type: application/json' -d "{\"name\":\"Fuzz\",\"country\":\"LU\",\"home_platform_id\":\"$oms_id\"}" \
  "$base/api/v1/admin/companies" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
vendor=$(curl -fs -b "$dir/jar" -H 'content-type: application/json' \
  -d "{\"company_id\":\"$company\",\"slug\":\"fuzz-shop\",\"name\":\"Fuzz shop\",\"country\":\"LU\",\"platform_id\":\"$oms_id\",\"tier_code\":\"business\"}" \
  "$base/api/v1/admin/vendors" | python3 -c 'import json,sys; print(json.load(sys.stdin)["vendor"]["id"])')
curl -fs -b "$dir/jar" -H 'content-type: application/json' \
  -d "{\"email\":\"owner@fuzz.test\",\"display_name\":\"Owner\",\"password\":\"fuzz-owner-password\",\"memberships\":[{\"role\":\"vendor_owner\",\"vendor_id\":\"$vendor\"}]}" \
  "$base/api/v1/admin/users" >/dev/null
curl -fs -c "$dir/owner-jar" -H 'content-type: application/json' -d '{"email":"owner@fuzz.test","password":"fuzz-owner-password"}' \
  "$base/api/v1/auth/login" >/dev/null
owner_cookie=$(awk '/agora_session/ {print $6"="$7}' "$dir/owner-jar")
owner_token=$(curl -fs -b "$dir/owner-jar" -H 'content-type: application/json' -d "{\"name\":\"fuzzer\",\"vendor_id\":\"$vendor\"}" \
  "$base/api/v1/auth/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$venv/bin/schemathesis" run "$base/openapi.json" -H "Cookie: $owner_cookie" -H "Authorization: Bearer $owner_token" \
  --include-path-regex '^/api/v1/vendor/' \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${AGORA_FUZZ_EXAMPLES:-30}" -w 1 --phases examples,coverage,fuzzing --seed 20261121

echo "== admin pages in Chromium (selenium)"
# The fuzzer has created and changed plenty; the browser test starts on a fresh server.
kill "$server"; wait "$server" 2>/dev/null || true
rm -f "$dir"/e2e.sqlite*
AGORA_DATABASE_URL="sqlite://$dir/e2e.sqlite" AGORA_ADMIN_PASSWORD="$password" AGORA_LOG_LEVEL=error \
  "$bin" serve --port "$port" >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
SE_OFFLINE=true "$venv/bin/python" "$here/admin_ui.py" "$base" "$password"

echo "== vendor pages in Chromium (selenium)"
SE_OFFLINE=true "$venv/bin/python" "$here/vendor_ui.py" "$base" "$password"

echo "== invoice pages in Chromium (selenium)"
SE_OFFLINE=true "$venv/bin/python" "$here/invoicing_ui.py" "$base" "$password"

echo "== the platforms' public sites in Chromium (selenium)"
SE_OFFLINE=true "$venv/bin/python" "$here/site_ui.py" "$base" "$password"

echo "== content page editors in Chromium (selenium)"
SE_OFFLINE=true "$venv/bin/python" "$here/cms_ui.py" "$base" "$password"

echo "== storefront in Chromium (selenium)"
SE_OFFLINE=true "$venv/bin/python" "$here/storefront_ui.py" "$base" "$password"
