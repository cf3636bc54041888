"""A visitor on the platforms' public sites in a real (headless) Chromium: the OMS home shows
the hero and every public tier with its price; a platform admin's price change shows on the
next visit; the footer leads to the legal pages; the loyalty platform looks different; an
unknown page is a clear 404 page in the site's layout.

Usage: site_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys
import time

from selenium.webdriver.common.by import By

from browser import Api, chromium, click_and_wait

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]
ROOT = BASE.rsplit("/", 1)[0]

admin = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in admin.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
# The shipped pages are loaded by a background service when the server starts.
for _ in range(50):
    pages = admin.call("GET", f"/api/v1/admin/platforms/{oms['id']}/pages")["items"]
    if any(p["slug"] == "imprint" for p in pages):
        break
    time.sleep(0.1)

browser = chromium()
try:
    # English, whatever the browser's language: prices read "€49.00".
    browser.get(BASE + "/?locale=en")
    assert browser.find_element(By.ID, "hero-title").text == "Agora OMS", browser.page_source[:500]
    assert "market stalls" in browser.find_element(By.ID, "tagline").text
    tiers = {element.get_attribute("id"): element.text.replace("\xa0", " ") for element in browser.find_elements(By.CSS_SELECTOR, ".tier")}
    assert set(tiers) == {"tier-essential", "tier-professional", "tier-business", "tier-enterprise"}, tiers
    assert "€49.00" in tiers["tier-essential"], tiers["tier-essential"]
    assert "Price on request" in tiers["tier-enterprise"]
    assert browser.find_element(By.ID, "intro").text, "the home page text is missing"
    oms_header = browser.find_element(By.CSS_SELECTOR, ".hero").value_of_css_property("background-image")

    # The admin raises Essential's price: the next visit shows it.
    admin.call("PATCH", f"/api/v1/admin/platforms/{oms['id']}/tiers/essential", {"monthly_price_minor": 5400})
    browser.get(BASE + "/?locale=en")
    assert "€54.00" in browser.find_element(By.ID, "tier-essential").text
    # In French, the platform's language, prices read "54,00 €" (with a no-break space).
    browser.get(BASE + "/?locale=fr")
    assert "54,00 €" in browser.find_element(By.ID, "tier-essential").text.replace("\xa0", " ")

    # The footer leads to the legal pages.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Imprint"))
    assert browser.current_url.endswith("/oms/pages/imprint"), browser.current_url
    assert browser.find_element(By.ID, "page-title").text == "Imprint"

    # An unknown page is a 404 page in the site's layout, not JSON.
    browser.get(BASE + "/pages/nothing-here")
    assert browser.find_element(By.ID, "problem").text
    assert browser.find_element(By.CSS_SELECTOR, ".site-header")

    # The loyalty platform has its own tiers and its own look.
    browser.get(ROOT + "/loyalty/")
    assert browser.find_element(By.ID, "hero-title").text == "Agora Loyalty"
    assert browser.find_element(By.ID, "tier-starter")
    assert not browser.find_elements(By.ID, "tier-essential")
    loyalty_hero = browser.find_element(By.CSS_SELECTOR, ".hero")
    assert loyalty_hero.value_of_css_property("text-align") == "center"
    assert loyalty_hero.value_of_css_property("background-image") != oms_header
    assert browser.find_element(By.CSS_SELECTOR, ".site-header").value_of_css_property("background-color") == "rgba(255, 255, 255, 1)"
    print("site_ui: OK")
finally:
    browser.quit()
