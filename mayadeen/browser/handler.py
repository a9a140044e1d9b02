"""scrapy-playwright's download handler with the project's hygiene: contexts rotated after
MAYADEEN_BROWSER_PAGES_PER_CONTEXT pages, browser memory sampled after every render and a
context retired early when chromium's PSS passes MAYADEEN_BROWSER_MEMORY_LIMIT_MB.

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

from scrapy import Spider
from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from mayadeen.browser.memory import browser_pss, browser_rss
from mayadeen.browser.policy import ContextRotation

logger = logging.getLogger(__name__)
MIB = 2**20


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.rotation = ContextRotation(settings.getint("MAYADEEN_BROWSER_PAGES_PER_CONTEXT"))
        self.memory_limit = settings.getint("MAYADEEN_BROWSER_MEMORY_LIMIT_MB") * MIB
        self.memory_warned = False
        self.memory_interval = settings.getfloat("MAYADEEN_BROWSER_MEMORY_CHECK_SECONDS")
        self.memory_checked = -self.memory_interval

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        # A context chosen by the caller is left alone (and not rotated).
        name = None
        if "playwright_context" not in request.meta:
            name = request.meta["playwright_context"] = self.rotation.assign()
        try:
            return await super()._download_request(request, spider)
        finally:
            self.stats.inc_value("mayadeen/browser/renders")
            closable = [name] if name is not None and self.rotation.release(name) else []
            retired = await self._watch_memory()
            if retired is not None:
                closable.append(retired)
            for context in closable:
                await self._close_context(context)

    async def _watch_memory(self) -> str | None:
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

    async def _close_context(self, name: str) -> None:
        wrapper = self.context_wrappers.get(name)
        if wrapper is None:
            return
        with suppress(Exception):  # already closing with the browser: nothing left to free
            await wrapper.context.close()
        self.stats.inc_value("mayadeen/browser/contexts_closed")
        logger.debug("browser context %s closed", name)
