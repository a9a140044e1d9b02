"""A small hand-made news site whose URL scheme the profile (site.py) does not know, served from a
thread for discovery tests: articles at /video/<slug>, /newscast/2024/M/D/<slug> and
/story/<slug> besides the profile's /news/politics/<slug>, each kind of article page saying what
it is through another layer (post id meta, JSON-LD, og:type, structure only); listings paginated
as /page/N/ with an "Older" link, as ?page=N links, as a <link rel=next>; tags under /topic/;
about, contact, search and writer pages; sitemaps announced only in robots.txt, monthly files
named post-sitemap-YYYY-MM.xml (one gzipped), a page sitemap and a Google News sitemap.

``month_names=False`` names the monthly files post-sitemap1.xml, post-sitemap2.xml instead.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

from aiohttp import web

from testground.replica.process import free_port

TZ = timezone(timedelta(hours=3))
PER_PAGE = 5
WORDS = (
    "The ministry said on Tuesday that talks on the new agreement would resume next week in "
    "the capital, after a pause of several months caused by disputes over the terms of the "
    "deal and the schedule for its first phase, officials from both delegations confirmed."
)


@dataclass(frozen=True)
class Page:
    post_id: str
    path: str
    title: str
    published: datetime
    layer: str  # how the page says it is an article: postid, json_ld, og_type, structure
    topic: str
    writer: str


def _articles() -> list[Page]:
    pages = []
    start = datetime(2024, 3, 2, 10, 0, tzinfo=TZ)
    kinds = (
        ("postid", lambda d, s: f"/news/politics/{s}"),
        ("json_ld", lambda d, s: f"/video/{s}"),
        ("og_type", lambda d, s: f"/newscast/{d.year}/{d.month}/{d.day}/{s}"),
        ("structure", lambda d, s: f"/story/{s}"),
    )
    for i in range(48):
        layer, path = kinds[i % 4]
        published = start + timedelta(hours=29 * i)
        title = f"Report number {i} on talks about the agreement"
        slug = title.lower().replace(" ", "-")
        pages.append(
            Page(str(9000 + i), path(published, slug), title, published, layer,
                 ("economy", "diplomacy", "energy")[i % 3], ("jane-roe", "omar-haddad")[i % 2])
        )  # fmt: skip
    return sorted(pages, key=lambda p: p.published, reverse=True)


ARTICLES = _articles()
LISTINGS = {  # listing path -> (its articles' path prefix, pagination form)
    "/news/politics": ("/news/politics/", "rel_next"),
    "/video": ("/video/", "page_path"),
    "/newscast": ("/newscast/", "page_query"),
    "/story": ("/story/", "link_rel_next"),
}


def _page(title: str, main: str, head: str = "") -> str:
    nav = "".join(f'<li><a href="{p}">{p.strip("/").title()}</a></li>' for p in LISTINGS)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f'</title>{head}</head><body><header><a href="/">Home</a><nav><ul>{nav}</ul></nav>'
        f'</header><main>{main}</main><footer><a href="/about">About</a> '
        '<a href="/contact">Contact</a> <a href="/writers">Writers</a> '
        '<a href="/search?q=talks">Search</a></footer></body></html>'
    )


def _card(page: Page) -> str:
    return f'<div class="card"><h3><a href="{page.path}">{escape(page.title)}</a></h3></div>'


def article_html(page: Page) -> str:
    iso = page.published.isoformat()
    head = ""
    if page.layer == "postid":
        head = f'<meta name="postid" content="{page.post_id}">'
    elif page.layer == "json_ld":
        ld = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": "Crafted"},
            {"@type": "NewsArticle", "headline": page.title, "datePublished": iso},
        ]}  # fmt: skip
        head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    elif page.layer == "og_type":
        head = '<meta property="og:type" content="article">'
    if page.layer != "structure":
        head += f'<meta property="article:published_time" content="{iso}">'
    body = "".join(f"<p>{WORDS}</p>" for _ in range(2))
    visible_date = page.published.strftime("%d %b %Y %H:%M")
    main = (
        f'<article><h1>{escape(page.title)}</h1><p>By <a href="/writer/{page.writer}">'
        f"{page.writer}</a></p><p><time>{visible_date}</time></p>"
        f'<div class="p-content">{body}</div>'
        f'<p>Tags: <a href="/topic/{page.topic}">{page.topic}</a></p></article>'
    )
    return _page(page.title, main, head)


def listing_html(path: str, pages: list[Page], number: int, form: str, title: str) -> str:
    chunk = pages[(number - 1) * PER_PAGE : number * PER_PAGE]
    more = number * PER_PAGE < len(pages)
    nav, head = "", ""
    if more:
        if form == "rel_next":
            nav = f'<a rel="next" href="{path}?page={number + 1}">2</a>'
        elif form == "page_path":
            nav = f'<a href="{path}/page/{number + 1}/">Older</a>'
        elif form == "page_query":
            nav = f'<a href="{path}?page={number + 1}">{number + 1}</a>'
        elif form == "link_rel_next":
            head = f'<link rel="next" href="{path}?page={number + 1}">'
        elif form == "arrow":
            nav = f'<a class="pager" href="{path}?page={number + 1}">›</a>'
    main = f"<h1>{escape(title)}</h1>{''.join(_card(p) for p in chunk)}<div>{nav}</div>"
    return _page(title, main, head)


def other_html(kind: str) -> str:
    types = {"about": "AboutPage", "contact": None, "search": "SearchResultsPage"}
    head = ""
    if types.get(kind):
        ld = {"@context": "https://schema.org", "@type": types[kind]}
        head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    if kind == "contact":
        head = '<meta property="og:type" content="website">'
    main = f"<h1>{kind.title()}</h1><p>Write to us at the address below.</p>"
    if kind == "search":
        main += "".join(_card(p) for p in ARTICLES[:5])
    if kind == "writers":
        main += '<a href="/writer/jane-roe">Jane Roe</a> <a href="/writer/omar-haddad">Omar</a>'
    return _page(kind.title(), main, head)


def _urlset(pages: list[Page], base: str, news: bool = False) -> bytes:
    entries = []
    for page in pages:
        extra = ""
        if news:
            extra = (
                "<news:news><news:publication><news:name>Crafted</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{page.published.isoformat()}</news:publication_date>"
                f"<news:title>{escape(page.title)}</news:title></news:news>"
            )
        entries.append(
            f"<url><loc>{base}{page.path}</loc><lastmod>{page.published.isoformat()}</lastmod>"
            f"{extra}</url>"
        )
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
        + "".join(entries)
        + "</urlset>"
    ).encode()


class CraftedSite:
    """``with CraftedSite() as crafted: crafted.base_url``; ``crafted.paths`` lists what was
    asked for."""

    def __init__(self, month_names: bool = True) -> None:
        self.month_names = month_names
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.paths: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    # --- sitemaps ---------------------------------------------------------------------------
    def months(self) -> list[tuple[int, int]]:
        return sorted({(p.published.year, p.published.month) for p in ARTICLES})

    def month_file(self, index: int) -> str:
        year, month = self.months()[index]
        if not self.month_names:
            return f"/post-sitemap{index + 1}.xml"
        suffix = ".xml.gz" if index == len(self.months()) - 1 else ".xml"
        return f"/post-sitemap-{year}-{month:02d}{suffix}"

    def month_pages(self, index: int) -> list[Page]:
        wanted = self.months()[index]
        return [p for p in ARTICLES if (p.published.year, p.published.month) == wanted]

    def sitemap_index(self) -> bytes:
        files = [
            (self.month_file(i), max(p.published for p in self.month_pages(i)))
            for i in range(len(self.months()))
        ]
        files += [("/page-sitemap.xml", ARTICLES[-1].published),
                  ("/news-sitemap.xml", ARTICLES[0].published)]  # fmt: skip
        entries = "".join(
            f"<sitemap><loc>{self.base_url}{path}</loc><lastmod>{when.isoformat()}</lastmod>"
            "</sitemap>"
            for path, when in files
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        ).encode()

    # --- serving ----------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.paths.append(request.path_qs)
        xml = "application/xml"
        if path == "/robots.txt":
            text = f"User-agent: *\nAllow: /\n\nSitemap: {self.base_url}/sitemap_index.xml\n"
            return web.Response(text=text, content_type="text/plain")
        if path == "/sitemap_index.xml":
            return web.Response(body=self.sitemap_index(), content_type=xml)
        for i in range(len(self.months())):
            if path == self.month_file(i):
                body = _urlset(self.month_pages(i), self.base_url)
                if path.endswith(".gz"):
                    return web.Response(body=gzip.compress(body), content_type="application/gzip")
                return web.Response(body=body, content_type=xml)
        if path == "/news-sitemap.xml":
            recent = [p for p in ARTICLES if p.published >= ARTICLES[0].published - timedelta(2)]
            return web.Response(body=_urlset(recent, self.base_url, news=True), content_type=xml)
        if path == "/page-sitemap.xml":
            raise web.HTTPInternalServerError()  # never to be asked for
        html = self.html(path, request.query.get("page", "1"))
        if html is None:
            return web.Response(status=404, text="<html><body>Not found</body></html>",
                                content_type="text/html")  # fmt: skip
        return web.Response(text=html, content_type="text/html")

    def html(self, path: str, page: str) -> str | None:
        number = int(page) if page.isdigit() else 1
        if "/page/" in path:
            path, _, rest = path.partition("/page/")
            number = int(rest.strip("/") or 1)
        path = path.rstrip("/") or "/"
        if path == "/":
            main = "".join(_card(p) for p in ARTICLES[:8])
            return _page("Crafted news", f"<h1>Latest</h1>{main}")
        for article in ARTICLES:
            if article.path == path:
                return article_html(article)
        if path in LISTINGS:
            prefix, form = LISTINGS[path]
            pages = [p for p in ARTICLES if p.path.startswith(prefix)]
            return listing_html(path, pages, number, form, path.strip("/").title())
        head, _, key = path.strip("/").partition("/")
        if head in ("topic", "writer") and key:
            field = "topic" if head == "topic" else "writer"
            pages = [p for p in ARTICLES if getattr(p, field) == key]
            return listing_html(path, pages, number, "arrow", key) if pages else None
        if head in ("about", "contact", "search", "writers") and not key:
            return other_html(head)
        return None

    def __enter__(self) -> CraftedSite:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
