"""`ValidationPipeline`: nothing breaking the item's JSON Schema reaches a feed or the database."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache, partial
from importlib import resources
from typing import Any

import fastjsonschema
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from mayadeen.items import ArticleItem


class InvalidItem(DropItem):
    """An article that does not match the schema (counted per field in the stats)."""


@cache
def article_schema() -> dict[str, Any]:
    """The article schema shipped in the package, checked against its meta-schema."""
    text = resources.files("mayadeen").joinpath("schema/article.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def article_validator() -> Draft202012Validator:
    """The validator of the article schema: every violation, with its message."""
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(article_schema(), format_checker=checker)


@cache
def article_check() -> Callable[[Any], Any]:
    """The schema compiled to Python code (fastjsonschema): it tells a valid item in a tenth of
    the validator's time, and raises at the first violation. Its formats are checked by the
    validator's own format checkers, so both judge an item alike (tests/pipelines)."""
    checker = Draft202012Validator.FORMAT_CHECKER
    formats = {name: partial(checker.conforms, format=name) for name in checker.checkers}
    return fastjsonschema.compile(article_schema(), formats=formats)


def schema_errors(item: Any) -> list[tuple[str, str]]:
    """(field, message) for every schema violation of an article item, field order."""
    data = dict(item) if isinstance(item, Mapping) else ItemAdapter(item).asdict()
    try:
        article_check()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # the validator lists every violation with its message
    errors = article_validator().iter_errors(data)
    found = [(".".join(map(str, e.absolute_path)) or "item", e.message) for e in errors]
    return sorted(found)


class ValidationPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        article_check()  # the schema read, checked and compiled before the first item
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
