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
from urllib.parse import urljoin, urlsplit

from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader
from w3lib.url import url_query_cleaner

from mayadeen import site
from mayadeen.items import ArticleItem, BreakingItem

_SPACE_RE = re.compile(r"\s+")
_INT_RE = re.compile(r"\d[\d,]*")
_BY_RE = re.compile(r"^\s*By\s+", re.I)
# Characters no stored text may hold: C0 controls that are not whitespace (PostgreSQL refuses NUL)
# and lone surrogates (from JSON escapes like "\ud800": no UTF-8 can encode them).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# What the item schema accepts as a date (an offset in whole minutes).
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
# Larger counts are not counts (and overflow a database BIGINT / a JSON reader's double).
MAX_COUNT = 2**53


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace (NBSP included), strip, NFC; None for nothing left."""
    if value is None:
        return None
    value = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", value))
    text = unicodedata.normalize("NFC", _SPACE_RE.sub(" ", value.replace("\xa0", " ")).strip())
    return text or None


def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no whitespace, else None:
    javascript:, data: and broken URLs are not links an item may carry."""
    if not url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 bracket)
        return None
    return url if parts.scheme in ("http", "https") and host else None


def _link(url: str, base: str | None) -> str | None:
    """``url`` joined on ``base``: a web URL, or None. Without a base a relative URL stays
    relative (nothing to join it on), but a javascript:/data:/mailto: one is still refused."""
    try:
        joined = urljoin(base, url) if base else url
        relative = not base and not urlsplit(joined).scheme
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 bracket)
        return None
    return joined if relative else web_url(joined)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL (joined on ``base``) without tracking parameters or fragment; case kept."""
    url = clean_text(url)
    if url is None:
        return None
    url = _link(url, base)
    if url is None:
        return None
    try:
        return url_query_cleaner(url, site.TRACKING_PARAMS, remove=True)
    except ValueError:
        return None


def absolute_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL joined on ``base``, query kept (media URLs carry meaningful parameters)."""
    url = clean_text(url)
    if url is None:
        return None
    return _link(url, base)


def to_int(value: Any) -> int | None:
    """The first integer of a text ("1,234 Shares" -> 1234), or an int as is."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = _INT_RE.search(value)
        digits = match.group().replace(",", "") if match else ""
        # Bounded before int(): Python refuses strings of over 4,300 digits with ValueError.
        value = int(digits) if 0 < len(digits) <= len(str(MAX_COUNT)) else None
    if not isinstance(value, int) or not 0 <= value < MAX_COUNT:
        return None
    return value


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
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=site.SITE_TIMEZONE)
        text = moment.isoformat()
    except (ValueError, OverflowError):  # an offset past the year's range
        return None
    return text if _ISO_RE.match(text) else None  # an offset with seconds is no schema date


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
