"""A platform admin signs in to the admin pages in a real (headless) Chromium, switches a
feature off for the platform, and sees a vendor lose it: on the vendor's page and in the
JSON API.

Usage: admin_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys

from selenium.webdriver.common.by import By

from browser import Api, chromium, click_and_wait

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]
FEATURE = "invoicing.basic"  # in the Essential tier, so a new vendor has it


api = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in api.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
api.call("POST", "/api/v1/admin/users", {
    "email": "ops@oms.test", "display_name": "OMS operations", "password": "browser-password-1",
    "memberships": [{"role": "platform_admin", "platform_id": oms["id"]}],
})
company = api.call("POST", "/api/v1/admin/companies", {"name": "Ferme Schmit", "country": "LU", "home_platform_id": oms["id"]})
vendor = api.call("POST", "/api/v1/admin/vendors", {
    "company_id": company["id"], "slug": "ferme-schmit", "name": "Ferme Schmit", "country": "LU", "platform_id": oms["id"],
})["vendor"]


def decision():
    rows = api.call("GET", f"/api/v1/admin/platforms/{oms['id']}/vendors/{vendor['id']}/features")["items"]
    return next(r["decision"] for r in rows if r["code"] == FEATURE)


assert decision() == "available", decision()

browser = chromium()


try:
    # Signing in: the admin home redirects to the sign-in page first.
    browser.get(BASE + "/admin")
    assert browser.current_url.endswith("/admin/login"), browser.current_url
    browser.find_element(By.ID, "email").send_keys("ops@oms.test")
    browser.find_element(By.ID, "password").send_keys("browser-password-1")
    click_and_wait(browser, browser.find_element(By.ID, "sign-in"))
    assert browser.current_url.endswith("/admin"), browser.current_url
    assert "Agora OMS" in browser.page_source
    assert "Agora Loyalty" not in browser.page_source, "a platform admin sees only their platform"

    # The platform page shows the feature switched on; switch it off.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Agora OMS"))
    row = browser.find_element(By.ID, f"feature-{FEATURE}")
    assert "on" in row.text
    click_and_wait(browser, browser.find_element(By.ID, f"switch-off-{FEATURE}"))
    row = browser.find_element(By.ID, f"feature-{FEATURE}")
    assert "off" in row.text, row.text

    # The vendor has lost it: on its page and through the API.
    click_and_wait(browser, browser.find_element(By.ID, "vendor-ferme-schmit"))
    row = browser.find_element(By.ID, "vendor-feature-" + FEATURE)
    tag = row.find_element(By.CSS_SELECTOR, ".tag")
    assert tag.get_attribute("data-decision") == "switched_off", tag.text
    assert decision() == "switched_off", decision()
    browser.save_screenshot("/tmp/agora-admin-vendor.png")

    # Signing out ends the session.
    click_and_wait(browser, browser.find_element(By.ID, "logout"))
    browser.get(BASE + "/admin")
    assert browser.current_url.endswith("/admin/login"), browser.current_url
    print("admin UI: 1 passed, 0 failed")
finally:
    browser.quit()
