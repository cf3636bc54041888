"""A vendor invoices an order in a real (headless) Chromium: saves the invoice settings (a
wrong IBAN is refused next to its field first), creates the invoice from the order page,
issues it as F-000001, records the payment and sees it paid; the order links to it.

Usage: invoicing_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import Api, chromium, click_and_wait, vendor_with_owner

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]

admin = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in admin.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
# admin_ui.py, run before on the same server, switches invoicing.basic off for the platform.
admin.call("PUT", f"/api/v1/admin/platforms/{oms['id']}/features/invoicing.basic", {"enabled": True})
vendor_with_owner(admin, oms, "Hofladen Weber", "hofladen", "essential", "eva@hofladen.test", "Eva", "vendor-password-1")
# A phone order to Luxembourg: 2 jars of honey (3 % VAT) and a basket (17 %).
order = Api(BASE, "eva@hofladen.test", "vendor-password-1").call("POST", "/api/v1/vendor/orders", {
    "channel": "manual", "customer_email": "marc@example.lu", "billing_address": "Marc Hoffmann\n5 rue Large\nL-1917 Luxembourg\nLU",
    "lines": [{"name": "Honey 500 g", "sku": "HONEY", "unit_price_minor": 650, "quantity_milli": 2000, "vat_rate_class": "super_reduced"},
              {"name": "Basket", "sku": "BASKET", "unit_price_minor": 1999, "quantity_milli": 1000, "vat_rate_class": "standard"}],
})["order"]

browser = chromium()


def fill(element_id, text):
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


try:
    browser.get(BASE + "/admin/login")
    browser.find_element(By.ID, "email").send_keys("eva@hofladen.test")
    browser.find_element(By.ID, "password").send_keys("vendor-password-1")
    click_and_wait(browser, browser.find_element(By.ID, "sign-in"))

    # Invoices are in the navigation; nothing can be invoiced before the settings are saved.
    click_and_wait(browser, browser.find_element(By.ID, "nav-invoices"))
    assert browser.find_element(By.ID, "settings-missing").is_displayed()
    click_and_wait(browser, browser.find_element(By.ID, "settings-link"))
    fill("legal_name", "Hofladen Weber S.à r.l.")
    fill("address_lines", "3, route d'Arlon")
    fill("postal_code", "L-8009")
    fill("city", "Strassen")
    fill("country", "LU")
    fill("vat_number", "LU 263 752 45")
    fill("invoice_prefix", "F-")
    fill("credit_note_prefix", "AV-")
    fill("payment_terms_days", "14")
    fill("iban", "LU28 0019 4006 4475 0001")
    click_and_wait(browser, browser.find_element(By.ID, "save-settings"))
    # The wrong IBAN is named next to its field; what was typed is still there.
    assert "check digits" in browser.find_element(By.ID, "error-iban").text
    assert browser.find_element(By.ID, "legal_name").get_attribute("value") == "Hofladen Weber S.à r.l."
    fill("iban", "LU28 0019 4006 4475 0000")
    click_and_wait(browser, browser.find_element(By.ID, "save-settings"))
    assert browser.find_element(By.ID, "settings-saved").is_displayed()
    assert browser.find_element(By.ID, "iban").get_attribute("value") == "LU280019400644750000"

    # From the order page: "Create invoice" drafts it, "Issue invoice" numbers it.
    click_and_wait(browser, browser.find_element(By.ID, "nav-orders"))
    click_and_wait(browser, browser.find_element(By.ID, f"order-{order['number']}").find_element(By.LINK_TEXT, order["number"]))
    click_and_wait(browser, browser.find_element(By.ID, "create-invoice"))
    assert browser.find_element(By.ID, "invoice-status").get_attribute("data-status") == "draft"
    click_and_wait(browser, browser.find_element(By.ID, "issue"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "F-000001" in heading, heading
    assert browser.find_element(By.ID, "invoice-status").get_attribute("data-status") == "issued"
    breakdown = browser.find_element(By.ID, "vat-breakdown").text
    assert "3 %" in breakdown and "17 %" in breakdown, breakdown
    balance = browser.find_element(By.ID, "balance-due").text
    assert balance.startswith(browser.find_element(By.ID, "payable").text.split()[0]), balance

    # The customer pays by bank transfer: the invoice is paid, nothing is due.
    Select(browser.find_element(By.ID, "payment-method")).select_by_value("bank_transfer")
    fill("payment-reference", "F-000001")
    click_and_wait(browser, browser.find_element(By.ID, "record-payment"))
    assert browser.find_element(By.ID, "invoice-status").get_attribute("data-status") == "paid"
    assert browser.find_element(By.ID, "balance-due").text.startswith("0.00")
    assert "bank transfer" in browser.find_element(By.ID, "payments").text
    browser.save_screenshot("/tmp/agora-vendor-invoice.png")

    # The order now links to its invoice, and the list shows it paid.
    click_and_wait(browser, browser.find_element(By.ID, "invoice-order"))
    link = browser.find_element(By.ID, "order-invoice")
    assert link.text == "Invoice F-000001", link.text
    click_and_wait(browser, browser.find_element(By.ID, "nav-invoices"))
    row = browser.find_element(By.ID, "invoice-F-000001")
    assert "paid" in row.text, row.text
    print("invoicing UI: 1 passed, 0 failed")
finally:
    browser.quit()
