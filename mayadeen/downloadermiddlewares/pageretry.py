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

logger = logging.getLogger(__name__)


class PageRetryMiddleware:
    """A response that looks fine but is not the page (a challenge, a cut-off body): count it,
    retry it like Scrapy's RetryMiddleware would, and when no retry is left, log it loudly and
    drop it. Subclasses say what to detect and how to name it."""

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
        retry = get_retry_request(
            request,
            spider=spider or self.crawler.spider,
            reason=self.reason,
            max_retry_times=self.max_retries,
        )
        if retry is not None:
            return retry
        return self.give_up(request, response)

    def give_up(self, request: Request, response: Response) -> Request:
        """No retry left: log and drop the request (subclasses may retry otherwise)."""
        self.stats.inc_value(self.given_up_stat)
        message = self.given_up_message.format(url=request.url, status=response.status)
        logger.error(message)
        raise IgnoreRequest(message)
