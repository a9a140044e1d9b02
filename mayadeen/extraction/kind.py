"""What a fetched page is, read from the page itself, whatever its URL: an article, a listing (a
page of article cards, with or without pagination), or another page (about, contact, search,
an author index, an error page...).

The page's own layers decide, earliest first: the metadata block or post id meta tag, schema.org
JSON-LD ``@type``, OpenGraph ``og:type``; a page without any of them is an article when it has a
headline, a publication date and content (body text, a player or a gallery). A page that is not
an article is a listing when it shows at least LISTING_MIN_CARDS article cards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from mayadeen.extraction.article import ArticlePage
from mayadeen.extraction.listing import ListingPage

ARTICLE, LISTING, OTHER = "article", "listing", "other"
# schema.org types of a page that is one article (or one video / gallery post).
ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "LiveBlogPosting", "Report", "VideoObject",
    }
)  # fmt: skip
# Types of pages that are certainly no article (listings, search results, about, contact...).
NOT_ARTICLE_TYPES = frozenset(
    {
        "CollectionPage", "ItemList", "SearchResultsPage", "AboutPage", "ContactPage",
        "ProfilePage", "FAQPage",
    }
)  # fmt: skip
# Never walked, whatever links they show.
OTHER_TYPES = frozenset({"SearchResultsPage", "AboutPage", "ContactPage", "FAQPage"})
# A page with fewer cards than this is no listing (one "Related" link is no listing).
LISTING_MIN_CARDS = 2
# Structural fallback: a body of at least this many words is an article's text.
MIN_BODY_WORDS = 40
_PARAGRAPH_TEXTS = etree.XPath(
    "//body//p[not(ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer)]"
    "/descendant-or-self::text()",
    smart_strings=False,
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()", smart_strings=False)


def _types(node: Any, depth: int = 0) -> Iterator[str]:
    """The @type values of a JSON-LD document's top-level nodes (lists and @graph included)."""
    if depth > 3:
        return
    if isinstance(node, list):
        for entry in node:
            yield from _types(entry, depth + 1)
    elif isinstance(node, dict):
        kind = node.get("@type")
        for value in kind if isinstance(kind, list) else [kind]:
            if isinstance(value, str):
                yield value.rsplit("/", 1)[-1]  # "https://schema.org/NewsArticle" too
        if "@graph" in node:
            yield from _types(node["@graph"], depth + 1)


def json_ld_types(page: ArticlePage) -> set[str]:
    found: set[str] = set()
    for raw in _JSON_LD(page.root):
        try:
            found.update(_types(json.loads(raw)))
        except (ValueError, RecursionError):
            continue  # a broken block says nothing
    return found


@dataclass(frozen=True)
class PageKind:
    kind: str  # ARTICLE, LISTING or OTHER
    evidence: str  # the layer that decided: metadata, json_ld, og_type, structure, cards
    cards: int  # article cards shown (for a page that is no article)

    @property
    def is_article(self) -> bool:
        return self.kind == ARTICLE


def article_evidence(page: ArticlePage) -> tuple[bool | None, str]:
    """(is an article?, layer that says so); None when no layer speaks."""
    if page.post_id():
        return True, "metadata"
    types = json_ld_types(page)
    if types & ARTICLE_TYPES:
        return True, "json_ld"
    if types & NOT_ARTICLE_TYPES:
        return False, "json_ld_other" if types & OTHER_TYPES else "json_ld"
    og_type = (page.meta("og_type") or "").lower()
    if og_type:
        return og_type == "article", "og_type"
    return None, "structure"


def text_words(page: ArticlePage) -> int:
    """Words of the page's paragraphs outside its furniture (whatever container holds them)."""
    return sum(len(text.split()) for text in _PARAGRAPH_TEXTS(page.root))


def has_article_structure(page: ArticlePage) -> bool:
    """A headline, a publication date and content: body text, a player or a gallery."""
    if not page.title() or not page.published_at():
        return False
    return text_words(page) >= MIN_BODY_WORDS or bool(page.video_url()) or bool(page.images())


def card_count(listing: ListingPage, is_article_url: Callable[[str], bool]) -> int:
    """Article links outside the page furniture, the page's own address left out."""
    own = urlsplit(listing.url).path.rstrip("/")
    return sum(
        1
        for url in listing.content_urls()
        if urlsplit(url).path.rstrip("/") != own and is_article_url(url)
    )


def page_kind(
    page: ArticlePage, listing: ListingPage, is_article_url: Callable[[str], bool]
) -> PageKind:
    """What the page is; ``is_article_url`` says whether a link leads to an article (by the
    profile's and the crawl's URL shapes, or by how its path reads)."""
    article, evidence = article_evidence(page)
    if article is None:
        article = has_article_structure(page)
    if article:
        return PageKind(ARTICLE, evidence, 0)
    if evidence == "json_ld_other":
        return PageKind(OTHER, evidence, 0)
    cards = card_count(listing, is_article_url)
    return PageKind(LISTING if cards >= LISTING_MIN_CARDS else OTHER, "cards", cards)
