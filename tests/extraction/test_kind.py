"""What a page is, from its own layers (extraction/kind.py), whatever its URL."""

import json

import pytest

from mayadeen.extraction import ArticlePage, ListingPage
from mayadeen.extraction.kind import ARTICLE, LISTING, OTHER, page_kind
from mayadeen.spiders.shapes import ShapeBook
from testground.replica import anchors
from testground.replica.render import Renderer
from testground.replica.render_furniture import Furniture
from testground.replica.render_listing import Listing

SITE = "https://x.example"
TEXT = " ".join(["The talks resumed on Tuesday after a pause of several months."] * 6)


def _kind(html: str, url: str = SITE + "/somewhere/a-page-of-the-site"):
    page = ArticlePage.from_html(html, url)
    listing = ListingPage(page.selector, url)
    return page_kind(page, listing, ShapeBook(2).is_article_link)


def _html(head: str = "", main: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><header><nav><a href='/news/politics'>P</a>"
        f"<a href='/video/one-two-three'>furniture card</a></nav></header><main>{main}</main>"
        "<footer><a href='/about'>About</a></footer></body></html>"
    )


def _ld(kind: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": kind})}</script>'


ARTICLE_MAIN = f"<h1>Talks resume</h1><p><time>7 Jan 2022 08:54</time></p><p>{TEXT}</p>"
CARDS = "".join(f'<h3><a href="/clips/clip-number-{i}-of-today">C{i}</a></h3>' for i in range(6))


@pytest.mark.parametrize(
    ("head", "main", "kind", "evidence"),
    [
        ('<meta name="postid" content="123">', "", ARTICLE, "post_id"),
        (_ld("NewsArticle"), "", ARTICLE, "json_ld"),
        (
            '<script type="application/ld+json">'
            '{"@graph": [{"@type": "WebSite"}, {"@type": ["ReportageNewsArticle"]}]}</script>',
            "",
            ARTICLE,
            "json_ld",
        ),
        ('<meta property="og:type" content="article">', "", ARTICLE, "og_type"),
        ("", ARTICLE_MAIN, ARTICLE, "structure"),
        # Headline and date but no text: a page of clips, not an article.
        ("", "<h1>Clips</h1><p><time>7 Jan 2022 08:54</time></p>" + CARDS, LISTING, "cards"),
        (_ld("CollectionPage"), ARTICLE_MAIN + CARDS, LISTING, "cards"),
        (_ld("AboutPage"), ARTICLE_MAIN + CARDS, OTHER, "json_ld_other"),
        (_ld("SearchResultsPage"), CARDS, OTHER, "json_ld_other"),
        ('<meta property="og:type" content="website">', "<h1>Contact us</h1>", OTHER, "cards"),
        ('<script type="application/ld+json">{broken</script>', "<h1>x</h1>", OTHER, "cards"),
    ],
)
def test_page_kind(head, main, kind, evidence):
    found = _kind(_html(head, main))
    assert (found.kind, found.evidence) == (kind, evidence)


def test_furniture_links_are_no_cards():
    found = _kind(_html("", "<h1>Writers</h1><a href='/video/one-two-three'>x</a>"))
    assert (found.kind, found.cards) == (OTHER, 1)


def test_replica_pages_keep_their_kinds():
    by_index = {a.index: a for a in anchors.resolved(SITE)}
    seed = by_index[anchors.SEED_INDEX]
    furniture = Furniture(ticker=(), most_read=(seed,), read_next=(seed,), coverage=())
    renderer = Renderer(SITE)
    article = renderer.article_page(seed, furniture)
    assert _kind(article, seed.url(SITE)).kind == ARTICLE
    listing = Listing("Politics", "/news/politics", "section", tuple(by_index.values()), 1, 3)
    found = _kind(renderer.listing_page(listing, furniture), SITE + "/news/politics")
    assert (found.kind, found.cards) == (LISTING, len(by_index))
    assert _kind(renderer.not_found_page(furniture)).kind == OTHER
    assert _kind(renderer.challenge_page()).kind == OTHER
