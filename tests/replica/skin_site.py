"""Helpers for the skin tests: a whole skinned replica crawled in-process (aiohttp test server)."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

from aiohttp.test_utils import TestClient, TestServer

from testground.replica.server import make_app

BASE = "http://127.0.0.1:8089"
ARTICLES = 120
SEED = 4
_HREF = re.compile(r'\bhref="([^"]+)"')
_LOC = re.compile(r"<loc>([^<]+)</loc>")
_SITEMAP_LINE = re.compile(r"^Sitemap:\s*(\S+)", re.M)
# Where sitemaps usually are when robots.txt names none: asked for on every skin.
USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml")


@dataclass
class SkinSite:
    """Every page reachable from the home page, robots.txt, the sitemaps it names and the usual
    sitemap places, by path and query; `links` says which pages link to each (none for those)."""

    skin: str
    manifest: list[dict]
    pages: dict[str, tuple[int, str]] = field(default_factory=dict)  # path?query: (status, text)
    links: dict[str, set[str]] = field(default_factory=dict)  # path?query: pages linking to it

    def text(self, target: str) -> str:
        status, text = self.pages[target]
        assert status == 200, (target, status)
        return text

    def article_pages(self) -> dict[str, str]:
        """Manifest URL: page HTML."""
        return {m["url"]: self.text(m["url"][len(BASE) :]) for m in self.manifest}


def _target(href: str, page: str) -> str | None:
    """The path?query of an href on this replica, None for other hosts."""
    url = urljoin(BASE + page, unescape(href))
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != BASE:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def _crawl(skin: str) -> SkinSite:
    app = make_app(articles=ARTICLES, seed=SEED, base_url=BASE, skin=skin)
    async with TestClient(TestServer(app)) as client:

        async def get(target: str) -> tuple[int, Any]:
            response = await client.get(target, allow_redirects=False)
            if response.content_type == "application/gzip":
                return response.status, await response.read()
            return response.status, await response.text()

        manifest_text = (await get("/__replica__/manifest.jsonl"))[1]
        site = SkinSite(skin, [json.loads(line) for line in manifest_text.splitlines()])
        queue = ["/", "/robots.txt", *USUAL_SITEMAPS]
        site.links = {target: set() for target in queue}
        while queue:
            page = queue.pop()
            status, text = site.pages[page] = await get(page)
            if status == 200 and page.endswith(".gz"):  # a gzipped sitemap
                text = gzip.decompress(text).decode("utf-8")
                site.pages[page] = (status, text)
            if status != 200:
                continue
            if page == "/robots.txt":
                found = [_target(u, page) for u in _SITEMAP_LINE.findall(text)]
            elif text.startswith("<?xml"):
                found = [_target(u, page) for u in _LOC.findall(text)]
            elif "/static/" in page:
                found = []
            else:
                found = [_target(h, page) for h in _HREF.findall(text)]
            for target in found:
                if target is None:
                    continue
                if target not in site.links:
                    site.links[target] = set()
                    queue.append(target)
                site.links[target].add(page)
        return site


@cache
def crawled(skin: str) -> SkinSite:
    """The skin's replica crawled whole (cached: several tests read the same crawl)."""
    return asyncio.run(_crawl(skin))


async def _fetch(skin: str, targets: tuple[str, ...], articles: int) -> dict[str, tuple[int, str]]:
    app = make_app(articles=articles, seed=SEED, base_url=BASE, skin=skin)
    async with TestClient(TestServer(app)) as client:
        out = {}
        for target in targets:
            response = await client.get(target, allow_redirects=False)
            out[target] = (response.status, await response.text())
        return out


def fetch(skin: str, *targets: str, articles: int = ARTICLES) -> dict[str, tuple[int, str]]:
    """Status and text of each target on a fresh replica in that skin."""
    return asyncio.run(_fetch(skin, targets, articles))
