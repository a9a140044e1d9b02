"""The replica's HTTP server (aiohttp): pages, sitemaps, robots.txt and the /__replica__/ API.

Every page comes from the catalog (what exists) and the renderer (how it looks); faults (see
faults.py) are applied to HTML pages only. Choices of this server:
- robots.txt allows everything but /__replica__/ and /rss, and names the sitemap index;
- an article is also served at its trailing-slash variant (the redirect fault's target) and with
  any query string (tracking variants): its canonical URL stays the plain path;
- /coverage lists every post with a coverage hub (the Coverage box's "All");
- the JS-only listing /in-pictures serves page 1 only; later pages come from
  /in-pictures/load-more?page=N&token=T, T = render.load_more_token of the URL without the token;
- under a skin (skins.py) pages are rendered in its markup; under its URL scheme every page is
  rendered with the default paths and rewritten to the skin's (skin_urls.SkinUrls), and requests
  are mapped back: the same catalog, the same manifest (its URLs in the skin's scheme).
"""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import json
import re
import time
from collections import Counter

from aiohttp import web

from mayadeen import site
from testground.replica import catalog as catalog_module
from testground.replica.catalog import Catalog
from testground.replica.clearance import ClearanceGate
from testground.replica.faults import (
    SHORT_SHARE,
    Fault,
    Faults,
    parse_faults,
    short_blocks,
    truncate,
)
from testground.replica.manifest import expected_item
from testground.replica.model import Article
from testground.replica.render import Renderer, structured_layer
from testground.replica.render_furniture import Furniture
from testground.replica.skin_urls import DEFAULT_URLS, SkinUrls, sitemapindex, urlset
from testground.replica.skins import DEFAULT, Skin
from testground.replica.skins import skin as skin_named

HTML = "text/html"
MANIFEST_CHUNK = 200  # items per write of the streamed manifest
LISTING_PREFIXES = {"region": "region", "tags": "tag", "authors": "author", "coverage": "coverage"}
SUBSECTIONS = {top: {sub for sub, _ in subs} for top, (_, subs) in site.SECTIONS.items()}
API_PREFIX = "/__replica__/"


def short_page(renderer: Renderer, article: Article, furniture: Furniture) -> str | None:
    """The "short" fault's page: whole and well closed, its body cut to its first SHORT_SHARE of
    words, its structured layer still the full article's (declaring the full word count). None
    where the page has no structured layer or no body text: nothing to cut or to detect, the page
    is served whole."""
    blocks = short_blocks(article.blocks, SHORT_SHARE)
    full = structured_layer(article, renderer.base_url, renderer.markup)
    if not full or blocks is None:
        return None
    cut = dataclasses.replace(article, blocks=blocks)
    html = renderer.article_page(cut, furniture)
    shortened = structured_layer(cut, renderer.base_url, renderer.markup)
    if shortened not in html:
        raise RuntimeError("short fault: the structured layer was not found in the page")
    return html.replace(shortened, full)


class ReplicaServer:
    """One replica: a catalog, a renderer and the faults, served by an aiohttp application."""

    def __init__(
        self,
        catalog: Catalog,
        faults: Faults,
        skin: Skin = DEFAULT,
        challenge: str = "none",
        clearance_requests: int = 0,
        clearance_seconds: float = 0.0,
    ) -> None:
        self.catalog = catalog
        self.skin = skin
        self.renderer = Renderer(catalog.base_url, skin.markup)
        # None under the default URL scheme: pages are served as rendered.
        self.urls = SkinUrls(skin.urls, catalog) if skin.urls != DEFAULT_URLS else None
        self.faults = faults
        self.requests: Counter[str] = Counter()
        # `--challenge site`: a managed challenge in front of every page (clearance.py).
        self.gate = (
            ClearanceGate(self.renderer, catalog.seed, clearance_requests, clearance_seconds)
            if challenge == "site"
            else None
        )

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(API_PREFIX + "manifest.jsonl", self.manifest)
        app.router.add_post(API_PREFIX + "advance", self.advance)
        app.router.add_get(API_PREFIX + "stats", self.stats)
        app.router.add_get("/robots.txt", self.robots)
        if self.urls is None:  # a skin's sitemaps are found by path in `page`
            app.router.add_get(site.SITEMAP_INDEX_PATH, self.sitemap_index)
            app.router.add_get("/sitemaps/all/{name}", self.sitemap_month)
        app.router.add_get(site.RSS_PATH, self.rss)
        app.router.add_get(catalog_module.LOAD_MORE_PATH, self.load_more)
        if self.gate is not None:
            self.gate.routes(app)
        app.router.add_get("/{tail:.*}", self.page)
        return app

    # --- HTML pages ---------------------------------------------------------------------------
    def _resolve(self, path: str) -> tuple[str, tuple] | None:
        """What a path shows: ("home", ()), ("listing", (kind, key)), ("article", (index,))."""
        if path == "/":
            return "home", ()
        parts = path.strip("/").split("/")
        if parts[0] in SUBSECTIONS and (
            len(parts) == 1 or (len(parts) == 2 and parts[1] in SUBSECTIONS[parts[0]])
        ):
            return "listing", ("section", "/".join(parts))
        if parts[0] in LISTING_PREFIXES and len(parts) <= 2:
            kind = LISTING_PREFIXES[parts[0]]
            if len(parts) == 2 or kind == "coverage":
                return "listing", (kind, parts[1] if len(parts) == 2 else "")
        index = self.catalog.index_of_path(path.rstrip("/"))
        if index is not None:
            return "article", (index,)
        return None

    async def page(self, request: web.Request) -> web.StreamResponse:
        path, query = request.path, dict(request.query)
        if self.urls is not None:
            xml = self.urls.sitemap(path)
            if xml is not None:
                self.requests["sitemap"] += 1
                if path.endswith(".gz"):
                    gz = gzip.compress(xml.encode("utf-8"), mtime=0)
                    return web.Response(body=gz, content_type="application/gzip")
                return web.Response(text=xml, content_type="application/xml")
            translated = self.urls.resolve(path, query)
            if translated is None:
                return self._not_found()
            path, query = translated
        found = self._resolve(path)
        if found is None:
            return self._not_found()
        what, args = found
        page = 1
        if what == "listing":
            raw = query.get(site.PAGE_PARAM, "1")
            if not re.fullmatch(r"[1-9]\d{0,5}", raw):
                return self._not_found()
            page = int(raw)
        if what == "article" and not path.endswith("/") and self.faults.active:
            status = self.faults.redirect(path)
            if status is not None:
                self.requests["redirect"] += 1
                location = request.path + "/"
                location += f"?{request.query_string}" if request.query_string else ""
                raise (web.HTTPMovedPermanently if status == 301 else web.HTTPFound)(location)
        fault = None
        if self.faults.active:
            self.faults.note_request(request.path_qs, time.monotonic())
            fault = self.faults.next_attempt(request.path_qs)
        if fault is not None and fault.kind not in ("slow", "hang", "truncate", "short"):
            self.requests["fault"] += 1
            if fault.kind == "throttle":
                self.faults.note_throttled(request.path_qs, fault, time.monotonic())
            return self._fault_response(fault)
        if fault is not None:
            await asyncio.sleep(fault.delay)
        if what == "home":
            self.requests["home"] += 1
            html = self._with_tracking(
                "/", self.renderer.home_page(self.catalog.home(), self.catalog.furniture())
            )
        elif what == "listing":
            kind, key = args
            listing = self.catalog.listing(kind, key, page)
            if listing is None:
                return self._not_found()
            self.requests[kind] += 1
            html = self._with_tracking(
                listing.path, self.renderer.listing_page(listing, self.catalog.furniture())
            )
        else:
            self.requests["article"] += 1
            article = self.catalog.article(args[0])
            furniture = self.catalog.furniture()
            cut_short = fault is not None and fault.kind == "short"
            html = short_page(self.renderer, article, furniture) if cut_short else None
            if html is not None:
                self.faults.served["short"] += 1
            else:
                html = self.renderer.article_page(article, furniture)
        if self.urls is not None:
            html = self.urls.rewrite(html)
        body = html.encode("utf-8")
        if fault is not None and fault.kind == "truncate":
            body = truncate(body, fault.cut)
        return web.Response(body=body, content_type=HTML, charset="utf-8")

    def _with_tracking(self, listing_path: str, html: str) -> str:
        """Listing links to some articles carry a tracking query (the "tracking" fault)."""
        if not self.faults.rates["tracking"]:
            return html

        def add_query(m: re.Match[str]) -> str:
            target = m.group(1)
            if self.catalog.index_of_path(target) is None:
                return m.group(0)
            query = self.faults.tracking_query(listing_path, target)
            if query is None:
                return m.group(0)
            self.faults.served["tracking"] += 1
            return f'href="{target}?{query.replace("&", "&amp;")}"'

        return re.sub(r'href="(/[^"?#]+)"', add_query, html)

    def _fault_response(self, fault: Fault) -> web.Response:
        if fault.kind == "challenge":
            body = self.renderer.challenge_page()
            return web.Response(
                status=403, text=body, content_type=HTML, headers={"cf-mitigated": "challenge"}
            )
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        reason = {
            429: "Too Many Requests",
            500: "Internal Server Error",
            503: "Service Unavailable",
        }
        text = f"<html><body><h2>{fault.status} {reason[fault.status]}</h2></body></html>"
        return web.Response(status=fault.status, text=text, content_type=HTML, headers=headers)

    def _not_found(self) -> web.Response:
        self.requests["not_found"] += 1
        html = self.renderer.not_found_page(self.catalog.furniture())
        if self.urls is not None:
            html = self.urls.rewrite(html)
        return web.Response(status=404, text=html, content_type=HTML)

    async def load_more(self, request: web.Request) -> web.Response:
        from testground.replica.render import load_more_token

        self.requests["load_more"] += 1
        raw = request.query.get("page", "")
        if not re.fullmatch(r"[1-9]\d{0,5}", raw):
            return web.Response(status=400, text="bad page")
        page = int(raw)
        expected = load_more_token(catalog_module.load_more_url(page))
        if request.query.get("token") != expected:
            return web.Response(status=403, text="bad token")
        found = self.catalog.load_more(page)
        articles = found[0] if found else ()
        html = self.renderer.listing_fragment(articles)
        if self.urls is not None:
            html = self.urls.rewrite(html)
        return web.Response(text=html, content_type=HTML, charset="utf-8")

    async def rss(self, request: web.Request) -> web.Response:
        self.requests["rss"] += 1
        return web.Response(
            status=403,
            text=self.renderer.challenge_page(),
            content_type=HTML,
            headers={"cf-mitigated": "challenge"},
        )

    # --- robots and sitemaps ----------------------------------------------------------------
    async def robots(self, request: web.Request) -> web.Response:
        self.requests["robots"] += 1
        if self.urls is not None:
            text = self.urls.robots((API_PREFIX, site.RSS_PATH))
            return web.Response(text=text, content_type="text/plain")
        base = self.catalog.base_url
        text = (
            "User-agent: *\n"
            f"Disallow: {API_PREFIX}\n"
            f"Disallow: {site.RSS_PATH}\n"
            "Allow: /\n\n"
            f"Sitemap: {base}{site.SITEMAP_INDEX_PATH}\n"
        )
        return web.Response(text=text, content_type="text/plain")

    async def sitemap_index(self, request: web.Request) -> web.Response:
        self.requests["sitemap"] += 1
        base = self.catalog.base_url
        xml = sitemapindex(
            (
                base + site.SITEMAP_MONTH_PATH.format(year=year, month=month),
                self.catalog.month_lastmod(year, month).isoformat(),
            )
            for year, month in self.catalog.months()
        )
        return web.Response(text=xml, content_type="application/xml")

    async def sitemap_month(self, request: web.Request) -> web.Response:
        m = site.SITEMAP_MONTH_RE.search(request.path)
        if m is None or m.group("month").startswith("0"):
            return self._not_found()
        year, month = int(m.group("year")), int(m.group("month"))
        indices = self.catalog.month_indices(year, month)
        if not indices:
            return self._not_found()
        self.requests["sitemap"] += 1
        base = self.catalog.base_url
        xml = urlset(
            (base + self.catalog.path_of(i), self.catalog.updated_of(i).isoformat())
            for i in indices
        )
        return web.Response(text=xml, content_type="application/xml")

    # --- the replica API ----------------------------------------------------------------------
    async def manifest(self, request: web.Request) -> web.StreamResponse:
        self.requests["manifest"] += 1
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        base = self.catalog.base_url
        lines = []
        for article in self.catalog.iter_articles():
            item = expected_item(article, base)
            if self.urls is not None:  # the same facts at the skin's URLs
                item["url"] = self.urls.url(item["url"])
                item["related_urls"] = [self.urls.url(u) for u in item["related_urls"]]
            lines.append(json.dumps(item, ensure_ascii=False) + "\n")
            if len(lines) >= MANIFEST_CHUNK:
                await response.write("".join(lines).encode("utf-8"))
                lines = []
        if lines:
            await response.write("".join(lines).encode("utf-8"))
        await response.write_eof()
        return response

    async def advance(self, request: web.Request) -> web.Response:
        self.requests["advance"] += 1
        try:
            new = int(request.query.get("new", "0"))
            edit = int(request.query.get("edit", "0"))
            changes = self.catalog.advance(new=new, edit=edit)
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        if self.urls is not None:
            for change in changes["new"] + changes["edited"]:
                change["url"] = self.urls.url(change["url"])
        return web.json_response(changes)

    async def stats(self, request: web.Request) -> web.Response:
        self.requests["stats"] += 1
        return web.json_response(
            {
                "articles": self.catalog.size,
                "seed": self.catalog.seed,
                "now": self.catalog.now.isoformat(),
                "base_url": self.catalog.base_url,
                "requests": dict(self.requests),
                "faults": dict(self.faults.served),
                "early_retries": self.faults.early_retries,
                "fault_rates": self.faults.rates,
                "cached_articles": self.catalog.cached,
                "skin": self.skin.name,
                "absent_fields": list(self.skin.absent_fields),
                "clearance": self.gate.stats() if self.gate is not None else {},
            }
        )


def make_app(
    articles: int = 300,
    seed: int = 1,
    base_url: str = "http://127.0.0.1:8089",
    faults: Faults | None = None,
    skin: str = DEFAULT.name,
) -> web.Application:
    """The replica's aiohttp application, in the skin of that name (skins.SKINS)."""
    catalog = Catalog(articles=articles, seed=seed, base_url=base_url)
    server = ReplicaServer(catalog, faults or Faults(parse_faults(None), seed), skin_named(skin))
    return server.app()
