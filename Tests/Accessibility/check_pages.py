"""Checks the server's HTML pages against WCAG 2.1 A and AA with axe-core in headless Chromium:
the printable sign-in cards, the printable yearly reports, the verify page and the dashboard.

Started by Tests/Accessibility/run, which owns the server and has seeded it (Tests/Contract/seed.py:
an administrator with a certificate). Every page is loaded in Vietnamese and in English, checked
with axe-core's rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa, and saved as a screenshot. The
dashboard is signed into with the keyboard alone (Tab to each field, Enter to send), as a person
who cannot use a mouse would. Any violation, or a page that does not load, fails the run.
"""

import argparse
import json
import pathlib
import sys
import urllib.request

import axe_core_python
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

AXE = (pathlib.Path(axe_core_python.__file__).parent / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser(language):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600", f"--lang={language}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    # Debian's driver, never one downloaded at run time.
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def violations(driver):
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(r.violations), e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        TAGS,
    )
    return [
        f"{v['id']} ({v.get('impact')}): {v['help']}; " + "; ".join(node["target"][0] if node.get("target") else "?" for node in v["nodes"][:5])
        for v in result
    ]


def api(base, method, path, token=None, body=None, accept="application/json"):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", accept)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        return data.decode() if accept == "text/html" else json.loads(data or b"null")


def printed_cards(base, token, folder):
    """The printable sheet of sign-in cards a manager gets for managed accounts, saved as a file:
    it is the answer to a POST, which a browser cannot load by address."""
    api(base, "POST", "/v1/admin/organisations", token,
        {"id": "kiem-tra", "kind": "national-programme", "nameVi": "Kiểm tra trợ năng", "nameEn": "Accessibility check"})
    course = api(base, "GET", "/v1/courses")["items"][0]["id"]
    cohort = api(base, "POST", "/v1/organisations/kiem-tra/classes", token,
                 {"name": "Lớp người cao tuổi", "courseIds": [course], "startsOn": "2026-03-01", "endsOn": "2026-03-31", "capacity": 20})
    people = [{"name": name, "birthYear": 1950} for name in ("Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hoa")]
    page = api(base, "POST", f"/v1/classes/{cohort['id']}/managed-accounts", token, {"people": people}, accept="text/html")
    path = folder / "cards.html"
    path.write_text(page, encoding="utf-8")
    return path.as_uri()


def yearly_reports(base, token, folder):
    """The printable yearly reports of an organisation (the one printed_cards made, with its class)
    and of a province, saved as files: they need a token, which a browser address cannot carry."""
    pages = []
    for name, path in (("organisation-report", "/v1/organisations/kiem-tra/report"), ("province-report", "/v1/provinces/ha-noi/report")):
        page = api(base, "GET", path, token, accept="text/html")
        file = folder / f"{name}.html"
        file.write_text(page, encoding="utf-8")
        pages.append((name, file.as_uri()))
    return pages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", required=True, help="accounts.json written by Tests/Contract/seed.py")
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    accounts = json.loads(pathlib.Path(args.accounts).read_text())
    base, admin = accounts["base"], accounts["fuzzer"]
    shots = pathlib.Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)

    token = api(base, "POST", "/v1/auth/login", body={"identifier": admin["email"], "password": admin["password"]})["accessToken"]
    certificate = api(base, "GET", "/v1/me/certificates", token=token)["items"][0]["id"]
    cards = printed_cards(base, token, shots)
    reports = yearly_reports(base, token, shots)

    failures, checked = [], 0
    for language in ("vi", "en"):
        driver = browser(language)
        try:
            def check(name, url):
                nonlocal checked
                driver.get(url if url.startswith("file:") else base + url)
                found = violations(driver)
                driver.save_screenshot(str(shots / f"{name}-{language}.png"))
                checked += 1
                print(f"  {name} ({language}): {len(found)} violation(s)", flush=True)
                failures.extend(f"{name} ({language}) {url}: {v}" for v in found)

            check("sign-in-cards", cards)
            for name, page in reports:
                check(name, page)
            check("verify", f"/verify/{certificate}")
            check("verify-unknown", "/verify/00000000-0000-0000-0000-000000000000")
            check("dashboard-sign-in", f"/dashboard?lang={language}")

            # Signed in with the keyboard alone: focus starts on the page, Tab reaches each field.
            body = driver.find_element(By.TAG_NAME, "body")
            body.send_keys(Keys.TAB)
            for _ in range(10):
                if driver.switch_to.active_element.get_attribute("id") == "identifier":
                    break
                driver.switch_to.active_element.send_keys(Keys.TAB)
            if driver.switch_to.active_element.get_attribute("id") != "identifier":
                failures.append(f"dashboard-sign-in ({language}): Tab never reached the identifier field")
                continue
            driver.switch_to.active_element.send_keys(admin["email"], Keys.TAB)
            if driver.switch_to.active_element.get_attribute("id") != "password":
                failures.append(f"dashboard-sign-in ({language}): Tab from the identifier did not reach the password")
                continue
            driver.switch_to.active_element.send_keys(admin["password"], Keys.ENTER)
            try:
                WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form[action^='/dashboard/sign-out']"))
            except TimeoutException:
                driver.save_screenshot(str(shots / f"dashboard-sign-in-failed-{language}.png"))
                failures.append(f"dashboard-sign-in ({language}): not signed in 30 s after Enter (see the screenshot)")
                continue
            found = violations(driver)
            driver.save_screenshot(str(shots / f"dashboard-{language}.png"))
            checked += 1
            print(f"  dashboard ({language}): {len(found)} violation(s)", flush=True)
            failures.extend(f"dashboard ({language}): {v}" for v in found)
            check("dashboard-2025", f"/dashboard?lang={language}&year=2025")
        finally:
            driver.quit()

    if failures:
        print(f"Accessibility: {len(failures)} violation(s) of WCAG 2.1 AA in {checked} pages:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"Accessibility: {checked} pages, no violation of WCAG 2.1 A/AA (axe-core {axe_version()}); screenshots in {shots}")


def axe_version():
    marker = "axe v"
    start = AXE.find(marker)
    return AXE[start + len(marker):start + len(marker) + 8].split()[0] if start >= 0 else "?"


if __name__ == "__main__":
    main()
