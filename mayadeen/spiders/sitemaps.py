"""Sitemaps found the standard way and read whatever their files are named.

Where they are: the ``Sitemap:`` lines of robots.txt first, then the profile's index
(site.SITEMAP_INDEX_PATH), then the usual places (FALLBACK_PATHS); the first of these that gives
any entry is used. An index's entries are followed whatever their names (nested indexes, monthly
files of any naming, post-type files, Google News sitemaps, gzip), except files whose names say
they list no articles (tags, categories, authors, pages...), skipped without a request.

Which month a file covers is read from its name where it can be (``2024-3``, ``2024-03``,
``2024_03``, ``2024/03``, ``202403``; a year alone covers the year); a file whose name carries no
month can only be ruled out of a date window by its ``lastmod`` (a file last changed before the
window's start holds nothing published in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from mayadeen.spiders.incremental import parse_lastmod

FALLBACK_PATHS = ("/sitemap.xml", "/sitemap_index.xml")
# A month in a sitemap's path: a 20xx year, then a month with a separator or two digits.
_MONTH_RE = re.compile(
    r"(?<!\d)(?P<year>20\d\d)(?:[-_/](?P<month>1[0-2]|0?[1-9])|(?P<month2>0[1-9]|1[0-2]))(?!\d)"
)
_YEAR_RE = re.compile(r"(?<!\d)(?P<year>20\d\d)(?!\d)")
# Words of a sitemap file name that say it lists no articles (the names sitemap plugins give
# their taxonomy and page files: page-sitemap.xml, post_tag-sitemap.xml, sitemap-authors.xml).
NON_ARTICLE_WORDS = frozenset(
    {
        "page", "pages", "category", "categories", "tag", "tags", "author", "authors",
        "section", "sections", "taxonomy", "topic", "topics", "region", "regions", "static",
        "image", "images", "user", "users", "attachment", "attachments",
    }
)  # fmt: skip
# A Google News sitemap lists the articles of the last two days only (its specification).
NEWS_WORD = "news"
NEWS_SITEMAP_DAYS = 2
NEWS_NS = b"http://www.google.com/schemas/sitemap-news/0.9"
# Scrapy's Sitemap keeps no nested element: the news extension's dates are read here.
_NEWS_DATES = etree.XPath(
    "//sm:url[news:news/news:publication_date]",
    namespaces={"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": NEWS_NS.decode()},
)
_NEWS_LOC = etree.XPath(
    "string(sm:loc)", namespaces={"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
)
_NEWS_DATE = etree.XPath(
    "string(news:news/news:publication_date)", namespaces={"news": NEWS_NS.decode()}
)
_WORD_SPLIT_RE = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Period:
    """The months a sitemap file covers, as its name says: one month, or a whole year."""

    year: int
    month: int | None  # None: the whole year

    def in_window(self, since: date | None, until: date | None) -> bool:
        first = date(self.year, self.month or 1, 1)
        last_month = self.month or 12
        following = date(self.year + last_month // 12, last_month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return (since is None or last >= since) and (until is None or first <= until)


def file_period(url: str) -> Period | None:
    """The month (or year) a sitemap file's path names; None when it names none."""
    path = urlsplit(url).path
    # The last one: a directory may carry a date of its own before the file's.
    matches = list(_MONTH_RE.finditer(path))
    if matches:
        match = matches[-1]
        return Period(int(match["year"]), int(match["month"] or match["month2"]))
    years = _YEAR_RE.findall(path)
    return Period(int(years[-1]), None) if years else None


def _name_words(url: str) -> set[str]:
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()
    return {w for w in _WORD_SPLIT_RE.split(name.replace("post_tag", "tag")) if w}


def lists_no_articles(url: str) -> bool:
    """Whether a sitemap's file name says it lists taxonomy or static pages, not articles."""
    return bool(_name_words(url) & NON_ARTICLE_WORDS)


def is_news_sitemap_name(url: str) -> bool:
    return NEWS_WORD in _name_words(url)


def needed_for_window(
    url: str, lastmod: str | None, since: date | None, until: date | None
) -> bool | None:
    """Whether a sitemap file can hold articles published in [since, until]: True/False when its
    name or lastmod tells, None when nothing does (it must be read)."""
    period = file_period(url)
    if period is not None:
        return period.in_window(since, until)
    changed = parse_lastmod(lastmod)
    if changed is None:
        return None
    if since is not None and changed.date() < since:
        return False  # last changed before the window: nothing in it was published in it
    if (
        until is not None
        and is_news_sitemap_name(url)
        and changed.date() - timedelta(days=NEWS_SITEMAP_DAYS) > until
    ):
        return False  # a news sitemap holds its last two days only, all after the window
    return None


def sitemap_body(response: Response, max_size: int) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it is a .gz file, as Scrapy's SitemapSpider
    reads it; None when the response is no sitemap (an HTML error page, too large)."""
    if isinstance(response, XmlResponse):
        return response.body
    if gzip_magic_number(response):
        try:
            return gunzip(response.body, max_size=max_size)
        except (ValueError, OSError, EOFError):  # over max_size, or a broken gzip file
            return None
    head = response.body[:2048].lstrip().lower()
    if response.url.endswith((".xml", ".xml.gz")) or head.startswith(b"<?xml"):
        return response.body
    if b"<urlset" in head or b"<sitemapindex" in head:
        return response.body
    return None


def sitemap_entries(body: bytes | None) -> tuple[str, list[dict[str, Any]]]:
    """(type, entries) of a sitemap document; ("", []) when it is none."""
    if not body:
        return "", []
    try:
        document = Sitemap(body)
        return document.type, list(document)
    except Exception:  # lxml refuses some non-XML bodies outright (Sitemap raises StopIteration)
        return "", []


def news_publication_dates(body: bytes | None) -> dict[str, str]:
    """loc -> news:publication_date of a Google News sitemap ({} for any other sitemap)."""
    if not body or NEWS_NS not in body[:4096]:
        return {}
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return {}
    if root is None:
        return {}
    return {_NEWS_LOC(url).strip(): _NEWS_DATE(url).strip() for url in _NEWS_DATES(root)}


def entry_outside_window(
    lastmod: str | None, published: str | None, since: date | None, until: date | None
) -> bool:
    """Whether a sitemap's page is certainly outside [since, until]: published (a news
    sitemap's date) outside it, or last changed before it started."""
    moment = parse_lastmod(published)
    if moment is not None and not (
        (since is None or moment.date() >= since) and (until is None or moment.date() <= until)
    ):
        return True
    changed = parse_lastmod(lastmod)
    return changed is not None and since is not None and changed.date() < since
