"""`FieldCoverage`: per field, how many of the run's articles carry a non-empty value.

Counted over every article the spider extracted in the run, whatever the pipelines did with it:
exported ones (item_scraped), and those dropped as unchanged since the last run (the database
pipeline drops them so that feeds carry only news) or as invalid (a broken selector shows there).
Duplicates within the run are not counted twice. Spidermon's own coverage counts item_scraped
only, so on a recrawl where most articles are unchanged it would judge a handful of items.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from mayadeen.extensions.batchedstats import BatchedStats
from mayadeen.items import ARTICLE_FIELDS, ArticleItem
from mayadeen.pipelines.database import UnchangedItem
from mayadeen.pipelines.validation import InvalidItem

COVERAGE_ARTICLES = "mayadeen/coverage/articles"


def coverage_key(field: str) -> str:
    """The stat counting the articles with a non-empty ``field``."""
    return f"mayadeen/coverage/field/{field}"


def is_filled(value: Any) -> bool:
    """Non-empty: not None, not blank text, not an empty list or dict (0 is a value)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


class FieldCoverage:
    """Extension counting field coverage into the stats, for the monitors: on when they are
    (SPIDERMON_ENABLED, the one switch of the run monitors)."""

    counted_drops = (UnchangedItem, InvalidItem)

    def __init__(self, crawler: Crawler):
        self.counts = BatchedStats(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCoverage:
        if not crawler.settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        return extension

    def count(self, item: Any) -> None:
        if not isinstance(item, ArticleItem):
            return
        self.counts.inc(COVERAGE_ARTICLES)
        for field in ARTICLE_FIELDS:
            if is_filled(item.get(field)):
                self.counts.inc(coverage_key(field))
        self.counts.item_done()

    def item_scraped(self, item: Any) -> None:
        self.count(item)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(exception, self.counted_drops):
            self.count(item)
