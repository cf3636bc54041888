"""Gapless invoice numbers across two app processes on one PostgreSQL.

numbering.sh starts two `agora serve` processes on one database seeded with the demo data;
this script signs in as the demo farm shop's owner, saves its invoice settings, drafts 100
invoices by hand, then issues them all at once, 25 requests in flight, alternating between
the two processes. Every issue must succeed and the numbers must be exactly F-000001 …
F-000100, each once.
    python numbering.py BASE_URL_ONE BASE_URL_TWO
"""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

one, two = sys.argv[1], sys.argv[2]
SETTINGS = {"legal_name": "Ferme Schmit SARL", "address_lines": ["12, rue du Marché"], "postal_code": "L-1234",
            "city": "Luxembourg", "country": "LU", "vat_number": "LU26375245", "invoice_prefix": "F-",
            "credit_note_prefix": "AV-", "payment_terms_days": 30, "language": "fr"}
BUYER = {"name": "Anna Muller", "address": "1, rue Haute\nL-9999 Wiltz", "country": "LU"}
LINE = {"description": "Honey 500 g", "quantity_milli": 1000, "unit_price_minor": 950, "vat_rate_class": "super_reduced"}


def call(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
login = urllib.request.Request(one + "/api/v1/auth/login", method="POST", headers={"content-type": "application/json"},
                               data=json.dumps({"email": "owner@ferme-schmit.demo", "password": "demo-password-1"}).encode())
opener.open(login).read()
me = json.loads(opener.open(one + "/api/v1/auth/me").read())
vendor = next(m["vendor_id"] for m in me["memberships"] if m.get("vendor_id"))
created = opener.open(urllib.request.Request(one + "/api/v1/auth/tokens", method="POST", headers={"content-type": "application/json"},
                                             data=json.dumps({"name": "numbering", "vendor_id": vendor}).encode()))
token = json.loads(created.read())["token"]

status, body = call(one, "PUT", "/api/v1/vendor/invoicing/settings", SETTINGS, token)
assert status == 200, (status, body)
drafts = []
for _ in range(100):
    status, body = call(one, "POST", "/api/v1/vendor/invoices", {"buyer": BUYER, "lines": [LINE]}, token)
    assert status == 201, (status, body)
    drafts.append(body["invoice"]["id"])


def issue(pair):
    index, invoice = pair
    base = one if index % 2 == 0 else two
    return call(base, "POST", f"/api/v1/vendor/invoices/{invoice}/issue", {}, token)


with ThreadPoolExecutor(max_workers=25) as pool:
    results = list(pool.map(issue, enumerate(drafts)))
failures = [r for r in results if r[0] != 200]
numbers = sorted(r[1]["invoice"]["number"] for r in results if r[0] == 200)
expected = [f"F-{n:06d}" for n in range(1, 101)]
print(f"issued={len(numbers)} failures={len(failures)} first={numbers[:1]} last={numbers[-1:]}")
if failures or numbers != expected:
    print("numbers across two processes: 0 passed, 1 failed", failures[:3], file=sys.stderr)
    sys.exit(1)
print("numbers across two processes: 1 passed, 0 failed")
