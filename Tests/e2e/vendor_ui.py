"""A vendor walks through their pages in a real (headless) Chromium: signs in, creates a
product, adds a location and receives stock, then confirms the payment of a shop order and
sees the order confirmed and the stock reserved for it.

Usage: vendor_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import Api, chromium, click_and_wait, vendor_with_owner

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]


admin = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in admin.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
vendor_with_owner(admin, oms, "Rösterei Klein", "roesterei", "professional", "anne@roesterei.test", "Anne", "vendor-password-1")

browser = chromium()


def stock_row(text):
    return next(r for r in browser.find_elements(By.CSS_SELECTOR, "#stock-levels tr") if text in r.text)


try:
    # Signing in as vendor staff lands on the vendor's orders.
    browser.get(BASE + "/vendor")
    assert browser.current_url.endswith("/admin/login"), browser.current_url
    browser.find_element(By.ID, "email").send_keys("anne@roesterei.test")
    browser.find_element(By.ID, "password").send_keys("vendor-password-1")
    click_and_wait(browser, browser.find_element(By.ID, "sign-in"))
    assert browser.current_url.endswith("/vendor/orders"), browser.current_url
    assert "No orders match." in browser.page_source

    # A product, sold by the piece.
    click_and_wait(browser, browser.find_element(By.ID, "nav-products"))
    browser.find_element(By.ID, "product-name").send_keys("Espresso beans 500 g")
    browser.find_element(By.ID, "product-sku").send_keys("ESP-500")
    browser.find_element(By.ID, "product-price").send_keys("14,90")
    click_and_wait(browser, browser.find_element(By.ID, "create-product"))
    assert "/vendor/products/" in browser.current_url, browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "#variants input[name=price]").get_attribute("value") == "14.90"

    # A location, then a receipt of 12 bags.
    click_and_wait(browser, browser.find_element(By.ID, "nav-stock"))
    browser.find_element(By.ID, "location-name").send_keys("Roastery")
    click_and_wait(browser, browser.find_element(By.ID, "create-location"))
    Select(browser.find_element(By.ID, "receive-location")).select_by_visible_text("Roastery")
    browser.find_element(By.ID, "receive-quantity").send_keys("12")
    click_and_wait(browser, browser.find_element(By.ID, "receive"))
    row = stock_row("ESP-500")
    assert "Roastery" in row.text and row.find_element(By.CSS_SELECTOR, ".available").text.startswith("12"), row.text

    # A shopper orders 2 bags, paying at pickup.
    variant = next(p for p in Api(BASE, "anne@roesterei.test", "vendor-password-1").call("GET", "/api/v1/vendor/products")["items"]
                   if p["name"].startswith("Espresso"))["variants"][0]["id"]
    shop = Api(BASE)
    cart = shop.call("POST", "/api/v1/shops/roesterei/carts")["id"]
    shop.call("PUT", f"/api/v1/shops/roesterei/carts/{cart}/lines/{variant}", {"quantity_milli": 2000})
    placed = shop.call("POST", f"/api/v1/shops/roesterei/carts/{cart}/checkout", {
        "email": "marc@example.lu", "first_name": "Marc", "last_name": "Hoffmann", "payment_method": "pay_at_pickup",
        "billing_address": {"name": "Marc Hoffmann", "line1": "5 rue Large", "postal_code": "L-1917", "city": "Luxembourg", "country": "LU"},
    }, headers={"Idempotency-Key": str(uuid.uuid4())})
    number = placed["order"]["number"]

    # The vendor sees it pending, confirms the payment, and the order is confirmed.
    click_and_wait(browser, browser.find_element(By.ID, "nav-orders"))
    row = browser.find_element(By.ID, f"order-{number}")
    assert "pending" in row.text and "29.80" in row.text, row.text
    click_and_wait(browser, row.find_element(By.LINK_TEXT, number))
    assert browser.find_element(By.ID, "order-status").get_attribute("data-status") == "pending"
    click_and_wait(browser, browser.find_element(By.ID, "confirm-payment"))
    assert browser.find_element(By.ID, "order-status").get_attribute("data-status") == "confirmed"
    assert "payment" in browser.find_element(By.ID, "timeline").text
    browser.save_screenshot("/tmp/agora-vendor-order.png")

    # The two bags are reserved for the order until it ships.
    click_and_wait(browser, browser.find_element(By.ID, "nav-stock"))
    row = stock_row("ESP-500")
    assert row.find_element(By.CSS_SELECTOR, ".available").text.startswith("10"), row.text
    print("vendor UI: 1 passed, 0 failed")
finally:
    browser.quit()
