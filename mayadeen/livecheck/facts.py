"""What saved pages say about the site profile (mayadeen/site.py): pure functions of a page's
bytes and URL, so the report is tested on pages saved from the replica.

Each fact is (name, held, evidence): held True/False, or None when the page needed for it was not
available. Article pages also say which layer gave each field (ArticlePage.layer_of).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from protego import Protego
from scrapy.http import HtmlResponse
from scrapy.utils.sitemap import Sitemap

from mayadeen import site
from mayadeen.downloadermiddlewares.challenge import is_challenge
from mayadeen.extraction import ArticlePage, ListingPage, ticker_items
from mayadeen.settings import MAYADEEN_SHORT_BODY_RATIO, USER_AGENT
from mayadeen.spiders.short_body import declared_word_count, is_short_body


@dataclass(frozen=True)
class Fact:
    name: str
    held: bool | None
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def response_of(body: bytes, url: str, status: int = 200) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, status=status, encoding="utf-8")


def not_blocked(body: bytes, url: str, status: int) -> Fact:
    challenged = is_challenge(response_of(body, url, status))
    return Fact(
        f"not blocked: {urlsplit(url).path or '/'}",
        status == 200 and not challenged,
        f"HTTP {status}" + (", Cloudflare challenge page" if challenged else ""),
    )


def robots_facts(text: str, base_url: str) -> list[Fact]:
    robots = Protego.parse(text)
    probe = [base_url + "/", base_url + "/news/politics", base_url + site.SITEMAP_INDEX_PATH]
    refused = [u for u in probe if not robots.can_fetch(u, USER_AGENT)]
    sitemaps = list(robots.sitemaps)
    return [
        Fact("robots.txt allows the home page, listings and sitemaps", not refused,
             "refused: " + ", ".join(refused) if refused else "all allowed"),
        Fact("robots.txt names the sitemap index",
             any(urlsplit(s).path == site.SITEMAP_INDEX_PATH for s in sitemaps),
             ", ".join(sitemaps) or "no Sitemap: line"),
    ]  # fmt: skip


def sitemap_index_facts(body: bytes) -> list[Fact]:
    try:
        sitemap = Sitemap(body)
        entries = [e.get("loc", "") for e in sitemap]
        kind = sitemap.type
    except Exception as error:  # lxml refuses some non-XML bodies outright
        return [Fact("sitemap index is a <sitemapindex>", False, f"not XML: {error}")]
    months = [m for loc in entries if (m := site.SITEMAP_MONTH_RE.search(urlsplit(loc).path))]
    padded = [m.group(0) for m in months if re.fullmatch(r"0\d", m["month"])]
    return [
        Fact("sitemap index is a <sitemapindex>", kind == "sitemapindex", f"root <{kind}>"),
        Fact("monthly sitemaps /sitemaps/all/sitemap-YYYY-M.xml", bool(months)
             and len(months) == len(entries), f"{len(months)} of {len(entries)} entries match"),
        Fact("sitemap month not zero-padded", not padded and any(len(m["month"]) == 1
             for m in months), f"padded: {padded[:3]}" if padded else f"{len(months)} months"),
    ]  # fmt: skip


def home_facts(body: bytes, url: str) -> list[Fact]:
    response = response_of(body, url)
    page = ListingPage(response)
    ticker = ticker_items(response.selector, url)
    listings, articles = page.listing_urls(), page.article_urls()
    return [
        Fact("home page BREAKING ticker (.ticker__item)", bool(ticker), f"{len(ticker)} lines"),
        Fact("home page menu links to section listings", bool(listings),
             f"{len(listings)} listing links"),
        Fact("home page links articles matching the URL scheme", bool(articles),
             f"{len(articles)} article links"),
    ]  # fmt: skip


def listing_facts(body: bytes, url: str) -> list[Fact]:
    page = ListingPage(response_of(body, url))
    articles, next_url = page.article_urls(), page.next_page_url()
    return [
        Fact("listing links articles", bool(articles), f"{len(articles)} article links"),
        Fact("listing paginates with ?page=N", next_url is not None
             and f"{site.PAGE_PARAM}=" in urlsplit(next_url).query, f"next: {next_url}"),
    ]  # fmt: skip


def article_facts(page: ArticlePage) -> list[Fact]:
    """The site-profile facts one article page bears out."""
    path = urlsplit(page.response_url).path
    match = site.ARTICLE_PATH_RE.match(path)
    title = page.field("title") or ""
    slug = match["slug"] if match else ""
    visible = page.visible_fields()
    return [
        Fact("article URL matches the URL scheme", match is not None, path),
        Fact("slug is the headline slugified, cut at 60", bool(slug)
             and slug == site.slugify(title), f"{slug!r} vs {site.slugify(title)!r}"),
        Fact("metadata JSON block present", page.metadata.present,
             "script#tawsiyat-metadata" + ("" if page.metadata.present else " missing")),
        Fact("postid meta present", page.layer_of("post_id") is not None
             and page.selector.css(site.POSTID_META_SELECTOR).get() is not None,
             f"post id {page.field('post_id')}"),
        Fact("meta tags present (canonical, og:title)", bool(page.meta("canonical")
             and page.meta("title")), f"canonical {page.meta('canonical')}"),
        Fact("html lang is en", page.meta("language") == site.LANGUAGE,
             f"lang={page.meta('language')!r}"),
        Fact("one h1 headline", len(page.root.xpath("//body//h1")) == 1,
             f"{len(page.root.xpath('//body//h1'))} h1"),
        Fact("lede p.lg_para.summary", page.visible_lede() is not None, site.LEDE_SELECTOR),
        Fact("body container div.p-content", page.body_container is not None,
             site.BODY_CONTAINER_SELECTOR),
        Fact("visible date like '7 Jan 2022 08:54'", "date" in visible,
             visible.get("date", "not found")),
        Fact("visible byline 'By ...'", "byline" in visible, visible.get("byline", "not found")),
        body_length_fact(page),
    ]  # fmt: skip


def body_length_fact(page: ArticlePage) -> Fact:
    """The short-body check (mayadeen/spiders/short_body.py) trusts the metadata's word_count:
    on the real site the extracted body must not fall under MAYADEEN_SHORT_BODY_RATIO of it, or
    whole articles would be retried and dropped as cut short."""
    declared = declared_word_count(page.metadata)
    words = page.to_item()["word_count"]
    if declared is None:
        return Fact("body words near the metadata word_count", None, "no word_count declared")
    return Fact("body words near the metadata word_count",
                not is_short_body(words, declared, MAYADEEN_SHORT_BODY_RATIO),
                f"{words} extracted, {declared} declared")  # fmt: skip


def article_report(body: bytes, url: str) -> dict[str, Any]:
    page = ArticlePage(response_of(body, url))
    return {
        "url": url,
        "title": page.field("title"),
        "layers": page.layers(),
        "facts": [f.as_dict() for f in article_facts(page)],
    }


def layer_counts(articles: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per field, how many articles got it from each layer ("none": from no layer)."""
    counts: dict[str, Counter[str]] = {}
    for article in articles:
        for field, layer in article["layers"].items():
            counts.setdefault(field, Counter())[layer or "none"] += 1
    return {field: dict(c.most_common()) for field, c in counts.items()}


def summarize(facts: list[Fact]) -> list[Fact]:
    """Facts of the same name over several pages folded into one (held on every page)."""
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        grouped.setdefault(fact.name, []).append(fact)
    out = []
    for name, group in grouped.items():
        known = [f for f in group if f.held is not None]
        held = all(f.held for f in known) if known else None
        failing = [f.evidence for f in known if not f.held]
        evidence = (f"{sum(bool(f.held) for f in known)} of {len(known)} pages"
                    + (f"; e.g. {failing[0]}" if failing else ""))  # fmt: skip
        out.append(Fact(name, held, evidence if len(group) > 1 else group[0].evidence))
    return out
