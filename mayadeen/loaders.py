"""Item loaders: every normalization of a raw page value into an item field value.

Page objects (``mayadeen.extraction``) pick the raw values layer by layer; the loaders turn them
into the item contract's shapes (clean text, absolute canonical URLs, integers, ISO 8601 dates).
The helpers are public because page objects need the same normalization to compare values
(e.g. a body paragraph against the lede).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from itemloaders.processors import Compose, MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter
from scrapy.loader import ItemLoader
from w3lib.url import url_query_cleaner

from mayadeen import site
from mayadeen.items import ArticleItem, BreakingItem

_INT_RE = re.compile(r"\d[\d,]*")
_BY_RE = re.compile(r"^\s*By\s+", re.I)
# Characters no stored text may hold: C0 controls that are not whitespace (PostgreSQL refuses NUL)
# and lone surrogates (from JSON escapes like "\ud800": no UTF-8 can encode them).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_SPACE_RE = re.compile(r"\s")
# Longer URLs are no links an item may carry (RFC 9110 asks servers for 8,000 octets at least);
# the bound also keeps the URL caches below small whatever a hostile page holds.
MAX_URL_LENGTH = 8000
# What the item schema accepts as a date (an offset in whole minutes).
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
# Larger counts are not counts (and overflow a database BIGINT / a JSON reader's double).
MAX_COUNT = 2**53


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace (NBSP included), strip, NFC; None for nothing left."""
    if value is None:
        return None
    # str.split() splits on exactly the characters re's \s matches (NBSP included); ASCII text
    # is already NFC. Both shortcuts matter: this runs for every element text a page reads.
    text = " ".join(value.split())
    if not text.isprintable():  # rare: control characters or lone surrogates (or format chars)
        text = " ".join(_SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", text)).split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text or None


# Pure functions of strings asked for the same few URLs again and again (a page's own URL, its
# image, furniture links): cached, they cost a dict lookup instead of a urlsplit.
def web_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, no whitespace and at most
    MAX_URL_LENGTH characters, else None: javascript:, data: and broken URLs are not links an
    item may carry."""
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    return _web_url(url)


@lru_cache(maxsize=4096)
def _web_url(url: str) -> str | None:
    if _SPACE_RE.search(url):  # \s is str.isspace()'s set
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 bracket)
        return None
    return url if parts.scheme in ("http", "https") and host else None


@lru_cache(maxsize=4096)
def _checked_link(url: str, joined: bool) -> str | None:
    """A URL when it is a web URL. Not joined on a base, a relative URL stays relative (nothing
    to join it on), but a javascript:/data:/mailto: one is still refused."""
    try:
        relative = not joined and not urlsplit(url).scheme
    except ValueError:
        return None
    return url if relative else web_url(url)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL (joined on ``base``) without tracking parameters or fragment; case kept."""
    url = clean_text(url)
    if url is None or len(url) > MAX_URL_LENGTH:
        return None
    try:
        joined = _canonical(url, _join_base(url, base) if base else base)
    except ValueError:  # urljoin on "http://[::1" (an unclosed IPv6 bracket)
        return None
    return _checked_link(joined, bool(base))


def absolute_url(url: str | None, base: str | None = None) -> str | None:
    """Absolute URL joined on ``base``, query kept (media URLs carry meaningful parameters)."""
    url = clean_text(url)
    if url is None or len(url) > MAX_URL_LENGTH:
        return None
    try:
        joined = _absolute(url, _join_base(url, base)) if base else url
    except ValueError:
        return None
    return _checked_link(joined, bool(base))


_AUTHORITY_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#]")


def _join_base(url: str, base: str) -> str:
    """What of ``base`` joining ``url`` on it depends on, so that the joins below are cached
    once per site rather than once per page: the origin for a root-relative link (listing
    pages repeat the same menu and furniture links on every page), the scheme for a link with
    its own host (metadata and media URLs), else the whole base."""
    if url[0] == "/" and url[:2] != "//":
        return _root_url(base)
    if _AUTHORITY_RE.match(url):
        return _scheme_of(base)
    return base


# Pure functions of two strings, asked several times per page for the same URL (a field and its
# loader, a caption's image): urljoin is otherwise a costly part of an article's extraction.
@lru_cache(maxsize=4096)
def _canonical(url: str, base: str | None) -> str:
    if base:
        url = urljoin(base, url)
    return url_query_cleaner(url, site.TRACKING_PARAMS, remove=True)


@lru_cache(maxsize=256)
def _root_url(base: str) -> str:
    """scheme://host/ of a URL (what a root-relative link is joined on), else the URL itself."""
    parts = urlsplit(base)
    if parts.scheme in ("http", "https") and parts.netloc:
        return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    return base


@lru_cache(maxsize=256)
def _scheme_of(base: str) -> str:
    """ "https:" for an http(s) URL (all a link with its own host takes from it), else the URL."""
    scheme = urlsplit(base).scheme
    return f"{scheme}:" if scheme in ("http", "https") else base


@lru_cache(maxsize=2048)
def _absolute(url: str, base: str) -> str:
    return urljoin(base, url)


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


# Month names and abbreviations ("Sept" too) of the visible date spellings, lower case.
_MONTHS = {
    name[:length].lower(): number
    for number, name in enumerate(calendar.month_name)
    if name
    for length in range(3, len(name) + 1)
}


def visible_datetime(text: str) -> datetime | None:
    """A naive datetime of a date written the way a page shows it: the profile's spelling
    (site.VISIBLE_DATE_RE, site.VISIBLE_DATE_FORMAT), else one of site.VISIBLE_DATE_PATTERNS
    covering the whole text ("7 January 2022, 08:54", "Jan 7, 2022 8:54 AM"); None for
    anything else."""
    match = site.VISIBLE_DATE_RE.match(text)
    if match is not None:
        try:
            return datetime.strptime(match.group("date"), site.VISIBLE_DATE_FORMAT)
        except ValueError:
            return None
    for pattern in site.VISIBLE_DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return _datetime_of(match)
    return None


def _datetime_of(match: re.Match[str]) -> datetime | None:
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    hour, ampm = int(match["hour"]), (match["ampm"] or "").replace(".", "").upper()
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm == "PM" else 0)
    try:
        return datetime(int(match["year"]), number or 0, int(match["day"]), hour,
                        int(match["minute"]), int(match["second"] or 0))  # fmt: skip
    except ValueError:  # 31 Feb, hour 25, no such month
        return None


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
            visible = visible_datetime(text)
            if visible is None:
                return None
            moment = visible
    else:
        return None
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=site.SITE_TIMEZONE)
        text = moment.isoformat()
        # The database stores the UTC moment: 0001-01-01T00:00+14:00 has none (year 0).
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
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


def _image_entry(value: dict[str, Any], base_url: str | None) -> dict[str, Any] | None:
    url = absolute_url(value.get("url"), base_url)
    if url is None:
        return None
    return {"url": url, "caption": clean_text(value.get("caption"))}


def _identity(value: Any, base_url: str | None) -> Any:
    return value


def _plain(function: Callable[[Any], Any]) -> Callable[[Any, str | None], Any]:
    def apply(value: Any, base_url: str | None) -> Any:
        return function(value)

    return apply


_take_first = TakeFirst()
# The article fields' processors, in one table read by both ArticleLoader and load_article:
# per field, what each raw value goes through (with the page URL to join links on; None or []
# drops the value, a list adds several) and what makes the field's value of the processed ones.
ARTICLE_INPUT: dict[str, Callable[[Any, str | None], Any]] = {
    "url": canonical_url,
    "image_url": absolute_url,
    "video_url": absolute_url,
    "published_at": _plain(iso_datetime),
    "updated_at": _plain(iso_datetime),
    "word_count": _plain(to_int),
    "read_time_minutes": _plain(to_int),
    "shares": _plain(to_int),
    "authors": _plain(split_authors),
    "related_urls": canonical_url,
    "images": _image_entry,
    # The body keeps "" (a video page without text): cleaned per paragraph by the page object.
    "body": _identity,
    "content_hash": _identity,
}
DEFAULT_INPUT = _plain(clean_text)
ARTICLE_OUTPUT: dict[str, Callable[[list[Any]], Any]] = {
    "authors": unique,
    "tags": unique,
    "related_urls": unique,
    "images": _drop_none,
}
DEFAULT_OUTPUT = _take_first


def load_article(values: Mapping[str, Any], base_url: str | None = None) -> dict[str, Any]:
    """Each field of ``values`` (a raw value or a list of them, layers in order) through the
    ARTICLE_INPUT/ARTICLE_OUTPUT processors: what ``ArticleLoader`` gives for the same values,
    without ItemLoader's per-call introspection of every processor (a third of the extraction
    time when page objects used the loader)."""
    out: dict[str, Any] = {}
    for field, raw in values.items():
        function = ARTICLE_INPUT.get(field, DEFAULT_INPUT)
        if field not in ARTICLE_OUTPUT and (raw is None or type(raw) is str):
            # One value of a single-valued field (most of them): TakeFirst of it, directly.
            value = None if raw is None else function(raw, base_url)
            if value is None or type(value) in (str, int):
                out[field] = None if value == "" else value
                continue
        processed: list[Any] = []
        for value in (raw,) if type(raw) is str else arg_to_iter(raw):
            result = function(value, base_url)
            if type(result) is str:
                processed.append(result)
            else:
                processed.extend(arg_to_iter(result))
        out[field] = ARTICLE_OUTPUT.get(field, DEFAULT_OUTPUT)(processed)
    return out


def _loader_input(function: Callable[[Any, str | None], Any]) -> MapCompose:
    def processor(value: Any, loader_context: dict[str, Any]) -> Any:
        return function(value, loader_context.get("base_url"))

    return MapCompose(processor)


class ArticleLoader(ItemLoader):
    """Loads an ``ArticleItem``; pass ``base_url=response.url`` to make URLs absolute.

    Single-valued fields take the first non-empty value added (so callers add layers in order);
    list fields keep all values, normalized and deduplicated where the contract says so. The
    processors are those of ARTICLE_INPUT / ARTICLE_OUTPUT (``load_article`` is the fast path).
    """

    default_item_class = ArticleItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()


for _field, _function in ARTICLE_INPUT.items():
    setattr(ArticleLoader, f"{_field}_in", _loader_input(_function))
for _field, _function in ARTICLE_OUTPUT.items():
    setattr(ArticleLoader, f"{_field}_out", Compose(_function))


class BreakingLoader(ItemLoader):
    """Loads a ``BreakingItem`` (one ticker line)."""

    default_item_class = BreakingItem
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = _loader_input(canonical_url)
    seen_on_in = _loader_input(canonical_url)
    first_seen_at_in = MapCompose(iso_datetime)
