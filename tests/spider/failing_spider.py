"""A spider whose article callback fails on one page after yielding its item: what a bug the
fuzzing missed would do in a real crawl (tests/spider/test_callback_errors.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import signals
from scrapy.http import Response

from mayadeen.spiders.articles import ArticlesSpider

SIGNALS_STAT = "test/spider_error_signals"


class FailingArticlesSpider(ArticlesSpider):
    """`articles`, but parse_article raises RuntimeError on the URL ending with the
    FAILING_URL_SUFFIX setting, after yielding that page's output."""

    name = "failing_articles"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> FailingArticlesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_error, signals.spider_error)
        return spider

    def spider_error(self, failure: Any, response: Response) -> None:
        self.crawler.stats.inc_value(SIGNALS_STAT)

    def parse_article(self, response: Response) -> Iterator[Any]:
        yield from super().parse_article(response)
        if response.url.endswith(self.settings.get("FAILING_URL_SUFFIX")):
            raise RuntimeError("a bug the fuzzing missed")
