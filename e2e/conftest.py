"""Browser tests: the system Chromium driven by Playwright against Django's
live server.

Every page opened through the ``page`` fixture is watched: a request to any
host other than the live server fails the test, so "no third-party requests"
is checked on every browser test, not just one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium phones home at start, which the closed network
    # here refuses, and which would show up as foreign requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("SOFTLANDING_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if path is None or not Path(path).exists():
        message = "Chromium not found: install it (apt-get install chromium) or set SOFTLANDING_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class RequestLog:
    def __init__(self, own_origin: str) -> None:
        self.own_host = urlsplit(own_origin).netloc
        self.urls: list[str] = []
        self.allowed_hosts: set[str] = set()

    def foreign(self) -> list[str]:
        hosts = {self.own_host, *self.allowed_hosts}
        return [
            u
            for u in self.urls
            if urlsplit(u).scheme in {"http", "https", "ws", "wss"} and urlsplit(u).netloc not in hosts
        ]


@pytest.fixture
def context(browser: Browser, live_server: object) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=str(live_server.url))  # type: ignore[attr-defined]
    yield context
    context.close()


@pytest.fixture
def request_log(live_server: object) -> RequestLog:
    return RequestLog(str(live_server.url))  # type: ignore[attr-defined]


@pytest.fixture
def page(context: BrowserContext, request_log: RequestLog) -> Iterator[Page]:
    page = context.new_page()
    page.on("request", lambda r: request_log.urls.append(r.url))
    yield page
    foreign = request_log.foreign()
    assert not foreign, f"the page made requests to other hosts: {foreign}"
