"""What a fetched page is, read from the page itself, whatever its URL: an article, a listing (a
page of article cards, with or without pagination), or another page (about, contact, search,
an author index, an error page...).

The page's own layers decide, earliest first: the metadata block or post id meta tag, schema.org
JSON-LD ``@type`` (the article node extraction/jsonld.py finds, or a page type that is no
article), OpenGraph ``og:type``; a page without any of them is an article when it has a
headline, a publication date and content (body text, a player or a gallery). A page that is not
an article is a listing when it shows at least LISTING_MIN_CARDS article cards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from mayadeen.extraction.article import ArticlePage
from mayadeen.extraction.listing import ListingPage

ARTICLE, LISTING, OTHER = "article", "listing", "other"
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


@dataclass(frozen=True)
class PageKind:
    kind: str  # ARTICLE, LISTING or OTHER
    evidence: str  # the layer that decided: post_id, json_ld, og_type, structure, cards
    cards: int  # article cards shown (for a page that is no article)

    @property
    def is_article(self) -> bool:
        return self.kind == ARTICLE


def article_evidence(page: ArticlePage) -> tuple[bool | None, str]:
    """(is an article?, layer that says so); None when no layer speaks."""
    if page.field("post_id"):  # the metadata block, JSON-LD identifier or post id meta tag
        return True, "post_id"
    if page.jsonld.article:  # an article type, else a video, gallery or dated image node
        return True, "json_ld"
    types = page.jsonld.types()
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
    if not page.field("title") or not page.field("published_at"):
        return False
    return text_words(page) >= MIN_BODY_WORDS or bool(page.field("video_url") or page.images())


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
