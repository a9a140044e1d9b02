"""The spider's safety net against hostile pages: no exception escapes a callback unseen.

Page objects are written not to raise on any input (tests/extraction/test_fuzz_*.py); this is the
last resort behind them. A callback that raises anyway is stopped there: what it yielded before
stands, the error is counted as `mayadeen/extraction_error/<ExceptionType>` and logged with the
URL and the traceback, and the crawl goes on. Pages dropped on purpose are counted as
`mayadeen/drop/<reason>` with a log line (`drop`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any

from scrapy import Spider
from scrapy.exceptions import CloseSpider
from scrapy.http import Response

DROP_PREFIX = "mayadeen/drop/"
ERROR_PREFIX = "mayadeen/extraction_error/"

Callback = Callable[..., Iterator[Any]]


def drop(
    spider: Spider, response: Response, reason: str, detail: str = "", level: int = logging.WARNING
) -> None:
    """Count and log a page that gives no item on purpose (expected drops log at INFO)."""
    spider.crawler.stats.inc_value(DROP_PREFIX + reason)
    spider.logger.log(
        level, "page dropped (%s%s): %s", reason, detail and f", {detail}", response.url
    )


def guarded(callback: Callback) -> Callback:
    """Wrap a generator callback so that an exception ends it counted and logged, not raised.
    CloseSpider is the spider's own stop signal and passes through."""

    @functools.wraps(callback)
    def wrapper(spider: Spider, response: Response, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from callback(spider, response, *args, **kwargs)
        except CloseSpider:
            raise
        except Exception as error:
            name = type(error).__name__
            spider.crawler.stats.inc_value(ERROR_PREFIX + name)
            spider.logger.error(
                "extraction error %s in %s on %s", name, callback.__name__, response.url,
                exc_info=True,
            )  # fmt: skip

    return wrapper
