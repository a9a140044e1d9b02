"""The `articles` spider: every article of the site (or of the replica), once, fully extracted.

Discovery: home navigation -> section and region listings (+ pagination) -> articles; each
article's tag links -> tag pages (+ pagination) -> articles; and the sitemaps as a second path,
found through robots.txt (spiders/sitemaps.py: all files, or those of [since, until]). Links of a
shape the profile does not know are explored under a budget until their kind is learned
(spiders/exploration.py, spiders/shapes.py). Extraction lives in mayadeen.extraction.
Incremental by default: what the database already holds is skipped (spiders/incremental.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.sitemap import sitemap_urls_from_robots

from mayadeen import site
from mayadeen.browser import load_more_request
from mayadeen.extensions.batchedstats import BatchedStats
from mayadeen.extraction import ArticlePage, ListingPage, ticker_items
from mayadeen.extraction.article import BODY_FALLBACK_RATIO
from mayadeen.extraction.dom import html_selector
from mayadeen.extraction.kind import LISTING_MIN_CARDS, article_evidence, card_count, page_kind
from mayadeen.items import BREAKING_FIELDS, BreakingItem
from mayadeen.loaders import BreakingLoader, canonical_url
from mayadeen.pipelines.database import DatabasePipeline, database_url
from mayadeen.spiders.arguments import CrawlOptions, parse_arguments
from mayadeen.spiders.exploration import PROBE, Explorer, Step
from mayadeen.spiders.guard import drop
from mayadeen.spiders.incremental import IncrementalPolicy
from mayadeen.spiders.provenance import count_layers
from mayadeen.spiders.shapes import ARTICLE, LISTING, OTHER, ShapeBook, url_shape
from mayadeen.spiders.short_body import ShortBodyCheck
from mayadeen.spiders.sitemaps import (
    FALLBACK_PATHS,
    entry_outside_window,
    file_period,
    lists_no_articles,
    needed_for_window,
    news_publication_dates,
    sitemap_body,
    sitemap_entries,
)
from mayadeen.storage.memory import read_memory
from mayadeen.storage.schema import SCOPE_PARTIAL, SCOPE_SITE

# Request meta: a sitemap listed by another one (not a root of the sitemap search); the depth of
# an exploration probe.
SITEMAP_CHILD_META = "mayadeen_sitemap_child"
EXPLORE_META = "mayadeen_explore_depth"
SHAPES_STATS = "mayadeen/shapes/"
_IGNORED_SUFFIXES = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)


def _meta(response: Response) -> dict[str, Any]:
    """The response's request meta ({} for a response built without a request)."""
    return response.request.meta if response.request is not None else {}


class ArticlesSpider(scrapy.Spider):
    """Arguments: sections=politics,opinion,...  since=YYYY-MM-DD  until=YYYY-MM-DD
    max_articles=N  follow_tags=true|false  sitemaps=true|false  full=true|false.
    Target: the MAYADEEN_BASE_URL setting (default the live site)."""

    name = "articles"

    def __init__(self, *args: Any, **kwargs: Any):
        # Our arguments are parsed, not set as attributes (Spider.__init__ would do that).
        name = kwargs.pop("name", None)
        self.options: CrawlOptions = parse_arguments(kwargs)
        super().__init__(name, *args)
        # Scrapyd's job id (-a _job=...): names the run in the database and its feeds.
        self.job: str | None = kwargs.get("_job")
        for warning in self.options.warnings:
            self.logger.warning(warning)
        self.base_url = site.BASE_URL
        self.articles_emitted = 0
        self.post_ids: set[str] = set()
        self.ticker_seen: set[str] = set()
        self.sitemaps_missing = False
        self.incremental = IncrementalPolicy.full()
        # The sitemap search: groups of root sitemaps still to try, and the group being tried.
        self.sitemap_groups: list[list[str]] = []
        self.sitemap_roots_pending = 0
        self.sitemap_roots_found = False
        self.explorer: Explorer | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArticlesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = crawler.settings.get("MAYADEEN_BASE_URL").rstrip("/")
        parts = urlsplit(spider.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"MAYADEEN_BASE_URL: expected http(s)://host[:port], got {parts!r}")
        # The built-in offsite filter keys on the host name; middlewares.SameSiteGuard adds the
        # port (several replicas on 127.0.0.1 are different sites).
        spider.allowed_domains = [parts.hostname]
        spider.incremental = spider.memory_policy(crawler.settings)
        spider.short_body = ShortBodyCheck.from_crawler(crawler)
        spider.explorer = Explorer.from_crawler(crawler)
        spider.layer_counts = BatchedStats(crawler)  # the run's layer table (provenance.py)
        crawler.signals.connect(spider.explore_stalled, signal=signals.spider_idle)
        return spider

    def explore_stalled(self) -> None:
        """At idle, links still waiting for their shape's probes get new probes (see
        Explorer.stalled) instead of being lost."""
        requests = list(self.step_requests(self.explorer.stalled()))
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    @property
    def shapes(self) -> ShapeBook:
        return self.explorer.book

    def article_page(self, response: Response) -> ArticlePage | None:
        """The page object of a page read as an article (None for a binary body). The body is
        found by structure where the configured container holds far fewer words than declared,
        before the short-body check judges the page (same share)."""
        if not isinstance(response, TextResponse):
            return None
        return ArticlePage(response, body_ratio=self.short_body.ratio or BODY_FALLBACK_RATIO)

    def memory_policy(self, settings: Any) -> IncrementalPolicy:
        """The incremental policy over the database the crawl stores into (none stored: full).
        Read as the spider is made, before any pipeline opens (crawler.get_item_pipeline() is
        not there yet): overlapping runs each see the database as it was when they began."""
        if self.options.full or not DatabasePipeline.enabled(settings):
            return IncrementalPolicy.full()
        memory = read_memory(database_url(settings.get("MAYADEEN_DATABASE_URL")))
        days = settings.getfloat("MAYADEEN_REVISIT_DAYS")
        if len(memory):
            self.logger.info(
                "Incremental crawl: %d articles stored (%s), revisit window %g days",
                len(memory),
                "months as the last whole-site run left them" if memory.complete
                else "no finished whole-site run: every sitemap month is read", days,
            )  # fmt: skip
        return IncrementalPolicy(memory, days)

    def skipped(self, what: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"mayadeen/incremental/{what}", count)

    @property
    def crawl_scope(self) -> str:
        """Recorded with the run: only whole-site runs vouch for the stored months."""
        return SCOPE_SITE if self.options.whole_site else SCOPE_PARTIAL

    def url_for(self, path: str) -> str:
        return self.base_url + path

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # Entry pages change between runs and must be read again when a JOBDIR job resumes
        # (the dupefilter remembers them): dont_filter on the home, sitemaps and listing page 1s.
        yield scrapy.Request(self.url_for("/"), callback=self.parse_home, dont_filter=True)
        if self.options.sitemaps:
            yield scrapy.Request(
                self.url_for("/robots.txt"),
                callback=self.parse_robots,
                errback=self.robots_failed,
                dont_filter=True,
            )

    @property
    def walks_listings(self) -> bool:
        """Listings and tag pages are walked on a full crawl; a date-window backfill reads the
        window's monthly sitemaps only, unless the sitemaps are unavailable."""
        return not (self.options.has_window and self.options.sitemaps) or self.sitemaps_missing

    # --- finding the sitemaps: robots.txt, the profile's index, the usual places ---------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        named = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        host = urlsplit(self.base_url).netloc
        roots = [u for u in named if urlsplit(u).netloc == host]
        if len(roots) < len(named):
            self.logger.info("robots.txt names sitemaps on other hosts, not read: %s",
                             [u for u in named if u not in roots])  # fmt: skip
        yield from self.search_sitemaps(roots)

    def robots_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        self.logger.info("robots.txt unavailable (%s): sitemaps looked for elsewhere",
                         failure.value)  # fmt: skip
        yield from self.search_sitemaps([])

    def search_sitemaps(self, robots: list[str]) -> Iterator[scrapy.Request]:
        """Try robots.txt's sitemaps, then the profile's index, then the usual places, in that
        order, until one of them gives entries."""
        groups, seen = [], set()
        for group in (robots, [site.SITEMAP_INDEX_PATH], *([p] for p in FALLBACK_PATHS)):
            urls = [u for u in (canonical_url(x, self.base_url + "/") for x in group) if u]
            urls = [u for u in urls if u not in seen]
            seen.update(urls)
            if urls:
                groups.append(urls)
        self.sitemap_groups = groups
        yield from self.next_sitemap_group()

    def next_sitemap_group(self) -> Iterator[scrapy.Request]:
        if not self.sitemap_groups:
            self.logger.warning(
                "no sitemap found (robots.txt, %s, %s)",
                site.SITEMAP_INDEX_PATH, ", ".join(FALLBACK_PATHS),
            )  # fmt: skip
            yield from self.fall_back_to_listings()
            return
        group = self.sitemap_groups.pop(0)
        self.sitemap_roots_pending, self.sitemap_roots_found = len(group), False
        for url in group:
            yield scrapy.Request(
                url,
                callback=self.parse_sitemap_index,
                errback=self.sitemaps_failed,
                dont_filter=True,
            )

    def sitemap_root_done(self, found: bool) -> Iterator[scrapy.Request]:
        self.sitemap_roots_pending -= 1
        self.sitemap_roots_found |= found
        if self.sitemap_roots_pending <= 0 and not self.sitemap_roots_found:
            yield from self.next_sitemap_group()

    def sitemaps_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get(SITEMAP_CHILD_META):
            self.logger.warning("sitemap %s unavailable (%s)", request.url, failure.value)
            return
        self.logger.info("sitemap unavailable (%s)", failure.value)
        yield from self.sitemap_root_done(found=False)

    def fall_back_to_listings(self) -> Iterator[scrapy.Request]:
        if self.sitemaps_missing or not self.options.has_window:
            return
        self.logger.warning("date window: walking the listings instead of the sitemaps")
        self.sitemaps_missing = True
        yield scrapy.Request(self.url_for("/"), callback=self.parse_home, dont_filter=True)

    # --- shared -------------------------------------------------------------------------------
    def breaking_items(self, response: Response) -> Iterator[scrapy.Item]:
        """Each ticker line once per crawl, on the first page it is seen on: the one place ticker
        lines are deduplicated within a run (the database keeps one row per text across runs)."""
        for line in ticker_items(html_selector(response), response.url):
            if line.text in self.ticker_seen:
                continue
            self.ticker_seen.add(line.text)
            loader = BreakingLoader(base_url=response.url)
            loader.add_value("text", line.text)
            loader.add_value("url", line.url)
            loader.add_value("first_seen_at", datetime.now(UTC).isoformat())
            loader.add_value("seen_on", response.url)
            loaded = loader.load_item()
            yield BreakingItem({field: loaded.get(field) for field in BREAKING_FIELDS})

    def article_request(self, url: str) -> scrapy.Request | None:
        if not self.options.wants_article_path(urlsplit(url).path):
            return None
        return scrapy.Request(url, callback=self.parse_article)

    def listing_request(self, url: str, entry: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, dont_filter=entry)

    def wanted_from_listing(self, urls: list[str]) -> list[str]:
        wanted = [url for url in urls if self.incremental.wants_article(url)]
        if len(wanted) < len(urls):
            self.skipped("articles_skipped", len(urls) - len(wanted))
        return wanted

    def wanted_listing(self, url: str) -> bool:
        selection = self.options.selection
        return selection is None or urlsplit(url).path.rstrip("/") in selection.listing_paths

    # --- links of a shape the profile does not know ---------------------------------------------
    @property
    def explores(self) -> bool:
        """Pages' links of unknown shape are explored on a crawl of every section that walks
        listings (a date-window backfill explores only what its sitemaps list)."""
        return self.walks_listings and self.options.selection is None

    def count_page(self, url: str, kind: str) -> None:
        """A page of this kind was fetched: counted under its URL shape (the run report)."""
        self.shapes.count(url, kind)
        self.crawler.stats.inc_value(f"{SHAPES_STATS}{kind}{url_shape(url)}")

    def unknown_shape(self, url: str) -> bool:
        path = urlsplit(url).path
        return self.shapes.profile_kind(url) is None and not path.lower().endswith(
            _IGNORED_SUFFIXES
        )

    def explore_links(self, urls: list[str], depth: int) -> Iterator[scrapy.Request]:
        """Links of shapes the profile does not know: requested as what their learned shape
        is, explored, or parked until their shape's probes answer. An address the database holds
        is an article already (the incremental rules decide)."""
        for url in urls:
            if not self.unknown_shape(url):
                continue
            if self.incremental.is_stored(url):
                if self.incremental.wants_article(url):
                    if (request := self.article_request(url)) is not None:
                        yield request
                else:
                    self.skipped("articles_skipped")
                continue
            yield from self.step_requests([self.explorer.route(url, depth)])

    def step_requests(self, steps: list[Step]) -> Iterator[scrapy.Request]:
        for step in steps:
            if step.action == ARTICLE:
                if (request := self.article_request(step.url)) is not None:
                    yield request
            elif step.action == LISTING:
                if self.walks_listings:
                    yield self.listing_request(step.url)
            elif step.action == PROBE:
                yield scrapy.Request(
                    step.url,
                    callback=self.parse_page,
                    errback=self.probe_failed,
                    meta={EXPLORE_META: step.depth},
                )

    def probe_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        self.logger.info("exploring %s failed (%s)", failure.request.url, failure.value)
        self.count_page(failure.request.url, OTHER)  # leads to no page: reported with the others
        yield from self.step_requests(self.explorer.failed(failure.request.url))

    def article_cards(self, page: ListingPage) -> list[str]:
        """The listing's own article links: by the profile's patterns, and by learned shapes."""
        cards = page.card_urls()
        known = set(cards)
        cards += [
            u
            for u in page.content_urls()
            if u not in known and self.shapes.profile_kind(u) is None
            and self.shapes.known_kind(u) == ARTICLE
        ]  # fmt: skip
        return cards

    # --- callbacks ----------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[Any]:
        """The home page: its ticker, the listings of its navigation, its latest articles.

        @site_url /
        @returns requests 5
        """
        yield from self.breaking_items(response)
        if not self.walks_listings:
            return
        page = ListingPage(response)
        listings = [u for u in page.listing_urls() if self.wanted_listing(u)]
        if self.options.selection is not None:
            # Sections asked for but absent from the menu are still walked.
            known = {urlsplit(u).path.rstrip("/") for u in listings}
            listings += [
                self.url_for(p) for p in self.options.selection.listing_paths if p not in known
            ]
        for url in listings:
            yield self.listing_request(url, entry=True)
        if self.options.selection is None:
            # The home page's own articles are of every section: only for a full crawl.
            for url in self.wanted_from_listing(page.article_urls()):
                yield scrapy.Request(url, callback=self.parse_article)
        if self.explores:
            yield from self.explore_links(page.links(), depth=1)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A section, region, tag or author listing page: its articles and its next page.

        @site_url /news/politics
        @returns requests 2
        """
        yield from self.listing_output(response, ListingPage(response))

    def listing_output(self, response: Response, page: ListingPage) -> Iterator[Any]:
        """A listing's ticker, articles, links of unknown shape and next page."""
        self.count_page(response.url, LISTING)
        yield from self.breaking_items(response)
        for url in self.wanted_from_listing(page.article_urls()):
            if (request := self.article_request(url)) is not None:
                yield request
        if self.explores:
            yield from self.explore_links(page.links(), depth=1)
        next_url = page.next_page_url()
        if next_url is None:
            # No next link but "Load more" (only an HTML page has one): the whole listing, in a
            # browser.
            if isinstance(response, HtmlResponse) and (
                rendered := load_more_request(response, self.parse_listing, self.settings)
            ):
                yield rendered
            return
        # The listing's own cards decide; links repeated from the previous page are furniture.
        previous = set(response.meta.get("listing_cards", ()))
        cards = [url for url in self.article_cards(page) if url not in previous]
        if self.incremental.follows_listing(cards):
            request = self.listing_request(next_url)
            request.meta["listing_cards"] = cards
            yield request
        else:
            self.skipped("listings_stopped")

    def parse_page(self, response: Response) -> Iterator[Any]:
        """A page of a URL shape the crawl does not know yet: what it is decides what it gives
        (an article's item, a listing's links and pages, another page's links) and teaches the
        shape's kind."""
        depth = _meta(response).get(EXPLORE_META, 1)
        asked = (_meta(response).get("redirect_urls") or [response.url])[0]
        if not isinstance(response, TextResponse):
            yield from self.step_requests(self.explorer.answered(asked, OTHER))
            return
        page, listing = self.article_page(response), ListingPage(response)
        found = page_kind(page, listing, self.shapes.is_article_link)
        self.crawler.stats.inc_value(f"mayadeen/explore/pages/{found.kind}")
        yield from self.step_requests(self.explorer.answered(asked, found.kind))
        if found.is_article:
            yield from self.article_output(response, page)
        elif found.kind == LISTING and self.walks_listings:
            yield from self.listing_output(response, listing)
        else:
            self.count_page(response.url, found.kind)
            if self.explores:
                yield from self.explore_links(listing.links(), depth + 1)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """One article page: the item, and its tag pages.

        @site_url /news/politics/kazakhstan---critical-red--level-of-terrorist-threat--order
        @returns items 1 1
        @scrapes url post_id title summary authors source published_at updated_at section
        @scrapes content_type region coverage tags image_url image_caption body word_count
        @scrapes read_time_minutes shares related_urls video_url images language scraped_at
        @scrapes content_hash
        """
        page = self.article_page(response)
        if page is not None and article_evidence(page)[0] is False:
            # Its own layers say it is no article (a listing or another page at an article-like
            # address): never an item; a listing's links are still walked.
            listing = ListingPage(response)
            cards = card_count(listing, self.shapes.is_article_link)
            if cards >= LISTING_MIN_CARDS and self.walks_listings:
                yield from self.listing_output(response, listing)
                return
            drop(self, response, "not_article")
            self.crawler.stats.inc_value("mayadeen/not_article_pages")
            return
        yield from self.article_output(response, page)

    def article_output(self, response: Response, page: ArticlePage | None) -> Iterator[Any]:
        """An article page's item (once per post id, in the window, within max_articles) and
        its tag pages."""
        item = page.to_item() if page is not None else None
        if item is None or not item["title"] or not item["published_at"]:
            # A binary body (no TextResponse), or no title or date: not an article page.
            reason = "not_html" if item is None else "no_title" if not item["title"] else "no_date"
            drop(self, response, reason)
            self.crawler.stats.inc_value("mayadeen/not_article_pages")  # a run monitor's input
            return
        self.count_page(response.url, ARTICLE)
        follow = self.options.follow_tags and self.walks_listings
        if follow and self.incremental.follows_tags(item["url"]):
            listing = ListingPage(response)
            for url in listing.tag_urls():
                yield self.listing_request(url)
            if self.explores:
                yield from self.explore_links(listing.content_urls(), depth=1)
        if self.short_body.is_short(page.metadata, item["word_count"]):
            yield from self.short_body.retry(response, self, item["word_count"])  # never stored
            return
        # Each article once per run, whatever URL variant or path led to it: checked here, before
        # max_articles counts it. Across the processes of a distributed crawl and across a resumed
        # JOBDIR job, the database keeps one row and exports an article once (upserts).
        key = item["post_id"] or item["url"]
        if key in self.post_ids:
            drop(self, response, "duplicate", f"post {key} already emitted", logging.INFO)
            return
        if not self.options.in_window(date.fromisoformat(item["published_at"][:10])):
            drop(self, response, "out_of_window", level=logging.INFO)
            return
        limit = self.options.max_articles
        if limit is not None and self.articles_emitted >= limit:
            return
        self.post_ids.add(key)
        self.articles_emitted += 1
        count_layers(self.layer_counts, page.layers())
        yield item
        if limit is not None and self.articles_emitted >= limit:
            raise CloseSpider(f"max_articles={limit} reached")

    # --- sitemaps -------------------------------------------------------------------------------
    def parse_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap found through robots.txt, the profile or the usual places: an index (its
        files of the wanted months, whatever their names) or a list of pages.

        @site_url /sitemaps/all.xml
        @returns requests 1
        """
        body = sitemap_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
        kind, entries = sitemap_entries(body)
        if not _meta(response).get(SITEMAP_CHILD_META):
            yield from self.sitemap_root_done(found=bool(entries))
        if not entries:
            self.logger.warning("no sitemap entries in %s", response.url)
            return
        self.crawler.stats.inc_value("mayadeen/sitemaps/read")
        if kind == "sitemapindex":
            yield from self.sitemap_files(response.url, entries)
        else:
            yield from self.sitemap_pages(response.url, entries, news_publication_dates(body))

    def parse_sitemap_month(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap listed by an index: a month's (or a post type's, or the news) article URLs
        (January 2022 holds the seed article), or an index of its own.

        @site_url /sitemaps/all/sitemap-2022-1.xml
        @returns requests 1
        """
        yield from self.parse_sitemap_index(response)

    def sitemap_files(self, index_url: str, entries: list[dict[str, Any]]) -> Iterator[Any]:
        """The files of a sitemap index that can hold wanted articles."""
        host, since, until = urlsplit(self.base_url).netloc, self.options.since, self.options.until
        unnamed = []
        for entry in entries:
            url = canonical_url(entry.get("loc"), index_url)
            if url is None or urlsplit(url).netloc != host:
                continue
            if lists_no_articles(url):
                self.crawler.stats.inc_value("mayadeen/sitemaps/no_articles_skipped")
                continue
            lastmod = entry.get("lastmod")
            if self.options.has_window:
                needed = needed_for_window(url, lastmod, since, until)
                if needed is False:
                    self.crawler.stats.inc_value("mayadeen/sitemaps/outside_window")
                    continue
                if needed is None:
                    unnamed.append(url)
            period = file_period(url)
            month = (period.year, period.month) if period and period.month else None
            if not self.incremental.wants_sitemap_file(month, lastmod):
                self.skipped("sitemaps_skipped")
                continue
            yield scrapy.Request(
                url,
                callback=self.parse_sitemap_month,
                errback=self.sitemaps_failed,
                dont_filter=True,
                meta={SITEMAP_CHILD_META: True},
            )
        if unnamed:
            self.crawler.stats.inc_value("mayadeen/sitemaps/window_unknown", len(unnamed))
            self.logger.warning(
                "%s: %d sitemap files carry no month in their names (e.g. %s) and their lastmod "
                "does not rule them out: all of them are read for the date window",
                index_url, len(unnamed), unnamed[0],
            )  # fmt: skip

    def sitemap_pages(
        self, sitemap_url: str, entries: list[dict[str, Any]], published: dict[str, str]
    ) -> Iterator[Any]:
        """A sitemap's pages: articles (by the profile's or a learned shape), pages of unknown
        shape explored, the rest (listings, tags...) skipped; in a date window, those its dates
        (``published``: a news sitemap's, by loc) put outside it are skipped too."""
        host = urlsplit(self.base_url).netloc
        since, until = self.options.since, self.options.until
        for entry in entries:
            url = canonical_url(entry.get("loc"), sitemap_url)
            if url is None or urlsplit(url).netloc != host:
                continue
            if self.options.has_window and entry_outside_window(
                entry.get("lastmod"), published.get(entry.get("loc", "")), since, until
            ):
                self.crawler.stats.inc_value("mayadeen/sitemaps/pages_outside_window")
                continue
            kind = self.shapes.known_kind(url)
            if kind not in (ARTICLE, None) or (kind is None and not self.unknown_shape(url)):
                self.crawler.stats.inc_value("mayadeen/sitemaps/not_article_urls")
                continue
            if not self.incremental.wants_sitemap_article(url, entry.get("lastmod")):
                self.skipped("articles_skipped")
                continue
            if kind == ARTICLE or self.incremental.is_stored(url):
                if (request := self.article_request(url)) is not None:
                    yield request
            else:
                yield from self.step_requests([self.explorer.route(url, 1)])

    def closed(self, reason: str) -> None:
        waiting = self.explorer.waiting() if self.explorer is not None else 0
        if waiting:
            self.crawler.stats.set_value("mayadeen/explore/unresolved", waiting)
            self.logger.warning("%d links of unknown shape never explored", waiting)
        learned = [row for row in self.shapes.report() if not row.in_profile]
        for row in learned:
            self.logger.info(
                "%s URL shape %s: %d pages (not in the profile; site.py: %s)",
                row.kind, row.shape, row.pages, row.profile_entry(),
            )  # fmt: skip
