"""Retry-After honoured: after a 429 (or 503) that says when to come back, the whole site waits.

Scrapy 2.19's RetryMiddleware retries 429 and 503 at once and ignores Retry-After. A server that
throttles asks the client, not one URL, to slow down: RetryAfterMiddleware records the moment the
answer allows and holds every request to that download slot (the site) until then, the retry
included, in process_request (a coroutine: the wait occupies a concurrency slot and sends nothing).
Sits above RetryMiddleware (550) so its process_response sees the 429 before the retry is made.

Settings: MAYADEEN_RETRY_AFTER_MAX (seconds, default 300) caps one wait (a longer answer is capped
and logged; 0 turns the middleware off); MAYADEEN_RETRY_AFTER_CODES (default [429, 503]).
Stats: mayadeen/retry_after/count (answers honoured), mayadeen/retry_after/capped,
mayadeen/retry_after/waits (requests held), mayadeen/retry_after/seconds (longest pause, whole s).
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After value asks for: delay-seconds or an HTTP-date (RFC 9110 10.2.3);
    None when absent or unreadable. A date in the past means 0."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # an HTTP-date is GMT by definition
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Any, max_seconds: float, codes: set[int]):
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_seconds = max_seconds
        self.codes = codes
        self.not_before: dict[str, float] = {}  # download slot -> monotonic time

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        settings = crawler.settings
        codes = {int(c) for c in settings.getlist("MAYADEEN_RETRY_AFTER_CODES")}
        max_seconds = settings.getfloat("MAYADEEN_RETRY_AFTER_MAX")
        if max_seconds <= 0:
            raise NotConfigured("MAYADEEN_RETRY_AFTER_MAX=0: Retry-After ignored")
        return cls(crawler, max_seconds, codes)

    def slot_of(self, request: Request) -> str:
        """The request's download slot: the site as Scrapy's downloader sees it."""
        try:
            return self.crawler.engine.downloader.get_slot_key(request)
        except RuntimeError:  # no crawl running (used alone): the downloader's rule, host only
            return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""

    async def process_request(self, request: Request) -> None:
        wait = self.not_before.get(self.slot_of(request), 0.0) - monotonic()
        if wait > 0:
            self.stats.inc_value("mayadeen/retry_after/waits")
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.codes:
            return response
        seconds = retry_after_seconds(response.headers.get(b"Retry-After"))
        if seconds is None:
            return response
        if seconds > self.max_seconds:
            logger.warning("Retry-After %.0fs capped to %.0fs: %s", seconds, self.max_seconds,
                           request.url)  # fmt: skip
            self.stats.inc_value("mayadeen/retry_after/capped")
            seconds = self.max_seconds
        slot = self.slot_of(request)
        self.not_before[slot] = max(self.not_before.get(slot, 0.0), monotonic() + seconds)
        self.stats.inc_value("mayadeen/retry_after/count")
        self.stats.max_value("mayadeen/retry_after/seconds", math.ceil(seconds))
        return response
