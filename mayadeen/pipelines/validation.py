"""`ValidationPipeline`: nothing breaking the item's JSON Schema reaches a feed or the database."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from mayadeen.items import ArticleItem


class InvalidItem(DropItem):
    """An article that does not match the schema (counted per field in the stats)."""


@cache
def article_validator() -> Draft202012Validator:
    """The validator of the article schema shipped in the package."""
    text = resources.files("mayadeen").joinpath("schema/article.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(item: Any) -> list[tuple[str, str]]:
    """(field, message) for every schema violation of an article item, field order."""
    errors = article_validator().iter_errors(ItemAdapter(item).asdict())
    found = [(".".join(map(str, e.absolute_path)) or "item", e.message) for e in errors]
    return sorted(found)


class ValidationPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        errors = schema_errors(item)
        if not errors:
            return item
        for field, _ in errors:
            top = field.split(".", 1)[0]
            self.stats.inc_value(f"item_dropped_reasons_count/InvalidItem/{top}")
        url = item.get("url")
        reasons = "; ".join(f"{field}: {message}" for field, message in errors)
        raise InvalidItem(f"invalid article {url}: {reasons}")
