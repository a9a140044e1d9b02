"""Pages that give no item on purpose: counted as `mayadeen/drop/<reason>` and logged (`drop`).

Page objects are written not to raise on any input (tests/extraction/test_fuzz_*.py). A callback
that raises anyway is Scrapy's to handle, and Scrapy does all a guard would (core/scraper.py):
what the callback yielded before the error stands, the error is logged with the request's URL and
the traceback, the `spider_error` signal is sent, it is counted as `spider_exceptions/count` and
`spider_exceptions/<ExceptionType>` (the run report lists those), and the crawl goes on.
"""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.http import Response

DROP_PREFIX = "mayadeen/drop/"
# Scrapy's stats of exceptions raised in callbacks: spider_exceptions/<ExceptionType>, and /count.
SPIDER_EXCEPTIONS_PREFIX = "spider_exceptions/"


def drop(
    spider: Spider, response: Response, reason: str, detail: str = "", level: int = logging.WARNING
) -> None:
    """Count and log a page that gives no item on purpose (expected drops log at INFO)."""
    spider.crawler.stats.inc_value(DROP_PREFIX + reason)
    spider.logger.log(
        level, "page dropped (%s%s): %s", reason, detail and f", {detail}", response.url
    )
