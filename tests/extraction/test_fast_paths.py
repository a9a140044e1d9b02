"""The fast paths of extraction give exactly what the plain definitions give.

VisibleTexts (memoized texts, read in C where exact), load_article (the loader's processors
without ItemLoader) and clean_text (str.split instead of a regex) replaced slower code: each is
checked here against the plain definition it stands for, on the saved pages and on edits of
them that hide, script, comment and nest things where the shortcuts could go wrong.
"""

import random
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html
from parsel import Selector
from tests_support import PAGES, SEED_URL, load
from w3lib.url import url_query_cleaner

from mayadeen import site
from mayadeen.extraction import ArticlePage, ListingPage, dom
from mayadeen.loaders import (
    ArticleLoader,
    absolute_url,
    canonical_url,
    clean_text,
    load_article,
    web_url,
)

_SPACE_RE = re.compile(r"\s+")


def _regex_clean(value):
    text = unicodedata.normalize("NFC", _SPACE_RE.sub(" ", value.replace("\xa0", " ")).strip())
    return text or None


@pytest.mark.parametrize(
    "raw",
    ["", "  ", " a \u00a0 b\n\tc ", "e\u0301t\u00e9", "x\u2003y\u3000z", "\x1c\x1fA\x0bB",
     "\u212a", "Related\u00a0News", "caf\u00e9 \u2028 bar"],
)  # fmt: skip
def test_clean_text_equals_the_regex_definition(raw):
    assert clean_text(raw) == _regex_clean(raw)


def test_clean_text_examples():
    assert clean_text(" By\u00a0Ali  Hassan\n") == "By Ali Hassan"
    assert clean_text("e\u0301") == "\u00e9"
    assert clean_text(" \u00a0 ") is None


def _mutations(html: str, count: int, seed: int = 3):
    """Edits that stress the shortcuts: hidden elements, scripts and comments inside texts,
    NBSP and non-ASCII text, unwrapped and removed elements."""
    rng = random.Random(seed)
    for _ in range(count):
        root = lxml_html.fromstring(html)
        elements = [e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None]
        for element in rng.sample(elements, 8):
            if element.getparent() is None:
                continue
            operation = rng.randrange(6)
            if operation == 0:
                element.drop_tree()
            elif operation == 1:
                element.drop_tag()
            elif operation == 2:
                element.set("hidden", "")
            elif operation == 3:
                script = lxml_html.Element("script")
                script.text = "var x = 'By Nobody';"
                script.tail = (element.text or "") + "\u00a0e\u0301"
                element.text = None
                element.insert(0, script)
            elif operation == 4:
                comment = lxml_html.HtmlComment("Related News")
                comment.tail = "Related News"
                element.append(comment)
            else:
                element.text = "\u00a0" + (element.text or "") + " caf\u00e9 "
        yield lxml_html.tostring(root, encoding="unicode")


def _pages():
    pages = [load(p.name) for p in sorted(PAGES.glob("*.html"))]
    return (
        pages + list(_mutations(load("seed.html"), 12)) + list(_mutations(load("gallery.html"), 6))
    )


def test_visible_texts_equal_text_of_and_text_without():
    checked = 0
    for html in _pages():
        page = ArticlePage.from_html(html, SEED_URL)
        scope = page.article_root
        texts = dom.VisibleTexts(scope)
        members = list(dom.elements(scope))
        for element in members:
            assert texts.text(element) == dom.text_of(element)
            checked += 1
        # Skipping: each element's text leaves the skipped subtrees out, as text_without does.
        skipped = members[len(members) // 3 :: 7][:3]
        for element in skipped:
            texts.skip(element)
        for element in members:
            assert texts.text(element) == dom.text_without(element, skipped)
    assert checked > 500


def test_visible_texts_exact_text_equals_the_plain_search():
    found_headings = 0
    for html in _pages():
        page = ArticlePage.from_html(html, SEED_URL)
        texts = dom.VisibleTexts(page.article_root)
        for under in (page.article_root, page.body_container):
            if under is None:
                continue
            for wanted in (site.RELATED_HEADING, "Related", "Shares", "Agencies", ""):
                plain = dom.exact_text(list(dom.elements(under)), wanted)
                assert texts.exact_text(under, wanted) == plain
                found_headings += wanted == site.RELATED_HEADING and bool(plain)
    assert found_headings >= 10


def test_first_innermost_equals_innermost_matches():
    for html in _pages():
        page = ArticlePage.from_html(html, SEED_URL)
        candidates = page._header_candidates()
        texts = dom.VisibleTexts(page.article_root)
        skipped = []
        for pattern in (site.VISIBLE_DATE_RE, site.SHARES_RE, site.SOURCE_RE, site.BYLINE_RE):
            plain = dom.innermost_matches(candidates, pattern, skip=skipped)
            fast = texts.first_innermost(candidates, set(candidates), pattern)
            assert (
                (fast[0], fast[1].group()) == (plain[0][0], plain[0][1].group())
                if plain
                else (fast is None)
            )
            if plain:
                skipped.append(plain[0][0])
                texts.skip(plain[0][0])


def test_load_article_equals_article_loader():
    base = "https://english.almayadeen.net/news/politics/x"
    values = {
        "url": " /news/politics/x?utm_source=a&id=3 ",
        "title": [None, "  ", "First\u00a0title", "Second"],
        "summary": None,
        "authors": ["By A and B", "B, C"],
        "source": "",
        "published_at": "7 Jan 2022 08:54",
        "updated_at": "2022-01-08T10:00:00+02:00",
        "tags": ["CSTO", " Almaty ", "CSTO", None],
        "image_url": "/media/1.jpg?v=1&width=1000",
        "read_time_minutes": "2 Min Read",
        "shares": "1,234 Shares",
        "related_urls": ["/news/a?utm_source=x", "/news/a", "/news/b", ""],
        "video_url": None,
        "images": [{"url": "/m/1.jpg?v=1", "caption": " Cap\u00a0one "}, {"url": " "}],
        "language": "en",
    }
    loader = ArticleLoader(base_url=base)
    for field, value in values.items():
        loader.add_value(field, value)
    item = dict(loader.load_item())
    fast = load_article(values, base)
    assert {k: v for k, v in fast.items() if v not in (None, [])} == item
    assert fast == {
        "url": "https://english.almayadeen.net/news/politics/x?id=3",
        "title": "First title",
        "summary": None,
        "authors": ["A", "B", "C"],
        "source": None,
        "published_at": "2022-01-07T08:54:00+02:00",
        "updated_at": "2022-01-08T10:00:00+02:00",
        "tags": ["CSTO", "Almaty"],
        "image_url": "https://english.almayadeen.net/media/1.jpg?v=1&width=1000",
        "read_time_minutes": 2,
        "shares": 1234,
        "related_urls": [
            "https://english.almayadeen.net/news/a",
            "https://english.almayadeen.net/news/b",
        ],
        "video_url": None,
        "images": [{"url": "https://english.almayadeen.net/m/1.jpg?v=1", "caption": "Cap one"}],
        "language": "en",
    }


def test_tag_urls_prefilter_equals_the_plain_filter():
    html = load("seed.html").replace(
        "</body>", '<a href="../tags/extra">x</a><a href="tags/rel">y</a><a href="/tags/q?page=2">'
        'z</a><a href="//english.almayadeen.net/tags/proto">w</a></body>'
    )  # fmt: skip
    pages = 0
    for url in (
        SEED_URL,
        "https://english.almayadeen.net/tags/csto",
        "https://english.almayadeen.net/x/",
    ):
        page = ListingPage(Selector(text=html), url)
        plain = [
            u
            for u in page._links()
            if site.TAG_PATH_RE.match(urlsplit(u).path) and not urlsplit(u).query
        ]
        assert page.tag_urls() == plain
        pages += bool(plain)
    assert pages == 3


_BASES = [
    "https://english.almayadeen.net/news/politics/x?page=2#f", "http://127.0.0.1:8080/a/b/",
    "https://u:p@h:1/x;p?q", "ftp://h/x", "https://h", "rel/path", "HTTPS://H/x", "https:",
    "file:///x/y", "http:x",
]  # fmt: skip
_LINKS = [
    "/a/../b/./c?utm_source=1&x=2#frag", "/", "/x;y?z", "/%2e%2e/q", "/a//b", "/?", "/#",
    "//other.host/p/../q?utm_medium=2", "https://english.almayadeen.net/m/a.jpg?v=1&width=1000",
    "http://h/x/./y", "HTTPS://H/Z", "https://h", "https://h?", "mailto://x/y", "ftp://f/x/../y",
    "https:relative/x", "x/y", "?q=1", "#f", "//", "https://", "a:b", "javascript://x", "//h:80",
    "https://h/../a", "//@", "///x",
]  # fmt: skip


def test_joins_cached_per_site_equal_urljoin_on_the_page_url():
    # canonical_url/absolute_url cache joins on the part of the base a link depends on (the
    # origin, the scheme); every link form must still join exactly as on the full page URL
    # (and give None where that is no web URL: items carry http(s) links only).
    for base in _BASES:
        for link in _LINKS:
            joined = urljoin(base, link)
            assert absolute_url(link, base) == web_url(joined)
            assert canonical_url(link, base) == web_url(
                url_query_cleaner(joined, site.TRACKING_PARAMS, remove=True)
            )
    assert canonical_url("/news/a?utm_source=x&id=2", _BASES[0]) == (
        "https://english.almayadeen.net/news/a?id=2"
    )
