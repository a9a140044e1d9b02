"""Run one (possibly hostile) article page through the spider's article callback, offline, and
classify what came out: a valid item, a counted drop, an invalid item, or an exception.

The contract of issue 9: every page gives an item that passes the validation pipeline's schema
and can be stored (UTF-8 encodable, no NUL), or a drop counted under `mayadeen/drop/<reason>`
(or `mayadeen/short_body`: a body far under the metadata's word count is retried, then dropped).
An exception out of the callback is a failure (in a crawl, Scrapy would log and count it as
`spider_exceptions/<Type>` and go on; tests/spider/test_callback_errors.py). The callback is
called directly: downloader middlewares (challenge and truncated-page retries)
are not in the way, so every hostile byte reaches the extraction.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scrapy.http import Headers, Request
from scrapy.responsetypes import responsetypes

from mayadeen.items import ArticleItem
from mayadeen.pipelines.validation import schema_errors
from mayadeen.spiders.articles import ArticlesSpider
from mayadeen.spiders.guard import DROP_PREFIX
from mayadeen.spiders.short_body import SEEN_STAT as SHORT_BODY_SEEN
from testground.projectsettings import project_crawler
from testground.replica.catalog import Catalog
from testground.replica.manifest import expected_item
from testground.replica.model import Article
from testground.replica.mutations import Mutated
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8765"
ITEM, DROP, ESCAPED, INVALID = "item", "drop", "escaped", "invalid"


@dataclass(frozen=True)
class ReplicaPage:
    article: Article
    base_url: str
    url: str
    html: str
    expected: dict[str, Any]


def replica_pages(count: int, seed: int = 1, base_url: str = BASE) -> list[ReplicaPage]:
    """``count`` rendered article pages of a small catalog with the manifest's expected items:
    one of each (content type, template, layers) combination first, so that a few pages cover
    the variety the extraction handles; then the rest, newest first."""
    catalog = Catalog(articles=200, seed=seed, base_url=base_url)
    renderer, furniture = Renderer(base_url), catalog.furniture()
    first, rest, seen = [], [], set()
    for article in catalog.iter_articles():
        v = article.variant
        kind = (article.content_type, v.template, v.has_metadata, v.has_meta_tags)
        (rest if kind in seen else first).append(article)
        seen.add(kind)
    pages = []
    for article in (first + rest)[:count]:
        html = renderer.article_page(article, furniture)
        expected = expected_item(article, base_url)
        pages.append(ReplicaPage(article, base_url, article.url(base_url), html, expected))
    return pages


def replica_listing_pages(seed: int = 1, base_url: str = BASE) -> list[tuple[str, str]]:
    """(url, html) of the home page and a few listing pages of a small catalog."""
    catalog = Catalog(articles=200, seed=seed, base_url=base_url)
    renderer, furniture = Renderer(base_url), catalog.furniture()
    pages = [(base_url + "/", renderer.home_page(catalog.home(), furniture))]
    for kind, key, page in (("section", "news", 1), ("section", "news", 2), ("region", "asia", 1)):
        listing = catalog.listing(kind, key, page)
        if listing is not None:
            url = base_url + listing.path + (f"?page={page}" if page > 1 else "")
            pages.append((url, renderer.listing_page(listing, furniture)))
    return pages


def run_listing(url: str, page: Mutated, base_url: str = BASE) -> Outcome:
    """One listing page through a fresh spider's ``parse_listing``: its requests and ticker
    items, or a failure (an exception)."""
    spider = article_spider(base_url)
    try:
        results = list(spider.parse_listing(response_for(url, page)))
    except Exception as error:
        return Outcome(ESCAPED, f"{type(error).__name__}: {error}"[:300])
    return Outcome(ITEM, reason=f"{len(results)} results")


def expected_without(page: ReplicaPage, **layers: bool) -> dict[str, Any]:
    """The manifest's item for the page's article rendered with these variant flags (e.g.
    ``has_metadata=False``): what extraction must give when a mutation removed that layer."""
    article = page.article
    variant = dataclasses.replace(article.variant, **layers)
    return expected_item(dataclasses.replace(article, variant=variant), page.base_url)


@dataclass
class Outcome:
    status: str
    reason: str = ""
    item: dict[str, Any] | None = None


def storage_problem(item: dict[str, Any]) -> str | None:
    """Why a schema-valid item could still not be stored (feeds are UTF-8, PostgreSQL text
    refuses NUL), or None."""
    try:
        text = json.dumps(item, ensure_ascii=False).encode("utf-8").decode("utf-8")
    except (TypeError, ValueError) as error:
        return f"not storable: {type(error).__name__}"
    if "\x00" in text or "\\u0000" in text:
        return "not storable: NUL character"
    return None


def article_spider(base_url: str = BASE, **arguments: str) -> ArticlesSpider:
    """A spider with its crawler and stats, no reactor; ``arguments`` as given by ``-a``."""
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": base_url})
    return ArticlesSpider.from_crawler(crawler, **arguments)


def response_for(url: str, page: Mutated) -> Any:
    """The response Scrapy's downloader would build for these bytes and Content-Type."""
    headers = Headers({"Content-Type": page.content_type})
    cls = responsetypes.from_args(headers=headers, url=url, body=page.body)
    return cls(url, body=page.body, headers=headers, request=Request(url))


def _counters(stats: dict[str, Any], prefix: str) -> Counter[str]:
    return Counter({k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)})


def run_page(url: str, page: Mutated, base_url: str = BASE) -> Outcome:
    """One page through a fresh spider's ``parse_article`` (fresh: no post id seen before)."""
    spider = article_spider(base_url)
    try:
        results = list(spider.parse_article(response_for(url, page)))
    except Exception as error:  # what the contract forbids: counted by the caller
        return Outcome(ESCAPED, f"{type(error).__name__}: {error}"[:300])
    stats = spider.crawler.stats.get_stats()
    found = [dict(r) for r in results if isinstance(r, ArticleItem)]
    if found:
        item = found[0]
        problems = [f"{f}: {m}"[:200] for f, m in schema_errors(item)]
        problem = storage_problem(item)
        if problems or problem:
            return Outcome(INVALID, "; ".join([*problems, problem or ""]).strip("; "), item)
        return Outcome(ITEM, item=item)
    drops = _counters(stats, DROP_PREFIX)
    if stats.get(SHORT_BODY_SEEN):  # retried, then dropped and counted if it stays short
        drops["short_body"] += 1
    if drops:
        return Outcome(DROP, ",".join(sorted(drops)))
    return Outcome(ESCAPED, "no item and no counted drop")


@dataclass
class Tally:
    """Pages tried and their outcomes, per kind (a mutation kind or a hypothesis property)."""

    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome, where: str) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == DROP:
            self.reasons[outcome.reason] += 1
        if outcome.status not in (ITEM, DROP):
            self.failures.append(f"{where}: {outcome.status} {outcome.reason}")

    @property
    def tried(self) -> int:
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return self.counts[ESCAPED] + self.counts[INVALID]
