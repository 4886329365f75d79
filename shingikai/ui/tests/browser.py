"""Browser tests' common part: Debian's Chromium through Playwright, signed in through the
sign-in form as a user would, with the page's console errors collected."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright

from conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"Debian's Chromium is not installed ({CHROMIUM})"
)


def artifact(name: str) -> Path:
    """A fresh path for a screenshot under test-artifacts/ (an old one is removed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.unlink(missing_ok=True)
    return path


@contextmanager
def signed_in_page(base_url: str, username: str, console_errors: list[str]) -> Iterator[Page]:
    """A Japanese-locale page of a fresh browser, signed in as `username`; console errors
    and uncaught page errors are appended to `console_errors`."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        try:
            page = browser.new_page(locale="ja-JP")
            page.set_default_timeout(15_000)
            page.on("console", on_console)
            page.on("pageerror", lambda error: console_errors.append(str(error)))

            page.goto(f"{base_url}/accounts/login/")
            page.get_by_label("ユーザー名").fill(username)
            page.get_by_label("パスワード").fill(PASSWORD)
            page.get_by_role("button", name="サインイン").click()
            expect(page.get_by_role("button", name="サインアウト")).to_be_visible()
            yield page
        finally:
            browser.close()
            # Inside Playwright's event loop the ORM had its own connection; close it, or
            # PostgreSQL refuses to drop the test database at the end of the run.
            connections.close_all()
