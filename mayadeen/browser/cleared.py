"""Waiting, in the browser, for a challenge page's script to let the page through.

A managed challenge answers 403 with a "Just a moment..." page; its script proves the browser and
reloads the real page. scrapy-playwright hands back the content once the first document has
loaded: too early, and with the first document's status. The page method here waits (polling in
the page, never a fixed sleep) until the page is no longer a challenge, and reads the HTTP status
of the document the browser ended on; BrowserGateMiddleware gives the response that status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Request

# True once the page is not a challenge page (the markers of challenge.CHALLENGE_MARKERS that a
# page's own scripts can see: the options object and the title).
CLEARED_JS = """() => document.readyState !== "loading"
  && typeof window._cf_chl_opt === "undefined"
  && document.title !== "Just a moment..."
"""
# The HTTP status of the current document (Navigation Timing Level 2; 0 where unknown).
DOCUMENT_STATUS_JS = """() => {
  const entry = performance.getEntriesByType("navigation")[0];
  return (entry && entry.responseStatus) || 0;
}"""


@dataclass(frozen=True)
class Cleared:
    cleared: bool  # the page was (or became) a page, not a challenge
    status: int | None  # HTTP status of the document the browser ended on, None where unknown


async def wait_until_cleared(page: Any, timeout_ms: float) -> Cleared:
    """Page method: wait until the page is not a challenge (at most ``timeout_ms``)."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeoutError

    try:
        await page.wait_for_function(CLEARED_JS, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        return Cleared(False, None)
    try:
        status = await page.evaluate(DOCUMENT_STATUS_JS)
    except PlaywrightError:  # navigating again meanwhile: the status is not known
        status = 0
    return Cleared(True, int(status) or None)


def cleared_page_method(timeout_ms: float) -> Any:
    from scrapy_playwright.page import PageMethod

    return PageMethod(wait_until_cleared, timeout_ms=timeout_ms)


def cleared_result(request: Request) -> Cleared | None:
    """The outcome of the wait_until_cleared page method of a rendered request, if it ran."""
    for method in request.meta.get("playwright_page_methods") or ():
        if isinstance(getattr(method, "result", None), Cleared):
            return method.result
    return None
