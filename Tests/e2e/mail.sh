#!/usr/bin/env bash
# "Send invoice" through a real SMTP conversation: an aiosmtpd sink on 127.0.0.1 saves what it
# receives; `agora serve` on a fresh SQLite database sends through it with libcurl.
# 1. an issued invoice is sent: the message arrives with its To, its Subject in the invoice's
#    language, a text body and the PDF attached (Tests/e2e/mail.py reads it with Python's email);
# 2. the sink is stopped and the invoice sent again: accepted and queued, the mailing failing;
#    the sink comes back and the outbox's retry delivers the message.
#   Tests/e2e/mail.sh PATH_TO_AGORA_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: mail.sh PATH_TO_AGORA_BINARY}
venv="$here/.venv"
if ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/requirements.txt"
fi

dir=$(mktemp -d)
port=$(( 30000 + RANDOM % 15000 ))
smtp_port=$(( 45000 + RANDOM % 15000 ))
password="e2e-admin-password"
server="" sink=""
cleanup() {
  [[ -n "$sink" ]] && { kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; }
  [[ -n "$server" ]] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT

start_sink() {
  "$venv/bin/python" "$here/mail.py" sink "$smtp_port" "$dir/inbox" >>"$dir/sink.log" 2>&1 &
  sink=$!
  for _ in $(seq 1 100); do
    grep -q "SMTP sink on" "$dir/sink.log" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$dir/sink.log" >&2; echo "the SMTP sink did not start" >&2; exit 1
}
stop_sink() { kill "$sink"; wait "$sink" 2>/dev/null || true; sink=""; : >"$dir/sink.log"; }

# Waits up to $2 seconds for the inbox to hold $1 messages.
wait_for_messages() {
  for _ in $(seq 1 $(( $2 * 5 ))); do
    [[ $(find "$dir/inbox" -name '*.eml' 2>/dev/null | wc -l) -ge $1 ]] && return 0
    sleep 0.2
  done
  echo "expected $1 message(s) within $2 s; the inbox has $(find "$dir/inbox" -name '*.eml' 2>/dev/null | wc -l)" >&2
  cat "$dir/server.log" >&2
  exit 1
}

start_sink
AGORA_DATABASE_URL="sqlite://$dir/e2e.sqlite" AGORA_ADMIN_PASSWORD="$password" AGORA_LOG_LEVEL=error \
  AGORA_SMTP_URL="smtp://127.0.0.1:$smtp_port" AGORA_MAIL_FROM="Agora Billing <billing@agora.test>" AGORA_SMTP_TIMEOUT_SECONDS=10 \
  "$bin" serve --port "$port" >"$dir/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port/oms"
for _ in $(seq 1 100); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$base/readyz" >/dev/null || { cat "$dir/server.log" >&2; echo "the server did not become ready" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -fs -c "$dir/jar" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@agora.local\",\"password\":\"$password\"}" "$base/api/v1/auth/login" >/dev/null
oms_id=$(curl -fs -b "$dir/jar" "$base/api/v1/admin/platforms" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["code"]=="oms"][0])')
company=$(curl -fs -b "$dir/jar" -H 'content-type: application/json' -d "{\"name\":\"Ferme\",\"country\":\"LU\",\"home_platform_id\":\"$oms_id\"}" \
  "$base/api/v1/admin/companies" | json '["id"]')
vendor=$(curl -fs -b "$dir/jar" -H 'content-type: application/json' \
  -d "{\"company_id\":\"$company\",\"slug\":\"ferme\",\"name\":\"Ferme Schmit\",\"country\":\"LU\",\"platform_id\":\"$oms_id\",\"tier_code\":\"essential\"}" \
  "$base/api/v1/admin/vendors" | json '["vendor"]["id"]')
curl -fs -b "$dir/jar" -H 'content-type: application/json' \
  -d "{\"email\":\"owner@ferme.test\",\"display_name\":\"Owner\",\"password\":\"ferme-owner-password\",\"memberships\":[{\"role\":\"vendor_owner\",\"vendor_id\":\"$vendor\"}]}" \
  "$base/api/v1/admin/users" >/dev/null
curl -fs -c "$dir/owner-jar" -H 'content-type: application/json' -d '{"email":"owner@ferme.test","password":"ferme-owner-password"}' \
  "$base/api/v1/auth/login" >/dev/null
token=$(curl -fs -b "$dir/owner-jar" -H 'content-type: application/json' -d "{\"name\":\"mail-e2e\",\"vendor_id\":\"$vendor\"}" \
  "$base/api/v1/auth/tokens" | json '["token"]')
api() { curl -fsS -H "Authorization: Bearer $token" -H 'content-type: application/json' "$@"; }

api -X PUT -d '{"legal_name": "Ferme Schmit SARL", "address_lines": ["12, rue du Marché"], "postal_code": "L-1234", "city": "Luxembourg",
  "country": "LU", "vat_number": "LU26375245", "oss_registered": true, "invoice_prefix": "F-", "credit_note_prefix": "AV-", "payment_terms_days": 30,
  "iban": "LU28 0019 4006 4475 0000", "bic": "BCEELULL", "language": "fr"}' "$base/api/v1/vendor/invoicing/settings" >/dev/null
invoice=$(api -d '{"buyer": {"name": "Anna Muller", "email": "anna@example.lu", "address": "1, rue Haute\nL-9999 Wiltz\nLU", "country": "LU"},
  "lines": [{"description": "Miel 500 g", "quantity_milli": 2000, "unit_price_minor": 650, "vat_rate_class": "super_reduced"}]}' \
  "$base/api/v1/vendor/invoices" | json '["invoice"]["id"]')
number=$(api -d '{}' "$base/api/v1/vendor/invoices/$invoice/issue" | json '["invoice"]["number"]')
subject="Facture $number — Ferme Schmit SARL"
mailing_status() { api "$base/api/v1/vendor/invoices/$invoice" | json '["mailings"][0]["status"]'; }

echo "== an issued invoice, sent"
status=$(api -o /dev/null -w '%{http_code}' -d '{}' "$base/api/v1/vendor/invoices/$invoice/send")
[[ "$status" == "202" ]] || { echo "sending answered $status, not 202" >&2; exit 1; }
wait_for_messages 1 30
"$venv/bin/python" "$here/mail.py" check "$dir/inbox/0001.eml" --to anna@example.lu --subject "$subject" --number "$number"
for _ in $(seq 1 25); do [[ $(mailing_status) == sent ]] && break; sleep 0.2; done
[[ $(mailing_status) == sent ]] || { echo "the mailing is $(mailing_status), not sent" >&2; exit 1; }

echo "== the mail server is down: the send is queued, then delivered by a retry"
stop_sink
status=$(api -o /dev/null -w '%{http_code}' -d '{"to": "compta@example.lu"}' "$base/api/v1/vendor/invoices/$invoice/send")
[[ "$status" == "202" ]] || { echo "sending with the server down answered $status, not 202" >&2; exit 1; }
for _ in $(seq 1 50); do [[ $(mailing_status) == failing ]] && break; sleep 0.2; done
[[ $(mailing_status) == failing ]] || { echo "the mailing is $(mailing_status), not failing, while the server is down" >&2; exit 1; }
api "$base/api/v1/vendor/invoices/$invoice" | json '["mailings"][0]["last_error"]'
sleep 2
start_sink
# Retries come after 1 s, 2 s, 4 s, 8 s (with jitter), so the message is there within about 20 s.
wait_for_messages 2 40
"$venv/bin/python" "$here/mail.py" check "$dir/inbox/0002.eml" --to compta@example.lu --subject "$subject" --number "$number"
for _ in $(seq 1 25); do [[ $(mailing_status) == sent ]] && break; sleep 0.2; done
[[ $(mailing_status) == sent ]] || { echo "the mailing is $(mailing_status), not sent, after the retry" >&2; exit 1; }
echo "invoice mail over SMTP: 2 passed, 0 failed"
