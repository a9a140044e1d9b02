"""Listing pages (home, sections, regions, tags, authors) and the BREAKING ticker.

Links are classified by URL pattern (site.py), never by where a template puts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from mayadeen import site
from mayadeen.extraction import dom
from mayadeen.loaders import canonical_url, unique

_BREAKING_LABEL = "BREAKING"
# Child elements that are one ticker line each when a line container holds several.
_LINE_TAGS = frozenset({"li", "div", "p", "a"})


def _page_number(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get(site.PAGE_PARAM)
    try:
        return int(values[0]) if values else 1
    except ValueError:
        return 1


def with_page(url: str, page: int) -> str:
    """``url`` with its ?page= parameter set (page 1: the parameter removed)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qs(parts.query).items() if k != site.PAGE_PARAM]
    pairs = [(k, x) for k, values in query for x in values]
    if page > 1:
        pairs.append((site.PAGE_PARAM, str(page)))
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def _known_listing_paths() -> frozenset[str]:
    paths = set()
    for top, (_, subs) in site.SECTIONS.items():
        paths.add(site.SECTION_PATH.format(top=top))
        paths.update(site.SUBSECTION_PATH.format(top=top, sub=sub) for sub, _ in subs)
    paths.update(site.REGION_PATH.format(region=region) for region, _ in site.REGIONS)
    return frozenset(paths)


# /articles/<slug> and /articles/<subsection> have the same shape: a two-segment path is a
# listing only when site.py or the page's navigation menu says so.
KNOWN_LISTING_PATHS = _known_listing_paths()


def is_listing_path(path: str, discovered: frozenset[str] | set[str] = frozenset()) -> bool:
    path = path.rstrip("/") or "/"
    if path in KNOWN_LISTING_PATHS or path in discovered:
        return True
    return bool(site.LISTING_PATH_RE.match(path)) and not site.ARTICLE_PATH_RE.match(path)


def is_listing_url(url: str, discovered: frozenset[str] | set[str] = frozenset()) -> bool:
    return is_listing_path(urlsplit(url).path, discovered)


def is_article_url(url: str, discovered: frozenset[str] | set[str] = frozenset()) -> bool:
    path = urlsplit(url).path
    return bool(site.ARTICLE_PATH_RE.match(path)) and not is_listing_path(path, discovered)


@lru_cache(maxsize=64)
def _xpath(query: str) -> etree.XPath:
    """Compiled once; results as plain strings (parsel would wrap each href in a Selector)."""
    return etree.XPath(query, smart_strings=False)



class ListingPage:
    """The links of any non-article page, grouped by what they lead to."""

    def __init__(self, response: Response | Selector, url: str | None = None):
        if isinstance(response, Response):
            self.selector, self.url = dom.html_selector(response), response.url
        else:
            if url is None:
                raise ValueError("ListingPage(selector, url): the page URL is required")
            self.selector, self.url = response, url
        self.host = urlsplit(self.url).netloc
        self._found: dict[tuple[str, str], list[str]] = {}

    def _links(self, xpath: str = "//a/@href", word: str = "") -> list[str]:
        """Absolute canonical URLs of the page's links on the same host, page order, unique
        (``$word``, when the query uses it, is ``word``). Each query is read once per page:
        several link classes below share one."""
        key = (xpath, word)
        if key not in self._found:
            self._found[key] = self._read_links(xpath, word)
        return list(self._found[key])

    def _read_links(self, xpath: str, word: str) -> list[str]:
        urls = []
        found = (
            _xpath(xpath)(self.selector.root, word=word)
            if word
            else _xpath(xpath)(self.selector.root)
        )
        for href in found:
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "data:", "tel:")):
                continue
            url = canonical_url(href, self.url)
            if url and urlsplit(url).netloc == self.host:
                urls.append(url)
        return unique(urls)

    def _by_path(self, pattern) -> list[str]:
        return [u for u in self._links() if pattern.match(urlsplit(u).path)]

    def menu_listing_paths(self) -> frozenset[str]:
        """Listing paths linked from the page's navigation menus (<nav>): sections the site
        has even when site.py does not know them yet."""
        return frozenset(
            urlsplit(u).path.rstrip("/") or "/"
            for u in self._links("//nav//a/@href")
            if site.LISTING_PATH_RE.match(urlsplit(u).path) and not urlsplit(u).query
        )

    def article_urls(self) -> list[str]:
        """Article links (a path that is also a listing, /news/politics, is the listing)."""
        menu = self.menu_listing_paths()
        return [u for u in self._by_path(site.ARTICLE_PATH_RE) if not is_listing_url(u, menu)]

    def card_urls(self) -> list[str]:
        """The listing's own article links, page order: article links outside the page furniture
        (header with the ticker, navigation, asides such as Most Read / Read Next, footer)."""
        menu = self.menu_listing_paths()
        furniture = "ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer"
        outside = f"//a[not({furniture})]"
        return [
            u
            for u in self._links(outside + "/@href")
            if site.ARTICLE_PATH_RE.match(urlsplit(u).path) and not is_listing_url(u, menu)
        ]

    def listing_urls(self) -> list[str]:
        """Section and region listings linked from the page (the navigation menu)."""
        menu = self.menu_listing_paths()
        return [
            u
            for u in self._by_path(site.LISTING_PATH_RE)
            if not urlsplit(u).query and is_listing_url(u, menu)
        ]

    def tag_urls(self) -> list[str]:
        if site.TAG_WORD and site.TAG_WORD not in urlsplit(self.url).path:
            # Only links holding the word are made absolute (an article page has ~150 links).
            links = self._links("//a/@href[contains(., $word)]", site.TAG_WORD)
        else:
            links = self._links()
        return [
            u for u in links if site.TAG_PATH_RE.match(urlsplit(u).path) and not urlsplit(u).query
        ]

    def author_urls(self) -> list[str]:
        return [u for u in self._by_path(site.AUTHOR_PATH_RE) if not urlsplit(u).query]

    def next_page_url(self) -> str | None:
        """The next page: a rel=next link, else a link to ?page=<this page + 1> of this path."""
        for url in self._links("//a[contains(concat(' ', @rel, ' '), ' next ')]/@href"):
            return url
        for url in self._links("//link[@rel='next']/@href"):
            return url
        wanted = with_page(canonical_url(self.url) or self.url, _page_number(self.url) + 1)
        return wanted if wanted in self._links() else None


@dataclass(frozen=True)
class TickerLine:
    text: str
    url: str | None


def _line(element: dom.Element, base_url: str | None) -> TickerLine | None:
    text = dom.text_of(element)
    if text is None:
        return None
    hrefs = element.xpath("self::a/@href | .//a/@href")
    url = canonical_url(str(hrefs[0]), base_url) if hrefs else None
    return TickerLine(text, url)


def ticker_items(selector: Selector, base_url: str | None = None) -> list[TickerLine]:
    """The BREAKING ticker's lines, top first: `.ticker__item` elements [S], else the lines that
    follow a "BREAKING" label (each following sibling, or each of its child elements). Links are
    made absolute on ``base_url`` when given (the page's URL)."""
    lines = [_line(item.root, base_url) for item in selector.css(site.TICKER_ITEM_SELECTOR)]
    if not lines:
        body = selector.root.xpath("//body")
        scope = list(dom.elements(body[0])) if body else []
        labels = dom.exact_text(scope, _BREAKING_LABEL)
        if labels:
            for sibling in labels[0].itersiblings():
                if not dom.is_element(sibling):
                    continue
                children = [
                    c
                    for c in sibling
                    if dom.is_element(c) and c.tag in _LINE_TAGS and dom.text_of(c)
                ]
                for element in children or [sibling]:
                    lines.append(_line(element, base_url))
    # A line shown twice (a scrolling ticker repeats its lines) is given twice: the spider emits
    # each line once per crawl.
    return [line for line in lines if line is not None]
