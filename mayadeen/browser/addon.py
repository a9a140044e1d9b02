"""Decides at start-up whether a browser is there, and only then routes downloads through
scrapy-playwright.

The handler is installed for http and https when a Chromium executable is found (the
MAYADEEN_BROWSER_EXECUTABLE setting, else /usr/bin/chromium or `chromium` on PATH: Debian's
package; `playwright install` is never needed), with BrowserContextMiddleware (contexts.py) for
context rotation and memory watching. Even then only requests with
meta["playwright"] = True go through the browser; the rest stay plain HTTP. Without a browser
nothing is installed and MAYADEEN_BROWSER_AVAILABLE is False: BrowserGateMiddleware then skips
the browser-only pages with one warning and a stats counter.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from typing import Any

from scrapy.settings import BaseSettings

from mayadeen.browser.contexts import BrowserContextMiddleware
from mayadeen.browser.policy import AbortPolicy

logger = logging.getLogger(__name__)

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# Last in DOWNLOADER_MIDDLEWARES order (HttpCacheMiddleware, the last of Scrapy's, is 900).
CONTEXTS_MIDDLEWARE_ORDER = 950
DEFAULT_EXECUTABLES = ("/usr/bin/chromium",)
# Headless, as root in a container (no sandbox), no GPU, and no traffic of its own: without the
# background-networking flags chromium calls home (updates, sync, field trials).
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_browser(settings: BaseSettings) -> tuple[str | None, str]:
    """(executable path, "") when a browser can run, else (None, the reason why not)."""
    if not settings.getbool("MAYADEEN_BROWSER_ENABLED"):
        return None, "MAYADEEN_BROWSER_ENABLED is off"
    if importlib.util.find_spec("scrapy_playwright") is None:
        return None, "scrapy-playwright is not installed (pip install -r requirements.txt)"
    configured = settings.get("MAYADEEN_BROWSER_EXECUTABLE")
    if configured:
        if _executable(configured):
            return configured, ""
        return None, f"MAYADEEN_BROWSER_EXECUTABLE={configured} is not an executable file"
    for path in (*DEFAULT_EXECUTABLES, shutil.which("chromium")):
        if path and _executable(path):
            return path, ""
    return None, "no chromium found (apt-get install chromium, or set MAYADEEN_BROWSER_EXECUTABLE)"


def _set(settings: BaseSettings, name: str, value: Any) -> None:
    """Set at add-on priority, or at the priority of a value the user gave (merged into it)."""
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, 15))


class BrowserAddon:
    """ADDONS entry: configures scrapy-playwright when a browser is available."""

    def update_settings(self, settings: BaseSettings) -> None:
        executable, reason = find_browser(settings)
        settings.set("MAYADEEN_BROWSER_AVAILABLE", executable is not None, priority="addon")
        if executable is None:
            settings.set("MAYADEEN_BROWSER_UNAVAILABLE_REASON", reason, priority="addon")
            logger.info("no browser: %s", reason)
            return
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update(http=HANDLER, https=HANDLER)
        _set(settings, "DOWNLOAD_HANDLERS", handlers)
        settings.setdefault_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", BrowserContextMiddleware, CONTEXTS_MIDDLEWARE_ORDER
        )
        launch = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        launch.setdefault("executable_path", executable)
        launch.setdefault("headless", True)
        # The crawl's user agent in every page (navigator.userAgent) as in its headers: a
        # challenge's clearance is bound to the user agent that earned it.
        user_agent = settings.get("USER_AGENT")
        launch.setdefault("args", [*LAUNCH_ARGS, f"--user-agent={user_agent}"])
        _set(settings, "PLAYWRIGHT_LAUNCH_OPTIONS", launch)
        if not settings.get("PLAYWRIGHT_ABORT_REQUEST"):
            base = settings.get("MAYADEEN_BASE_URL")
            hosts = tuple(settings.getlist("MAYADEEN_BROWSER_ALLOWED_HOSTS"))
            _set(settings, "PLAYWRIGHT_ABORT_REQUEST", AbortPolicy(base, hosts))
        logger.info("browser available: %s", executable)
