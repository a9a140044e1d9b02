"""The items: the contract with analysts.

`ArticleItem` is the one definition of the article: its fields in feed order, each with the kind
of value it holds, whether it may be null, where its value comes from and what it means. The feed
field order, the list of stored columns and the page object's field list are derived from it; the
JSON Schema, the database table and the README's field table are checked against it
(tests/test_items.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

import scrapy

# The kinds of value a field holds (the JSON Schema and the database column follow the kind).
TEXT, INTEGER, TEXT_LIST, IMAGE_LIST = "text", "integer", "text list", "image list"
LIST_KINDS = (TEXT_LIST, IMAGE_LIST)
# Where a field's value comes from: read from the page, computed from other fields, or the crawl.
PAGE, COMPUTED, CRAWL = "page", "computed", "crawl"


def article_field(kind: str, meaning: str, *, nullable: bool = False, origin: str = PAGE) -> Any:
    """A field of the article item with its definition as field metadata. Lists are never null
    (empty where the page has none)."""
    if nullable and kind in LIST_KINDS:
        raise ValueError("a list field is empty, never null")
    return scrapy.Field(kind=kind, nullable=nullable, origin=origin, meaning=meaning)


class ArticleItem(scrapy.Item):
    """One article. Every field is present on every item: None or empty where the page has none."""

    url = article_field(TEXT, "canonical URL, tracking query removed, case kept")
    post_id = article_field(TEXT, "the CMS post id (digits): the article's identity", nullable=True)
    title = article_field(TEXT, "headline")
    summary = article_field(TEXT, "lede", nullable=True)
    authors = article_field(TEXT_LIST, 'names; "By " removed; "A and B" gives two')
    source = article_field(TEXT, 'text after "Source:"', nullable=True)
    published_at = article_field(
        TEXT, "publication time, ISO 8601 with the site's UTC offset (Beirut: +02:00 winter, "
        "+03:00 summer)",
    )  # fmt: skip
    updated_at = article_field(
        TEXT, "last update time, ISO 8601 with the site's UTC offset", nullable=True
    )
    section = article_field(TEXT, 'e.g. "Politics"', nullable=True)
    content_type = article_field(
        TEXT, "news, opinion, analysis, blog, feature, video, infograph or gallery"
    )
    region = article_field(TEXT, 'e.g. "Asia"', nullable=True)
    coverage = article_field(TEXT, 'the coverage it belongs to, e.g. "War on Gaza"', nullable=True)
    tags = article_field(TEXT_LIST, "tag names, deduplicated, page order")
    image_url = article_field(TEXT, "main image", nullable=True)
    image_caption = article_field(
        TEXT, "the main image's visible caption (never its alt text)", nullable=True
    )
    body = article_field(
        TEXT, "paragraphs and sub-headings joined by blank lines; never the repeated lede, "
        "captions, Related News, embedded tweets, \"Read more\" lines or page furniture",
    )  # fmt: skip
    word_count = article_field(INTEGER, "words of the body", origin=COMPUTED)
    read_time_minutes = article_field(INTEGER, '"N Min Read" as the page shows it', nullable=True)
    shares = article_field(INTEGER, '"N Shares" as the page shows it', nullable=True)
    related_urls = article_field(TEXT_LIST, "Related News links")
    video_url = article_field(TEXT, "video player URL", nullable=True)
    images = article_field(IMAGE_LIST, "gallery/infograph images, each with url and caption")
    language = article_field(TEXT, '"en"', nullable=True)
    scraped_at = article_field(TEXT, "crawl time, ISO 8601", nullable=True, origin=CRAWL)
    content_hash = article_field(
        TEXT, "SHA-256 of the normalized title, summary and body", origin=COMPUTED
    )


# Derived from the definition: the feed order, and the fields by where their value comes from.
ARTICLE_FIELDS: tuple[str, ...] = tuple(ArticleItem.fields)
PAGE_FIELDS = tuple(f for f in ARTICLE_FIELDS if ArticleItem.fields[f]["origin"] == PAGE)
LIST_FIELDS = tuple(f for f in ARTICLE_FIELDS if ArticleItem.fields[f]["kind"] in LIST_KINDS)
# Fields the replica's manifest cannot know in advance: compared by everything else.
VOLATILE_FIELDS = tuple(f for f in ARTICLE_FIELDS if ArticleItem.fields[f]["origin"] == CRAWL)


class BreakingItem(scrapy.Item):
    """One line of the BREAKING ticker, emitted once per crawl (deduplicated by its text)."""

    text = scrapy.Field()
    url = scrapy.Field()
    first_seen_at = scrapy.Field()
    seen_on = scrapy.Field()  # the page the line was first seen on


BREAKING_FIELDS: tuple[str, ...] = tuple(BreakingItem.fields)


def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """SHA-256 of the normalized title, summary and body: changes exactly when the text does."""
    text = "\x1f".join(part or "" for part in (title, summary, body))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(body: str | None) -> int:
    """Words of the body, as whitespace-separated tokens."""
    return len(body.split()) if body else 0
