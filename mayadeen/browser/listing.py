"""Listings that grow only through a script: the "Load more" button, clicked in the browser.

A listing page without a next-page link but with a "Load more" button (site.LOAD_MORE_TEXT) is
requested once more through the browser; a page method clicks the button until it goes away (or is
hidden or disabled), waiting after each click for the page's links to grow, never for a fixed
time. The rendered HTML then goes to the spider's usual listing callback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from scrapy.settings import BaseSettings

from mayadeen import site

logger = logging.getLogger(__name__)

LOAD_MORE_RE = re.compile(site.LOAD_MORE_TEXT, re.I)
# The request was made to load a listing in full (its callback must not ask again).
LOAD_MORE_META = "mayadeen_load_more"
BUTTONS = "button, [role=button]"

# True once the load-more button is gone (removed, hidden or disabled) or the page holds more
# links than before the click. Runs in the page; [pattern, links before the click].
GROWN_OR_DONE_JS = """([pattern, before]) => {
  const re = new RegExp(pattern, "i");
  const live = [...document.querySelectorAll("button, [role=button]")].some(
    (b) => re.test(b.textContent) && b.offsetParent !== null && !b.disabled);
  return !live || document.querySelectorAll("a[href]").length > before;
}"""


@dataclass(frozen=True)
class LoadMoreResult:
    clicks: int
    complete: bool  # the button went away: every item is on the page


def has_load_more(selector: Selector) -> bool:
    """Whether a (plain) page shows a load-more button."""
    return any(
        LOAD_MORE_RE.search(" ".join(b.xpath("string()").get("").split()))
        for b in selector.css(BUTTONS)
    )


async def load_all(page: Any, max_clicks: int, timeout_ms: float) -> LoadMoreResult:
    """Page method: click "Load more" until it goes away, at most ``max_clicks`` times."""
    from playwright.async_api import TimeoutError as PlaywrightTimeoutError

    for clicks in range(max_clicks + 1):
        button = page.locator(BUTTONS).filter(has_text=LOAD_MORE_RE).first
        if not await button.count() or not await button.is_visible():
            return LoadMoreResult(clicks, complete=True)
        if not await button.is_enabled():
            return LoadMoreResult(clicks, complete=True)
        if clicks == max_clicks:
            break
        before = await page.locator("a[href]").count()
        try:
            await button.click(timeout=timeout_ms)
            await page.wait_for_function(
                GROWN_OR_DONE_JS, arg=[site.LOAD_MORE_TEXT, before], timeout=timeout_ms
            )
        except PlaywrightTimeoutError:
            logger.warning("load more: nothing new after click %d on %s", clicks + 1, page.url)
            return LoadMoreResult(clicks + 1, complete=False)
    return LoadMoreResult(max_clicks, complete=False)


def load_more_request(
    response: Response, callback: Callable[..., Any], settings: BaseSettings
) -> Request | None:
    """The browser request that loads this listing in full, or None when the page has no
    load-more button or already is such a render."""
    if response.meta.get(LOAD_MORE_META) or not has_load_more(response.selector):
        return None
    from scrapy_playwright.page import PageMethod

    clicks = settings.getint("MAYADEEN_LOAD_MORE_MAX_CLICKS")
    timeout_ms = settings.getfloat("MAYADEEN_BROWSER_WAIT_SECONDS") * 1000
    return Request(
        response.url,
        callback=callback,
        dont_filter=True,  # the same URL as the plain page 1 just read
        meta={
            "playwright": True,
            LOAD_MORE_META: True,
            "playwright_page_methods": [
                PageMethod(load_all, max_clicks=clicks, timeout_ms=timeout_ms)
            ],
        },
    )


def load_more_result(request: Request) -> LoadMoreResult | None:
    """The outcome of the load_all page method of a rendered request, if it ran."""
    for method in request.meta.get("playwright_page_methods") or ():
        if isinstance(getattr(method, "result", None), LoadMoreResult):
            return method.result
    return None
