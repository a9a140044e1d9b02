"""Item loaders: every normalization of a raw page value into an item field value.

Page objects (``mayadeen.extraction``) pick the raw values layer by layer; the loaders turn them
into the item contract's shapes (clean text, absolute canonical URLs, integers, ISO 8601 dates).
The helpers are public because page objects need the same normalization to compare values
(e.g. a body paragraph against the lede).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader
from w3lib.url import url_query_cleaner

from mayadeen import site
from mayadeen.items import ArticleItem, BreakingItem

_SPACE_RE = re.compile(r"\s+")
_INT_RE = re.compile(r"\d[\d,]*")
_BY_RE = re.compile(r"^\s*By\s+", re.I)


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace (NBSP included), strip, NFC; None for nothing left."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", _SPACE_RE.sub(" ", value.replace("\xa0", " ")).strip())
    return text or None


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL (joined on ``base``) without tracking parameters or fragment; case kept."""
    url = clean_text(url)
    if url is None:
        return None
    if base:
        url = urljoin(base, url)
    return url_query_cleaner(url, site.TRACKING_PARAMS, remove=True)


def absolute_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL joined on ``base``, query kept (media URLs carry meaningful parameters)."""
    url = clean_text(url)
    if url is None:
        return None
    return urljoin(base, url) if base else url


def to_int(value: Any) -> int | None:
    """The first integer of a text ("1,234 Shares" -> 1234), or an int as is."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    match = _INT_RE.search(value)
    return int(match.group().replace(",", "")) if match else None


def iso_datetime(value: Any) -> str | None:
    """An ISO 8601 date with offset: metadata ISO strings keep their offset, naive or visible
    dates ("7 Jan 2022 08:54") are read as the site's local time (Asia/Beirut)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = clean_text(value)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            match = site.VISIBLE_DATE_RE.match(text)
            if match is None:
                return None
            try:
                moment = datetime.strptime(match.group("date"), site.VISIBLE_DATE_FORMAT)
            except ValueError:
                return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site.SITE_TIMEZONE)
    return moment.isoformat()


def split_authors(value: str | None) -> list[str]:
    """A byline's names: "By A and B" -> ["A", "B"]; "A, B and C" -> three."""
    text = clean_text(value)
    if text is None:
        return []
    text = _BY_RE.sub("", text)
    return [name for name in (clean_text(n) for n in site.AUTHOR_SPLIT_RE.split(text)) if name]


def split_keywords(value: str | None) -> list[str]:
    """The metadata's comma-separated keywords string as a list."""
    text = clean_text(value)
    return [t for t in (clean_text(k) for k in text.split(",")) if t] if text else []


def unique(values: Iterable[Any]) -> list[Any]:
    """Values without repeats, first occurrence order."""
    seen: set[Any] = set()
    out = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def _drop_none(values: list[Any]) -> list[Any]:
    return [v for v in values if v is not None]


def _image_entry(value: dict[str, Any], loader_context: dict[str, Any]) -> dict[str, Any] | None:
    url = absolute_url(value.get("url"), loader_context.get("base_url"))
    if url is None:
        return None
    return {"url": url, "caption": clean_text(value.get("caption"))}


def _context_url(value: str, loader_context: dict[str, Any]) -> str | None:
    return absolute_url(value, loader_context.get("base_url"))


def _context_canonical(value: str, loader_context: dict[str, Any]) -> str | None:
    return canonical_url(value, loader_context.get("base_url"))


class ArticleLoader(ItemLoader):
    """Loads an ``ArticleItem``; pass ``base_url=response.url`` to make URLs absolute.

    Single-valued fields take the first non-empty value added (so callers add layers in order);
    list fields keep all values, normalized and deduplicated where the contract says so.
    """

    default_item_class = ArticleItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(_context_canonical)
    image_url_in = MapCompose(_context_url)
    video_url_in = MapCompose(_context_url)
    published_at_in = MapCompose(iso_datetime)
    updated_at_in = MapCompose(iso_datetime)
    word_count_in = MapCompose(to_int)
    read_time_minutes_in = MapCompose(to_int)
    shares_in = MapCompose(to_int)

    authors_in = MapCompose(split_authors)
    authors_out = Compose(unique)
    tags_in = MapCompose(clean_text)
    tags_out = Compose(unique)
    related_urls_in = MapCompose(_context_canonical)
    related_urls_out = Compose(unique)
    images_in = MapCompose(_image_entry)
    images_out = Compose(_drop_none)
    # The body keeps "" (a video page without text): cleaned per paragraph by the page object.
    body_in = Identity()
    content_hash_in = Identity()


class BreakingLoader(ItemLoader):
    """Loads a ``BreakingItem`` (one ticker line)."""

    default_item_class = BreakingItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(_context_canonical)
    seen_on_in = MapCompose(_context_canonical)
    first_seen_at_in = MapCompose(iso_datetime)
