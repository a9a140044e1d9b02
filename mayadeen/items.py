"""The items: the contract with analysts. Field order here is the order of every feed."""

from __future__ import annotations

import hashlib

import scrapy

ARTICLE_FIELDS = (
    "url",
    "post_id",
    "title",
    "summary",
    "authors",
    "source",
    "published_at",
    "updated_at",
    "section",
    "content_type",
    "region",
    "coverage",
    "tags",
    "image_url",
    "image_caption",
    "body",
    "word_count",
    "read_time_minutes",
    "shares",
    "related_urls",
    "video_url",
    "images",
    "language",
    "scraped_at",
    "content_hash",
)
# Fields the replica's manifest cannot know in advance: compared by everything else.
VOLATILE_FIELDS = ("scraped_at",)
BREAKING_FIELDS = ("text", "url", "first_seen_at", "seen_on")


class ArticleItem(scrapy.Item):
    """One article. Every field is present on every item: None or empty where the page has none."""

    url = scrapy.Field()  # canonical URL, tracking query removed, case kept
    post_id = scrapy.Field()  # CMS post id, a string
    title = scrapy.Field()
    summary = scrapy.Field()  # the lede
    authors = scrapy.Field()  # list of names
    source = scrapy.Field()  # text after "Source:"
    published_at = scrapy.Field()  # ISO 8601 with the site's UTC offset
    updated_at = scrapy.Field()
    section = scrapy.Field()
    content_type = scrapy.Field()  # one of site.CONTENT_TYPES
    region = scrapy.Field()
    coverage = scrapy.Field()
    tags = scrapy.Field()  # deduplicated, page order
    image_url = scrapy.Field()
    image_caption = scrapy.Field()
    body = scrapy.Field()  # paragraphs and sub-headings joined by blank lines
    word_count = scrapy.Field()
    read_time_minutes = scrapy.Field()
    shares = scrapy.Field()
    related_urls = scrapy.Field()
    video_url = scrapy.Field()
    images = scrapy.Field()  # gallery/infograph: list of {"url", "caption"}
    language = scrapy.Field()
    scraped_at = scrapy.Field()
    content_hash = scrapy.Field()  # of the normalized title, summary and body


class BreakingItem(scrapy.Item):
    """One line of the BREAKING ticker, emitted once per crawl (deduplicated by its text)."""

    text = scrapy.Field()
    url = scrapy.Field()
    first_seen_at = scrapy.Field()
    seen_on = scrapy.Field()  # the page the line was first seen on


def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """SHA-256 of the normalized title, summary and body: changes exactly when the text does."""
    text = "\x1f".join(part or "" for part in (title, summary, body))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def word_count(body: str | None) -> int:
    """Words of the body, as whitespace-separated tokens."""
    return len(body.split()) if body else 0
