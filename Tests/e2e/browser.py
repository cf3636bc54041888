"""What the browser tests share: JSON API calls to set the scene, a headless Chromium, and a
click that waits for the next page."""
import json
import urllib.request
from http.cookiejar import CookieJar

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


class Api:
    """JSON API calls against BASE, signed in when an e-mail is given (session cookie)."""

    def __init__(self, base, email=None, password=None):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        if email:
            self.call("POST", "/api/v1/auth/login", {"email": email, "password": password})

    def call(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        with self.opener.open(request) as response:
            text = response.read()
            return json.loads(text) if text else None


def vendor_with_owner(admin, platform, name, slug, tier, owner_email, owner_name, password, **fields):
    """A company and its vendor NAME in Luxembourg, on PLATFORM's TIER, and the vendor's owner,
    who signs in with OWNER_EMAIL and PASSWORD; created by ADMIN (a super admin's Api). FIELDS
    add to the vendor (currency, locale). Returns the vendor."""
    company = admin.call("POST", "/api/v1/admin/companies", {"name": name, "country": "LU", "home_platform_id": platform["id"]})
    vendor = admin.call("POST", "/api/v1/admin/vendors", {
        "company_id": company["id"], "slug": slug, "name": name, "country": "LU", "platform_id": platform["id"], "tier_code": tier, **fields,
    })["vendor"]
    admin.call("POST", "/api/v1/admin/users", {
        "email": owner_email, "display_name": owner_name, "password": password,
        "memberships": [{"role": "vendor_owner", "vendor_id": vendor["id"]}],
    })
    return vendor


def chromium():
    """Debian's Chromium, headless, with its chromedriver."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.implicitly_wait(5)
    return browser


def click_and_wait(browser, element):
    """Clicks something that loads a new page and waits until the old page is gone."""
    element.click()

    def old_page_gone(_):
        # Chromium reports a replaced node either as stale or as "not in the document".
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(browser, 10).until(old_page_gone)
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return document.readyState") == "complete")
