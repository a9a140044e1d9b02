"""`PageRetryMiddleware`: a response that looks fine but is not the page, retried like Scrapy's
RetryMiddleware would, then dropped loudly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


def retries_allowed(request: Request, settings: BaseSettings) -> bool:
    """Whether ``request`` may be retried, as Scrapy's RetryMiddleware decides: RETRY_ENABLED
    on and no ``dont_retry`` in its meta. A page that is not the page is still never passed on:
    without a retry it is given up at once."""
    return settings.getbool("RETRY_ENABLED") and not request.meta.get("dont_retry", False)


def retry_request(
    request: Request, spider: Spider, reason: str, max_retry_times: int | None = None
) -> Request | None:
    """The retry of ``request`` (None: not allowed, or none left), with RetryMiddleware's meta
    overrides: ``max_retry_times`` before ``max_retry_times`` (None: RETRY_TIMES),
    ``priority_adjust`` before RETRY_PRIORITY_ADJUST."""
    if not retries_allowed(request, spider.crawler.settings):
        return None
    return get_retry_request(
        request,
        spider=spider,
        reason=reason,
        max_retry_times=request.meta.get("max_retry_times", max_retry_times),
        priority_adjust=request.meta.get("priority_adjust"),
    )


class PageRetryMiddleware:
    """A response that looks fine but is not the page (a challenge, a cut-off body): count it,
    retry it like Scrapy's RetryMiddleware would (RETRY_ENABLED, meta ``dont_retry`` and
    ``max_retry_times`` honoured), and when no retry is left, log it loudly and drop it.
    Subclasses say what to detect and how to name it."""

    detect: Callable[[Response], bool]  # whether a response is the problem (a staticmethod)
    reason = ""  # the retry reason, in Scrapy's retry stats
    seen_stat = ""  # counted at every detection
    given_up_stat = ""  # counted when no retry is left
    given_up_message = ""  # the error logged when no retry is left; {url} and {status} filled in
    max_retries_setting: str | None = None  # None: Scrapy's RETRY_TIMES

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_retries = (
            crawler.settings.getint(self.max_retries_setting)
            if self.max_retries_setting
            else None
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> PageRetryMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not self.detect(response):
            return response
        self.stats.inc_value(self.seen_stat)
        retry = retry_request(request, spider or self.crawler.spider, self.reason, self.max_retries)
        if retry is not None:
            return retry
        return self.give_up(request, response)

    def give_up(self, request: Request, response: Response) -> Request:
        """No retry left: log and drop the request (subclasses may retry otherwise)."""
        self.stats.inc_value(self.given_up_stat)
        message = self.given_up_message.format(url=request.url, status=response.status)
        logger.error(message)
        raise IgnoreRequest(message)
