"""Browser contexts rotated and chromium's memory watched, around scrapy-playwright's own handler
and through its documented request meta only.

A browser request gets the context this middleware names (`playwright_context`: a context serves
MAYADEEN_BROWSER_PAGES_PER_CONTEXT pages, then the next name takes over) and a page init callback
(`playwright_page_init_callback`) that hands the page's BrowserContext back to the middleware.
When the render is done (response or failure), the handler has closed the page; a retired context
with no page left is closed with Playwright's BrowserContext.close() (scrapy-playwright then
forgets it: its "Closing contexts while crawling"), and so is the current one when chromium's PSS
passes MAYADEEN_BROWSER_MEMORY_LIMIT_MB. A request whose context the caller chose is left alone.

Stats: mayadeen/browser/renders, mayadeen/browser/contexts_closed, mayadeen/browser/rss_peak_mib
and mayadeen/browser/pss_peak_mib (chromium's process tree, see memory.py),
mayadeen/browser/memory_retirements.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from mayadeen.browser.memory import browser_pss, browser_rss
from mayadeen.browser.policy import ContextRotation

logger = logging.getLogger(__name__)
MIB = 2**20
RENDER_META = "mayadeen_render"  # this middleware saw the request go to the browser
CONTEXT_META = "mayadeen_browser_context"  # the rotated context's name, given here
OPENED_META = "mayadeen_browser_context_opened"  # its BrowserContext, during the download
INIT_CALLBACK = "mayadeen.browser.contexts.note_context"


async def note_context(page: Any, request: Request) -> None:
    """playwright_page_init_callback: the page's BrowserContext, for BrowserContextMiddleware
    (a path in the meta, not an object, so that the request stays serializable)."""
    request.meta[OPENED_META] = page.context


class BrowserContextMiddleware:
    """Registered by BrowserAddon last in DOWNLOADER_MIDDLEWARES' order: the nearest to the
    download, so that it sees every render end before any other middleware acts on it."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.rotation = ContextRotation(settings.getint("MAYADEEN_BROWSER_PAGES_PER_CONTEXT"))
        self.memory_limit = settings.getint("MAYADEEN_BROWSER_MEMORY_LIMIT_MB") * MIB
        self.memory_warned = False
        self.memory_interval = settings.getfloat("MAYADEEN_BROWSER_MEMORY_CHECK_SECONDS")
        self.memory_checked = -self.memory_interval
        # name -> the BrowserContexts of that name (one per handler: http and https have one each)
        self.contexts: dict[str, list[Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserContextMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        meta = request.meta
        if not meta.get("playwright"):
            return
        if meta.pop(CONTEXT_META, None) is not None:  # a retry of a request placed here before
            meta.pop("playwright_context", None)
            meta.pop("playwright_page_init_callback", None)
        meta[RENDER_META] = True
        if "playwright_context" in meta or meta.get("playwright_page_init_callback"):
            return  # the caller's choice
        meta["playwright_context"] = meta[CONTEXT_META] = self.rotation.assign()
        meta["playwright_page_init_callback"] = INIT_CALLBACK

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        await self.render_done(request)
        return response

    async def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        await self.render_done(request)

    async def render_done(self, request: Request) -> None:
        meta = request.meta
        if not meta.pop(RENDER_META, False):
            return
        self.stats.inc_value("mayadeen/browser/renders")
        opened = meta.pop(OPENED_META, None)
        name = meta.get(CONTEXT_META)
        closable = []
        if name is not None:
            known = self.contexts.setdefault(name, [])
            if opened is not None and not any(c is opened for c in known):
                known.append(opened)
            if self.rotation.release(name):
                closable.append(name)
        retired = await self.watch_memory()
        if retired is not None:
            closable.append(retired)
        for context in closable:
            await self.close_context(context)

    async def watch_memory(self) -> str | None:
        """Record the browser's memory; retire the current context when over the limit. Reading
        PSS takes tens of milliseconds: at most once per MAYADEEN_BROWSER_MEMORY_CHECK_SECONDS,
        in a thread (the crawl's event loop is not held up)."""
        now = time.monotonic()
        if now - self.memory_checked < self.memory_interval:
            return None
        self.memory_checked = now
        rss, pss = await asyncio.to_thread(lambda: (browser_rss(), browser_pss()))
        self.stats.max_value("mayadeen/browser/rss_peak_mib", round(rss / MIB))
        self.stats.max_value("mayadeen/browser/pss_peak_mib", round(pss / MIB))
        # PSS, not RSS: summed RSS counts the shared pages of every renderer again.
        if pss <= self.memory_limit:
            return None
        self.stats.inc_value("mayadeen/browser/memory_retirements")
        log = logger.debug if self.memory_warned else logger.warning
        self.memory_warned = True
        log(
            "browser PSS %d MiB over MAYADEEN_BROWSER_MEMORY_LIMIT_MB=%d: new context "
            "(count in mayadeen/browser/memory_retirements)",
            pss // MIB,
            self.memory_limit // MIB,
        )
        return self.rotation.retire_current()

    async def close_context(self, name: str) -> None:
        contexts = self.contexts.pop(name, [])
        for context in contexts:
            with suppress(Exception):  # already closing with the browser: nothing left to free
                await context.close()
        if contexts:
            self.stats.inc_value("mayadeen/browser/contexts_closed")
            logger.debug("browser context %s closed", name)
