"""Content pages in a real (headless) Chromium. A vendor's owner writes a page whose Markdown is
hostile (script, an image with onerror, a javascript: link, a raw iframe), previews it, saves
and publishes it: no script runs, the raw HTML shows as text and the javascript: link is gone,
in the preview and in what the public page API serves. Then a platform admin edits a
marketing page from the admin platform page and publishes the change.

The staff pages' Content-Security-Policy would block inline script on its own, so the test
also checks the DOM: what SafeMarkdown let through must hold no element or link that could run.

Usage: cms_ui.py BASE_URL SUPER_ADMIN_PASSWORD   (BASE_URL like http://127.0.0.1:PORT/oms)
"""
import sys
from urllib.error import HTTPError

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from browser import Api, chromium, click_and_wait, vendor_with_owner

BASE, ADMIN_PASSWORD = sys.argv[1], sys.argv[2]

HOSTILE = "\n".join([
    "# Unsere Geschichte",
    "",
    "<script>window.__pwned = 'script'</script>",
    "",
    "<img src=x onerror=\"window.__pwned = 'img'\"> [x](javascript:alert(1)) [home](https://example.com)",
    "",
    "<iframe src=\"javascript:parent.__pwned = 'iframe'\"></iframe>",
])

admin = Api(BASE, "admin@agora.local", ADMIN_PASSWORD)
oms = next(p for p in admin.call("GET", "/api/v1/admin/platforms")["items"] if p["code"] == "oms")
vendor_with_owner(admin, oms, "Kaffi Haus", "kaffi-haus", "professional", "luc@kaffi.test", "Luc", "vendor-password-1")
admin.call("POST", "/api/v1/admin/users", {
    "email": "editor@oms.test", "display_name": "OMS editor", "password": "browser-password-1",
    "memberships": [{"role": "platform_admin", "platform_id": oms["id"]}],
})
# A marketing page of its own (not one of the pages the platform ships, which load at start).
admin.call("POST", f"/api/v1/admin/platforms/{oms['id']}/pages", {
    "slug": "press", "locale": "en", "title": "Press", "body_markdown": "Press kit on request.", "is_published": True, "is_platform_page": True,
})["page"]
visitor = Api(BASE)

browser = chromium()


def fill(element_id, text):
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def sign_in(email, password):
    browser.get(BASE + "/admin/login")
    fill("email", email)
    fill("password", password)
    click_and_wait(browser, browser.find_element(By.ID, "sign-in"))


def assert_inert(where):
    """No script ran; the hostile HTML is text; nothing in the rendered page can run."""
    assert browser.execute_script("return window.__pwned === undefined"), where + ": a script ran"
    try:
        text = browser.switch_to.alert.text
        raise AssertionError(f"{where}: an alert appeared: {text}")
    except NoAlertPresentException:
        pass
    body = browser.find_element(By.ID, "preview-body")
    shown = body.text
    for raw in ("<script>", "<img src=x onerror=", "<iframe"):
        assert raw in shown, f"{where}: {raw} is not shown as text: {shown}"
    for element in ("script", "img", "iframe", "object", "embed"):
        assert not body.find_elements(By.TAG_NAME, element), f"{where}: a <{element}> got through"
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript:' i]"), f"{where}: a javascript: link got through"
    links = [a.get_attribute("href") for a in body.find_elements(By.TAG_NAME, "a")]
    assert links == ["https://example.com/"], f"{where}: {links}"
    for element in body.find_elements(By.CSS_SELECTOR, "*"):
        names = browser.execute_script("return Array.from(arguments[0].attributes).map(a => a.name)", element)
        assert not [n for n in names if n.startswith("on")], f"{where}: an event handler got through: {names}"


try:
    # The vendor's owner finds "Pages" in the navigation and starts a page of their own.
    sign_in("luc@kaffi.test", "vendor-password-1")
    click_and_wait(browser, browser.find_element(By.ID, "nav-pages"))
    assert browser.find_element(By.ID, "custom-usage").text == "0 of 10"
    click_and_wait(browser, browser.find_element(By.ID, "new-page"))
    fill("slug", "geschichte")
    fill("locale", "de-LU")
    fill("title", "Unsere Geschichte")
    fill("body_markdown", HOSTILE)

    # Preview: rendered on the server, nothing saved, nothing runs.
    click_and_wait(browser, browser.find_element(By.ID, "preview-button"))
    assert "not saved yet" in browser.find_element(By.ID, "preview-note").text
    assert_inert("preview")
    assert browser.find_element(By.ID, "body_markdown").get_attribute("value") == HOSTILE, "the form keeps what was typed"
    owner = Api(BASE, "luc@kaffi.test", "vendor-password-1")
    assert owner.call("GET", "/api/v1/vendor/pages")["items"] == [], "the preview saved something"

    # Save: a draft, shown as saved.
    click_and_wait(browser, browser.find_element(By.ID, "save"))
    assert browser.find_element(By.ID, "saved").is_displayed()
    assert browser.find_element(By.ID, "page-status").get_attribute("data-status") == "draft"
    assert_inert("saved draft")

    # Publish now: live, and the public page API serves the same inert HTML.
    click_and_wait(browser, browser.find_element(By.ID, "publish"))
    assert browser.find_element(By.ID, "page-status").get_attribute("data-status") == "published"
    assert_inert("published page")
    served = visitor.call("GET", "/api/v1/pages/geschichte?shop=kaffi-haus&locale=de-LU")
    assert served["title"] == "Unsere Geschichte" and served["tier"] == "vendor_override", served
    html = served["html"]
    # The raw HTML is there as escaped text (a javascript: URL inside it included); no tag or link carries it.
    assert "<script" not in html and "<iframe" not in html and "<img" not in html and 'href="javascript:' not in html, html
    assert "&lt;script&gt;" in html and "&lt;iframe" in html, html
    click_and_wait(browser, browser.find_element(By.ID, "back"))
    row = browser.find_element(By.ID, "page-geschichte-de-LU")
    assert "custom page" in row.text and "Published" in row.text, row.text
    browser.save_screenshot("/tmp/agora-vendor-pages.png")
    click_and_wait(browser, browser.find_element(By.ID, "logout"))

    # A platform admin edits the marketing page "press" from the platform's admin page.
    sign_in("editor@oms.test", "browser-password-1")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Agora OMS"))
    click_and_wait(browser, browser.find_element(By.ID, "platform-pages"))
    click_and_wait(browser, browser.find_element(By.ID, "marketing-press-en").find_element(By.LINK_TEXT, "press"))
    fill("title", "Press and media")
    fill("body_markdown", "Photos and figures of **independent shops** across Luxembourg.")
    click_and_wait(browser, browser.find_element(By.ID, "preview-button"))
    assert "independent shops" in browser.find_element(By.CSS_SELECTOR, "#preview-body strong").text
    assert visitor.call("GET", "/api/v1/pages/press?locale=en")["title"] == "Press", "the preview saved something"
    click_and_wait(browser, browser.find_element(By.ID, "save"))
    assert browser.find_element(By.ID, "saved").is_displayed()
    served = visitor.call("GET", "/api/v1/pages/press?locale=en")
    assert served["title"] == "Press and media" and "<strong>independent shops</strong>" in served["html"], served
    # Unpublished, it is gone from the site; published again, it is back.
    click_and_wait(browser, browser.find_element(By.ID, "unpublish"))
    assert browser.find_element(By.ID, "page-status").get_attribute("data-status") == "draft"
    try:
        served = visitor.call("GET", "/api/v1/pages/press?locale=en")
    except HTTPError as error:
        assert error.code == 404, error
    else:
        raise AssertionError(f"an unpublished page is served: {served}")
    click_and_wait(browser, browser.find_element(By.ID, "publish"))
    assert visitor.call("GET", "/api/v1/pages/press?locale=en")["title"] == "Press and media"
    browser.save_screenshot("/tmp/agora-admin-pages.png")
    print("CMS UI: 1 passed, 0 failed")
finally:
    browser.quit()
