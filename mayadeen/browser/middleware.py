"""Downloader middlewares of the browser path.

BrowserGateMiddleware: browser requests (meta["playwright"]) are skipped when no browser is
available (one warning, stats mayadeen/browser/skipped), wait their backoff before a browser
retry, report how their load-more clicking went, and get the status of the page the browser
ended on when it went through a challenge.
BrowserChallengeMiddleware: a challenge that survives the plain retries is retried once through
the browser after MAYADEEN_BROWSER_RETRY_BACKOFF seconds (a retry like the others: not with
RETRY_ENABLED off or meta dont_retry); a browser that is challenged too gives
the usual "blocked" error, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mayadeen.browser.cleared import cleared_page_method, cleared_result
from mayadeen.browser.listing import load_more_result
from mayadeen.downloadermiddlewares.challenge import ChallengeMiddleware, is_challenge
from mayadeen.downloadermiddlewares.pageretry import retries_allowed

logger = logging.getLogger(__name__)
BACKOFF_META = "mayadeen_backoff"


class BrowserGateMiddleware:
    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.available = settings.getbool("MAYADEEN_BROWSER_AVAILABLE")
        self.reason = settings.get("MAYADEEN_BROWSER_UNAVAILABLE_REASON") or "browser disabled"
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserGateMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("playwright"):
            return
        if not self.available:
            self.stats.inc_value("mayadeen/browser/skipped")
            if not self.warned:
                self.warned = True
                logger.warning(
                    "no browser (%s): pages that need JavaScript are skipped; "
                    "their count is in the stats as mayadeen/browser/skipped",
                    self.reason,
                )
            raise IgnoreRequest(f"needs a browser: {request.url}")
        delay = request.meta.pop(BACKOFF_META, 0)
        if delay:
            await asyncio.sleep(delay)  # this request only; the crawl goes on meanwhile

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        cleared = cleared_result(request)
        if cleared is not None and cleared.status and cleared.status != response.status:
            # Through a challenge: the page the browser ended on, not the challenge's 403.
            response = response.replace(status=cleared.status)
        result = load_more_result(request)
        if result is not None:
            self.stats.inc_value("mayadeen/browser/load_more_clicks", result.clicks)
            if not result.complete:
                self.stats.inc_value("mayadeen/browser/load_more_incomplete")
                logger.warning(
                    "listing not loaded in full after %d clicks: %s", result.clicks, request.url
                )
        return response


class BrowserChallengeMiddleware(ChallengeMiddleware):
    """ChallengeMiddleware with one browser retry after the plain ones (when a browser is
    available); stats mayadeen/browser/challenge_retries, mayadeen/browser/challenge_blocked."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.browser = settings.getbool("MAYADEEN_BROWSER_AVAILABLE")
        self.backoff = settings.getfloat("MAYADEEN_BROWSER_RETRY_BACKOFF")
        self.priority_adjust = settings.getint("RETRY_PRIORITY_ADJUST")
        self.wait_ms = settings.getfloat("MAYADEEN_BROWSER_WAIT_SECONDS") * 1000

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        # Plain retries used up: straight to the browser (RetryMiddleware's "Gave up retrying"
        # error would be wrong here).
        plain_left = request.meta.get("retry_times", 0) < request.meta.get(
            "max_retry_times", self.max_retries
        )
        browser_next = (
            self.browser
            and not plain_left
            and not request.meta.get("playwright")
            and retries_allowed(request, self.crawler.settings)
        )
        if browser_next and is_challenge(response):
            self.stats.inc_value("mayadeen/challenge")
            return self.browser_retry(request)
        return super().process_response(request, response, spider)

    def browser_retry(self, request: Request) -> Request:
        self.stats.inc_value("mayadeen/browser/challenge_retries")
        logger.info("still challenged, now through the browser: %s", request.url)
        # The browser waits for the challenge's script to let the page through.
        wait = [cleared_page_method(self.wait_ms)]
        return request.replace(
            meta={
                **request.meta,
                "playwright": True,
                "playwright_page_methods": wait,
                BACKOFF_META: self.backoff,
            },
            priority=request.priority + self.priority_adjust,
            dont_filter=True,
        )

    def give_up(self, request: Request, response: Response) -> Request:
        if request.meta.get("playwright"):
            self.stats.inc_value("mayadeen/browser/challenge_blocked")
        return super().give_up(request, response)
