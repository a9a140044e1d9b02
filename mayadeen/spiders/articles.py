"""The `articles` spider: every article of the site (or of the replica), once, fully extracted.

Discovery: home navigation -> section and region listings (+ pagination) -> articles; each
article's tag links -> tag pages (+ pagination) -> articles; and the monthly sitemaps as a second
path (all months, or the months of [since, until]). Extraction lives in mayadeen.extraction.
Incremental by default: what the database already holds is skipped (spiders/incremental.py).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from mayadeen import site
from mayadeen.browser import load_more_request
from mayadeen.extraction import ArticlePage, ListingPage, ticker_items
from mayadeen.extraction.article import BODY_FALLBACK_RATIO
from mayadeen.extraction.dom import html_selector
from mayadeen.extraction.listing import is_article_url
from mayadeen.items import BREAKING_FIELDS, BreakingItem
from mayadeen.loaders import BreakingLoader, canonical_url
from mayadeen.pipelines.database import DatabasePipeline, database_url
from mayadeen.spiders.arguments import CrawlOptions, parse_arguments
from mayadeen.spiders.guard import drop
from mayadeen.spiders.incremental import IncrementalPolicy
from mayadeen.spiders.provenance import count_layers
from mayadeen.spiders.short_body import ShortBodyCheck
from mayadeen.storage.memory import read_memory
from mayadeen.storage.schema import SCOPE_PARTIAL, SCOPE_SITE


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
        return spider

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
                self.url_for(site.SITEMAP_INDEX_PATH),
                callback=self.parse_sitemap_index,
                errback=self.sitemaps_failed,
                dont_filter=True,
            )

    @property
    def walks_listings(self) -> bool:
        """Listings and tag pages are walked on a full crawl; a date-window backfill reads the
        window's monthly sitemaps only, unless the sitemaps are unavailable."""
        return not (self.options.has_window and self.options.sitemaps) or self.sitemaps_missing

    def sitemaps_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        self.logger.warning("sitemap index unavailable (%s)", failure.value)
        yield from self.fall_back_to_listings()

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

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A section, region, tag or author listing page: its articles and its next page.

        @site_url /news/politics
        @returns requests 2
        """
        yield from self.breaking_items(response)
        page = ListingPage(response)
        for url in self.wanted_from_listing(page.article_urls()):
            if (request := self.article_request(url)) is not None:
                yield request
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
        cards = [url for url in page.card_urls() if url not in previous]
        if self.incremental.follows_listing(cards):
            request = self.listing_request(next_url)
            request.meta["listing_cards"] = cards
            yield request
        else:
            self.skipped("listings_stopped")

    def parse_article(self, response: Response) -> Iterator[Any]:
        """One article page: the item, and its tag pages.

        @site_url /news/politics/kazakhstan---critical-red--level-of-terrorist-threat--order
        @returns items 1 1
        @scrapes url post_id title summary authors source published_at updated_at section
        @scrapes content_type region coverage tags image_url image_caption body word_count
        @scrapes read_time_minutes shares related_urls video_url images language scraped_at
        @scrapes content_hash
        """
        # The body found by structure where the configured container holds far fewer words
        # than declared, before the short-body check judges the page (same share).
        page = (
            ArticlePage(response, body_ratio=self.short_body.ratio or BODY_FALLBACK_RATIO)
            if isinstance(response, TextResponse)
            else None
        )
        item = page.to_item() if page is not None else None
        if item is None or not item["title"] or not item["published_at"]:
            # A binary body (no TextResponse), or no title or date: not an article page.
            reason = "not_html" if item is None else "no_title" if not item["title"] else "no_date"
            drop(self, response, reason)
            self.crawler.stats.inc_value("mayadeen/not_article_pages")  # a run monitor's input
            return
        follow = self.options.follow_tags and self.walks_listings
        if follow and self.incremental.follows_tags(item["url"]):
            for url in ListingPage(response).tag_urls():
                yield self.listing_request(url)
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
        count_layers(self.crawler.stats, page)
        yield item
        if limit is not None and self.articles_emitted >= limit:
            raise CloseSpider(f"max_articles={limit} reached")

    def parse_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemap index: the monthly sitemaps of the wanted months.

        @site_url /sitemaps/all.xml
        @returns requests 1
        """
        try:
            entries = list(Sitemap(response.body))
        except Exception:  # lxml refuses some non-XML bodies outright
            entries = []
        if not entries:
            self.logger.warning("no sitemap entries in %s", response.url)
            yield from self.fall_back_to_listings()
        for entry in entries:
            url = canonical_url(entry.get("loc"), response.url)
            match = site.SITEMAP_MONTH_RE.search(urlsplit(url or "").path)
            if url is None or match is None:
                continue
            year, month = int(match["year"]), int(match["month"])
            if not self.options.month_in_window(year, month):
                continue
            if not self.incremental.wants_month(year, month, entry.get("lastmod")):
                self.skipped("sitemaps_skipped")
                continue
            yield scrapy.Request(url, callback=self.parse_sitemap_month, dont_filter=True)

    def parse_sitemap_month(self, response: Response) -> Iterator[scrapy.Request]:
        """One month's sitemap: its article URLs (January 2022 holds the seed article).

        @site_url /sitemaps/all/sitemap-2022-1.xml
        @returns requests 1
        """
        host = urlsplit(self.base_url).netloc
        try:
            entries = list(Sitemap(response.body))
        except Exception:  # a body that is no XML: Scrapy's Sitemap raises (StopIteration)
            self.logger.warning("no sitemap entries in %s", response.url)
            return
        for entry in entries:
            url = canonical_url(entry.get("loc"), response.url)
            if url is None or urlsplit(url).netloc != host or not is_article_url(url):
                continue
            if not self.incremental.wants_sitemap_article(url, entry.get("lastmod")):
                self.skipped("articles_skipped")
                continue
            if (request := self.article_request(url)) is not None:
                yield request
