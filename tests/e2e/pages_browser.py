#!/usr/bin/env python3
"""The pages in headless Chromium through Selenium (pages_browser.sh starts
the server). usage: pages_browser.py BASE_URL XSS_ASSET_ID HIKVISION_ASSET_ID

Debian's chromium and chromium-driver are named by path, so Selenium never
looks for (or downloads) a driver of its own."""
import http.client
import sys
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException,
                                        StaleElementReferenceException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

base, xss_id, hik_id = sys.argv[1:4]
host = urllib.parse.urlsplit(base)
fails = []


def check(ok, what):
    if not ok:
        fails.append(what)
        print("FAIL:", what, file=sys.stderr)


opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
          "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-default-apps", "--lang=en-US"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_page_load_timeout(60)


def gone(element):
    """The element's page has been replaced. Chromium's driver says so as a
    stale element or, caught mid-navigation, as an inspector error ("Node
    with given id does not belong to the document"), which selenium's own
    staleness_of lets through: seen once in a full run under ASan."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in str(e):
            return True
        raise


def submit(button):
    """Click a form's button and wait for the page it leads to: click()
    returns before the navigation, and on a busy machine the next look
    would still see the old page."""
    old = d.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(d, 60).until(lambda drv: gone(old))
    WebDriverWait(d, 60).until(lambda drv: drv.execute_script("return document.readyState") == "complete")


def console_errors():
    """Errors the page logged since the last call: a CSP refusal, a script
    error or a resource that failed to load are all SEVERE."""
    return [e["message"] for e in d.get_log("browser") if e["level"] == "SEVERE"]


def no_alert(where):
    try:
        text = d.switch_to.alert.text
        check(False, "%s opened an alert (%r): a script ran" % (where, text))
    except NoAlertPresentException:
        pass


def load(path, lang):
    sep = "&" if "?" in path else "?"
    d.get(base + path + sep + "lang=" + lang)
    no_alert(path)
    errs = console_errors()
    check(not errs, "%s (%s): console errors %s" % (path, lang, errs))
    check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang,
          "%s: not in %s" % (path, lang))
    check(len(d.find_elements(By.TAG_NAME, "h1")) == 1, "%s (%s): no heading" % (path, lang))
    # The style sheet applied (the CSP let it in): the header is dark.
    bg = d.find_element(By.TAG_NAME, "header").value_of_css_property("background-color")
    check(bg in ("rgba(15, 45, 74, 1)", "rgb(15, 45, 74)"), "%s: style sheet not applied (%s)" % (path, bg))


def text(el_id):
    return d.find_element(By.ID, el_id).text


pages = ["/", "/register", "/register?by=type,department&chinese=yes", "/register?q=hik&sort=count&dir=desc",
         "/assets/" + hik_id, "/assets/" + xss_id, "/diff", "/diff?chinese=yes", "/exposure", "/plan",
         "/plan?strategy=years:2", "/progress", "/downloads", "/login"]
for lang in ("da", "en"):
    for p in pages:
        load(p, lang)

# The headline: Oracle 1 and Oracle 2, in each language's number format.
load("/", "da")
check(text("chinese-units") == "41.931", "da: Chinese units %r, want 41.931" % text("chinese-units"))
check(text("cost") == "179.421,6", "da: cost %r, want 179.421,6" % text("cost"))
load("/", "en")
check(text("chinese-units") == "41,931", "en: Chinese units %r, want 41,931" % text("chinese-units"))
check(text("cost") == "179,421.6", "en: cost %r, want 179,421.6" % text("cost"))

# The script sorts a table by a clicked header (numbers as numbers).
th = d.find_elements(By.CSS_SELECTOR, "#by-type thead th")[1]
th.click()
th.click()
check(th.get_attribute("aria-sort") == "descending", "sorting: aria-sort %r" % th.get_attribute("aria-sort"))
first = d.find_element(By.CSS_SELECTOR, "#by-type tbody tr td:nth-child(2)").text
check(first == "37,323", "sorting: largest first gave %r" % first)
check(not console_errors(), "sorting logged errors")

# A maker, a model and a survey name holding markup are shown as text.
load("/assets/" + xss_id, "en")
facts = text("facts")
check("<script>alert(1)</script>" in facts, "the <script> maker is not shown as text: %r" % facts)
check("<img src=x onerror=alert(2)>" in facts, "the <img> model is not shown as text")
check(not d.find_elements(By.CSS_SELECTOR, "main script, main img"), "markup from the store became elements")
load("/register?survey=" + urllib.parse.quote("old <b>one</b>"), "en")
check(not d.find_elements(By.CSS_SELECTOR, "main b"), "the survey name became markup")
check("<script>alert(1)</script>" in text("register"), "register: the maker is not text")


def login(user, password):
    d.get(base + "/login?lang=en")
    d.find_element(By.NAME, "user").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(password)
    submit(d.find_element(By.CSS_SELECTOR, "form.login button"))
    check(user in d.find_element(By.CSS_SELECTOR, "header .user").text, "%s is not logged in" % user)


def logout():
    submit(d.find_element(By.CSS_SELECTOR, "header form.inline button"))


def post_status(cookie, csrf):
    """A status form POSTed by hand with the browser's session: what a page
    could do if it showed a viewer the form."""
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    body = urllib.parse.urlencode({"state": "replaced", "csrf": csrf or ""})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
    if cookie:
        headers["Cookie"] = cookie
    c.request("POST", "/assets/%s/status" % hik_id, body, headers)
    status = c.getresponse().status
    c.close()
    return status


# A viewer sees no form and cannot post one.
login("vic", "viewer-pw-1")
load("/assets/" + hik_id, "en")
check(not d.find_elements(By.ID, "status-form"), "a viewer is shown the status form")
cookie = "; ".join("%s=%s" % (c["name"], c["value"]) for c in d.get_cookies())
csrf = d.find_element(By.CSS_SELECTOR, "header input[name=csrf]").get_attribute("value")
check(post_status(cookie, csrf) == 403, "a viewer's status change was not refused with 403")
check(post_status(None, None) == 401, "an anonymous status change was not refused with 401")
logout()

# An editor records 13 traffic cameras replaced for 812,4 t.kr.; plan
# versus actual shows it.
login("ann", "editor-pw-1")
load("/progress", "da")
check(text("actual-units") == "0", "before: %r units out of service" % text("actual-units"))
load("/assets/" + hik_id, "da")
Select(d.find_element(By.NAME, "state")).select_by_value("replaced")
d.find_element(By.NAME, "cost").send_keys("812,4")
d.find_element(By.NAME, "note").send_keys("ordre <42>")
submit(d.find_element(By.CSS_SELECTOR, "#status-form button"))
check(d.current_url.startswith(base + "/assets/" + hik_id), "after the form: at %s" % d.current_url)
hist = text("status-history")
check("udskiftet" in hist and "812,4" in hist and "ordre <42>" in hist and "ann" in hist,
      "the change is not in the history: %r" % hist)
check(not console_errors(), "the status change logged errors")
load("/progress", "da")
check(text("actual-units") == "13", "plan versus actual: %r units out of service, want 13" % text("actual-units"))
check(text("actual-cost") == "812,4", "plan versus actual: %r spent, want 812,4" % text("actual-cost"))
check(len(d.find_elements(By.CSS_SELECTOR, "main svg")) >= 1, "no burn-down chart")
load("/", "da")
check(text("progress") == "13", "overview progress %r, want 13" % text("progress"))
logout()

d.quit()
if fails:
    print("%d browser check(s) failed" % len(fails), file=sys.stderr)
    sys.exit(1)
print("browser: all checks passed")
