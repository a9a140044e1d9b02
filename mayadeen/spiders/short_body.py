"""A whole page whose article body stops early: detected against the metadata's word count.

A truncated transfer misses its closing markup (middlewares.TruncatedPageMiddleware), but a CMS or
cache fault can serve a well-closed document with most of the body missing. The metadata block
declares the post's ``word_count``; an extracted body far shorter than that is not the article.
The check runs in the spider, on the body it has already extracted (a downloader middleware would
have to extract the body a second time). It retries like downloadermiddlewares.PageRetryMiddleware:
the same budget (RETRY_TIMES, shared with every other retry of the request; RETRY_ENABLED off or
meta ``dont_retry``: no retry), Scrapy's retry stats under the reason ``short_body``, then a loud
error and a counted drop; the item is never emitted.

MAYADEEN_SHORT_BODY_RATIO (default 0.5): a body under this share of the declared count is short;
0 turns the check off. Pages without metadata (or without a word count in it) are not judged.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from mayadeen.downloadermiddlewares.pageretry import retry_request
from mayadeen.extraction.metadata import Metadata, declared_word_count

logger = logging.getLogger(__name__)
REASON = "short_body"
SEEN_STAT = "mayadeen/short_body"
DROPPED_STAT = "mayadeen/short_body_dropped"


def is_short_body(words: int, declared: int | None, ratio: float) -> bool:
    """Whether a body of ``words`` words is far shorter than the ``declared`` count."""
    return declared is not None and ratio > 0 and words < ratio * declared


class ShortBodyCheck:
    """In a callback: ``if check.is_short(page.metadata, words): yield from check.retry(...)``, in
    place of the item (a retry request, or nothing once given up)."""

    def __init__(self, crawler: Any, ratio: float):
        self.crawler = crawler  # its stats exist once the crawl starts, after the spider is made
        self.ratio = ratio

    @classmethod
    def from_crawler(cls, crawler: Any) -> ShortBodyCheck:
        return cls(crawler, crawler.settings.getfloat("MAYADEEN_SHORT_BODY_RATIO"))

    def is_short(self, metadata: Metadata, words: int) -> bool:
        """Whether the page's extracted body of ``words`` words is far under the count its
        metadata block (as the page object parsed it) declares."""
        return is_short_body(words, declared_word_count(metadata), self.ratio)

    def retry(self, response: Response, spider: Spider, words: int) -> list[Request]:
        """Count a short page and retry it; with no retry left, log and drop it ([])."""
        stats = self.crawler.stats
        stats.inc_value(SEEN_STAT)
        request = response.request
        retry = retry_request(request, spider, REASON) if request is not None else None
        if retry is not None:
            return [retry]
        stats.inc_value(DROPPED_STAT)
        logger.error("article body far shorter than its metadata declares (%d words), given up: %s",
                     words, response.url)  # fmt: skip
        return []
