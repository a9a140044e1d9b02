"""Listing links and the BREAKING ticker, by URL pattern and text."""

import pytest
from parsel import Selector
from tests_support import load

from mayadeen.extraction import ListingPage, TickerLine, ticker_items, with_page

SITE = "https://english.almayadeen.net"


def test_ticker_items_by_class(seed_html):
    assert ticker_items(Selector(text=seed_html), SITE + "/") == [
        TickerLine(
            "Al Mayadeen's correspondent: Israeli drone targets motorcycle in Nabatieh al-Fawqa, "
            "South Lebanon.",
            None,
        ),
        TickerLine(
            "US President Donald Trump: I don't want to say Israeli strike is imminent",
            SITE + "/news/politics/us-president-donald-trump--i-don-t-want-to-say-israeli-strike",
        ),
        TickerLine(
            "US President Donald Trump: Israeli strike [on Iran] could very well happen", None
        ),
    ]


def test_ticker_items_after_a_breaking_label():
    html = load("template_b_no_metadata.html")
    assert ticker_items(Selector(text=html), SITE + "/") == [
        TickerLine("First line", SITE + "/news/politics/a-line"),
        TickerLine("Second line", None),
    ]


def test_no_ticker():
    assert ticker_items(Selector(text="<html><body><p>Hi</p></body></html>"), SITE) == []


def test_seed_page_links_by_kind(seed_html):
    page = ListingPage(Selector(text=seed_html), SITE + "/news/politics/k")
    assert page.listing_urls() == [
        SITE + p
        for p in (
            "/news",
            "/news/politics",
            "/news/economy",
            "/articles",
            "/articles/opinion",
            "/infographs",
            "/in-pictures",
            "/region/asia",
            "/region/us-canada",
        )
    ]
    assert page.article_urls() == [
        SITE + "/news/politics/us-president-donald-trump--i-don-t-want-to-say-israeli-strike",
        SITE + "/news/politics/tilting-toward-west--pashinyan-announces-intention-to-exit-c",
        SITE + "/news/politics/armenia-stops-financing-csto-amid-growing-rift",
        SITE + "/news/politics/iran-acquired-thousands-of-sensitive-israeli-documents--exclu",
    ]
    assert page.tag_urls() == [
        SITE + "/tags/" + t
        for t in ("csto", "kassym-jomart-tokayev", "almaty", "oil-prices", "kazakhstan")
    ]
    assert page.author_urls() == [SITE + "/authors/al-mayadeen-net"]
    assert page.next_page_url() is None


def test_next_page_without_rel_is_the_page_plus_one_link():
    html = '<a href="/tags/csto?page=2">2</a><a href="/tags/csto?page=4">4</a>'
    page = ListingPage(Selector(text=html), SITE + "/tags/csto")
    assert page.next_page_url() == SITE + "/tags/csto?page=2"
    html = '<a href="/tags/csto">1</a><a href="/tags/csto?page=3">3</a>'
    page = ListingPage(Selector(text=html), SITE + "/tags/csto?page=2")
    assert page.next_page_url() == SITE + "/tags/csto?page=3"


def test_rel_next_wins_and_offsite_or_script_links_are_dropped():
    html = (
        '<a href="javascript:void(0)">x</a><a href="https://other.example/news/politics/a">o</a>'
        '<a href="data:text/html,hi">d</a><a rel="next" href="?page=9">next</a>'
        '<a href="/news/politics/a?utm_source=tw">a</a>'
    )
    page = ListingPage(Selector(text=html), SITE + "/news")
    assert page.next_page_url() == SITE + "/news?page=9"
    assert page.article_urls() == [SITE + "/news/politics/a"]


def test_with_page():
    assert with_page(SITE + "/news?page=3", 1) == SITE + "/news"
    assert with_page(SITE + "/news", 2) == SITE + "/news?page=2"


def test_two_segment_paths_are_articles_unless_known_or_in_the_menu():
    html = (
        '<nav><a href="/news/new-desk">New desk</a><a href="/articles/opinion">Opinion</a></nav>'
        '<a href="/articles/why-the-israelis-are-so-afraid-of-a-liberated-yemen">a</a>'
        '<a href="/news/new-desk">again</a><a href="/articles/analysis">Analysis</a>'
        '<a href="/region/asia">Asia</a><a href="/in-pictures">In Pictures</a>'
    )
    page = ListingPage(Selector(text=html), SITE + "/")
    assert page.article_urls() == [
        SITE + "/articles/why-the-israelis-are-so-afraid-of-a-liberated-yemen"
    ]
    assert page.listing_urls() == [
        SITE + p
        for p in ("/news/new-desk", "/articles/opinion", "/articles/analysis", "/region/asia")
    ] + [SITE + "/in-pictures"]


def test_ticker_links_stay_relative_without_a_base(seed_html):
    lines = ticker_items(Selector(text=seed_html))
    assert (
        lines[1].url
        == "/news/politics/us-president-donald-trump--i-don-t-want-to-say-israeli-strike"
    )


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        # <link rel=next> in the head only.
        ("/story", '<head><link rel="next" href="/story?page=2"></head>', "/story?page=2"),
        # /page/N/ paths, page 1 and later pages.
        ("/video", '<a href="/video/page/2/">2</a><a href="/video/page/3/">3</a>',
         "/video/page/2/"),
        ("/video/page/2/", '<a href="/video/">1</a><a href="/video/page/3/">3</a>',
         "/video/page/3/"),
        # A "Next", "›", "Older" or "More" link that stays on the listing.
        ("/topic/gaza", '<a href="/topic/gaza?offset=20">Next ›</a>', "/topic/gaza?offset=20"),
        ("/topic/gaza", '<a class="pager" href="/topic/gaza?p=2"> › </a>', "/topic/gaza?p=2"),
        ("/writer/jane", '<a href="/writer/jane/older-posts/2">Older posts</a>', None),
        ("/writer/jane", '<a href="/writer/jane/page/2">Older posts</a>',
         "/writer/jane/page/2"),
        ("/news", '<a href="/news?start=2">More</a>', "/news?start=2"),
        # "More" towards another listing, "Previous", a page further back: none is the next.
        ("/", '<a href="/news">More</a><a href="/?page=0">Previous</a>', None),
        ("/news?page=3", '<a href="/news?page=2">Older</a>', None),
    ],
)  # fmt: skip
def test_next_page_in_every_form(url, html, expected):
    page = ListingPage(Selector(text=html), SITE + url)
    assert page.next_page_url() == (SITE + expected if expected else None)
