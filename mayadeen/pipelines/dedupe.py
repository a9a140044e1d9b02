"""`DedupePipeline`: one item per article and per ticker line within a run.

An article's identity is its CMS post id, the canonical URL where it has none: the same article
reached through another URL variant or discovery path is a duplicate, while two articles whose
slugs truncate alike (different post ids) stay two.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from mayadeen.items import ArticleItem, BreakingItem


class DuplicateItem(DropItem):
    """An item already emitted in this run."""


def article_identity(item: Any) -> str:
    """The key an article is known by across URL variants."""
    post_id = item.get("post_id")
    return f"post:{post_id}" if post_id else f"url:{item['url']}"


class DedupePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            key = article_identity(item)
        elif isinstance(item, BreakingItem):
            key = f"breaking:{item['text']}"
        else:
            return item
        if key in self.seen:
            self.stats.inc_value("mayadeen/items/duplicate")
            raise DuplicateItem(f"duplicate of {key}", log_level="DEBUG")
        self.seen.add(key)
        return item
