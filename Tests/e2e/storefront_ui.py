"""A shopper on a vendor's storefront in a real (headless) Chromium, on a phone-sized window:
finds a product by searching, adds it to the cart, checks out as a guest paying by bank
transfer and sees the order confirmation with how to pay; then creates an account, orders
cheese by weight, and finds that order in the history and its detail with the timeline.

Usage: storefront_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys

from selenium.webdriver.common.by import By

from browser import Api, chromium, click_and_wait, vendor_with_owner

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]
# WebDriver reports no-break spaces as plain spaces; the Swift tests check the no-break spaces.

admin = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in admin.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
vendor_with_owner(admin, oms, "Fromagerie Meyer", "fromagerie", "essential", "paul@fromagerie.test", "Paul", "vendor-password-1",
                  currency="EUR", locale="fr-LU")
owner = Api(BASE, "paul@fromagerie.test", "vendor-password-1")
honey = owner.call("POST", "/api/v1/vendor/products", {
    "name": "Acacia honey", "status": "active", "vat_rate_class": "reduced", "variants": [{"sku": "HONEY", "price_minor": 950}],
})["product"]
cheese = owner.call("POST", "/api/v1/vendor/products", {
    "name": "Aged mountain cheese", "status": "active", "vat_rate_class": "reduced",
    "weight": {"unit": "kg", "minimum_milli": 200, "step_milli": 50, "average_unit_weight_milli": 500},
    "variants": [{"sku": "CHEESE", "price_minor": 2880}],
})["product"]
location = owner.call("POST", "/api/v1/vendor/stock/locations", {"name": "Cellar", "kind": "warehouse"})["id"]
for product, milli in ((honey, 12_000), (cheese, 8_000)):
    owner.call("POST", "/api/v1/vendor/stock/movements", {
        "kind": "receipt", "variant_id": product["variants"][0]["id"], "location_id": location, "quantity_milli": milli})
owner.call("PUT", "/api/v1/vendor/shop-settings", {
    "bank_transfer_enabled": True, "account_holder": "Fromagerie Meyer Sàrl", "iban": "LU28 0019 4006 4475 0000",
    "bic": "BCEELULL", "pay_at_pickup_enabled": True, "payment_days": 5,
})

browser = chromium()
browser.set_window_size(390, 900)
SHOP = BASE + "/shop/fromagerie"


def fill(element_id, text):
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def find_and_add(search, name, quantity, sku):
    """Searches the shop, opens the product, and adds `quantity` of it to the cart."""
    fill("q", search)
    click_and_wait(browser, browser.find_element(By.ID, "search"))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, name))
    fill(f"quantity-{sku}", quantity)
    click_and_wait(browser, browser.find_element(By.ID, f"add-{sku}"))
    assert browser.current_url == SHOP + "/cart", browser.current_url


def fill_address():
    fill("billing_address_name", "Léa Muller")
    fill("billing_address_line1", "2 rue du Marché")
    fill("billing_address_postal_code", "L-1111")
    fill("billing_address_city", "Luxembourg")
    fill("billing_address_country", "LU")


try:
    # The storefront's home shows the shop and its products in its locale.
    browser.get(SHOP)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Fromagerie Meyer"
    card = browser.find_element(By.ID, "product-" + cheese["id"].upper())
    assert "28,80 € / kg" in card.text, card.text

    # Search finds the honey; its page shows the price; two jars go in the cart.
    find_and_add("honey", "Acacia honey", "2", "HONEY")
    assert browser.find_element(By.ID, "subtotal").text == "19,00 €", browser.find_element(By.ID, "subtotal").text
    browser.save_screenshot("/tmp/agora-storefront-cart.png")

    # Checkout as a guest with bank transfer: the confirmation says how to pay.
    click_and_wait(browser, browser.find_element(By.ID, "checkout"))
    fill("email", "lea@example.lu")
    fill("first_name", "Léa")
    fill("last_name", "Muller")
    fill_address()
    browser.find_element(By.ID, "pay-bank_transfer").click()
    click_and_wait(browser, browser.find_element(By.ID, "place-order"))
    assert browser.current_url == SHOP + "/checkout/done", browser.current_url
    guest_number = browser.find_element(By.ID, "order-number").text
    instructions = browser.find_element(By.ID, "payment-instructions").text
    assert f"ORDER {guest_number}" in instructions and "LU28 0019 4006 4475 0000" in instructions, instructions
    assert browser.find_element(By.ID, "order-total").text == "19,00 €"
    browser.save_screenshot("/tmp/agora-storefront-confirmation.png")

    # Signing up from the confirmation; the guest order is not in the new account's history.
    click_and_wait(browser, browser.find_element(By.ID, "register-link"))
    fill("email", "lea@example.lu")
    fill("first_name", "Léa")
    fill("last_name", "Muller")
    fill("password", "lea-password-12")
    click_and_wait(browser, browser.find_element(By.ID, "register"))
    assert browser.current_url == SHOP + "/account/orders", browser.current_url
    assert browser.find_element(By.ID, "no-orders").is_displayed()

    # Ordering again, signed in: half a kilo of cheese, paid by bank transfer.
    click_and_wait(browser, browser.find_element(By.ID, "shop-home"))
    find_and_add("mountain", "Aged mountain cheese", "0,5", "CHEESE")
    assert browser.find_element(By.ID, "subtotal").text == "14,40 €", browser.find_element(By.ID, "subtotal").text
    click_and_wait(browser, browser.find_element(By.ID, "checkout"))
    assert not browser.find_elements(By.ID, "email")
    fill_address()
    browser.find_element(By.ID, "pay-bank_transfer").click()
    click_and_wait(browser, browser.find_element(By.ID, "place-order"))
    number = browser.find_element(By.ID, "order-number").text
    assert number != guest_number

    # The history lists it (and not the guest order); its page shows the timeline.
    click_and_wait(browser, browser.find_element(By.ID, "nav-account"))
    row = browser.find_element(By.ID, f"order-{number}")
    assert "14,40 €" in row.text, row.text
    assert not browser.find_elements(By.ID, f"order-{guest_number}")
    click_and_wait(browser, row.find_element(By.LINK_TEXT, number))
    assert browser.find_element(By.ID, "order-number").text == number
    assert "Placed, awaiting payment" in browser.find_element(By.ID, "timeline").text
    assert browser.find_element(By.ID, "order-status").get_attribute("data-status") == "pending"
    browser.save_screenshot("/tmp/agora-storefront-order.png")
    print("storefront UI: 1 passed, 0 failed")
finally:
    browser.quit()
