"""One headless Chromium (Debian's, driven by Playwright) for all browser tests; a fresh context per test.

Each test builds the small Hanoi of tests/web/world.py and drives the live server by visible Vietnamese
labels.
"""

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-an-toan-2025"  # tests.factories.UserFactory
# Flags that keep Chromium from reaching for the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _missing(what: str) -> None:
    """In CI a missing browser part is a failure (`make browser` installs it); elsewhere a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: `make browser` installs it")
    pytest.skip(f"{what} is missing")


# One browser for all the browser tests (they are all in this package); closed when they are done, so that the
# permission below, which Django's deploy check rightly refuses, does not outlive them.
@pytest.fixture(scope="package")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        _missing(CHROMIUM)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test bodies are still
    # synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def open_page(chromium):
    """open_page(viewport) -> a page in a new context (its own cookies), closed after the test. `bypass_csp`
    lets the accessibility scan inject axe-core into pages whose policy allows only the site's own scripts."""
    contexts = []

    def open_page(viewport: dict[str, int] = DESKTOP, *, bypass_csp: bool = False):
        context = chromium.new_context(
            viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", bypass_csp=bypass_csp
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def menu(page) -> list[str]:
    return [text.strip() for text in page.locator("nav.mainnav a").all_inner_texts()]


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than its viewport (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def serious_accessibility_violations(page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is (WCAG 2.1 A and AA rules)."""
    if not AXE.exists():
        _missing(str(AXE))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [json.dumps(n["target"]) for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in_with_code(page, base_url: str, user) -> None:
    """An administrator's sign-in: password, then the current code of a TOTP device made for the test."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    sign_in(page, base_url, user.username)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Mã xác thực 6 chữ số", exact=False).fill(f"{code:06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
