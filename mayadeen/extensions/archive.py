"""`WebArchive`: every article response (and, by setting, listings and sitemaps) with its request
into WARC files under MAYADEEN_WARC_DIR, the files of each run recorded in the database.

It listens to `response_received`, which Scrapy sends for every response the downloader
middlewares let through: plain downloads and the browser path (scrapy-playwright, whose body is
the rendered page) alike, after retries (a page that was retried is archived as finally received).
A page is recognised by the spider callback it goes to (PAGE_CALLBACKS). A payload archived
before, in this run or an earlier one (same payload digest, looked up in the archive index), is
written as a revisit record. MAYADEEN_WARC_ENABLED=False turns the archive off.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from mayadeen.archive.index import ARTICLE, LISTING, PAGE_KINDS, SITEMAP, ArchiveIndex
from mayadeen.archive.writer import (
    Original,
    WarcFileWriter,
    WrittenRecord,
    payload_digest,
    warcinfo_fields,
)
from mayadeen.pipelines.database import DatabasePipeline, database_url

logger = logging.getLogger(__name__)

# The articles spider's callbacks, by the kind of page each reads.
PAGE_CALLBACKS = {
    "parse_article": ARTICLE,
    "parse_home": LISTING,
    "parse_listing": LISTING,
    "parse_sitemap_index": SITEMAP,
    "parse_sitemap_month": SITEMAP,
}
STATS = "mayadeen/warc/"


class WebArchive:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.kinds = set(settings.getlist("MAYADEEN_WARC_PAGES"))
        unknown = self.kinds - set(PAGE_KINDS)
        if unknown:
            raise ValueError(f"MAYADEEN_WARC_PAGES: unknown page kinds {sorted(unknown)}; "
                             f"expected some of {list(PAGE_KINDS)}")  # fmt: skip
        self.writer = WarcFileWriter(
            Path(settings.get("MAYADEEN_WARC_DIR")),
            prefix=settings.get("BOT_NAME") or "mayadeen",
            max_bytes=settings.getint("MAYADEEN_WARC_MAX_BYTES"),
            compression_level=settings.getint("MAYADEEN_WARC_COMPRESSION_LEVEL"),
            info=warcinfo_fields(settings.getbool("ROBOTSTXT_OBEY")),
        )
        self.database_url = database_url(settings.get("MAYADEEN_DATABASE_URL"))
        self.index_batch = max(1, settings.getint("MAYADEEN_WARC_INDEX_BATCH"))
        self.index: ArchiveIndex | None = None
        self.run_id: int | None = None
        self.file_id: int | None = None
        # Records written but not yet in the index, and their digests (looked up before the
        # index: a payload archived a moment ago is a revisit too).
        self.pending: list[tuple[int, WrittenRecord]] = []
        self.pending_digests: dict[str, Original] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WebArchive:
        settings = crawler.settings
        if not settings.getbool("MAYADEEN_WARC_ENABLED") or not settings.get("MAYADEEN_WARC_DIR"):
            raise NotConfigured("web archive off (MAYADEEN_WARC_ENABLED / MAYADEEN_WARC_DIR)")
        archive = cls(crawler)
        crawler.signals.connect(archive.spider_opened, signals.spider_opened)
        crawler.signals.connect(archive.response_received, signals.response_received)
        crawler.signals.connect(archive.spider_closed, signals.spider_closed)
        return archive

    def spider_opened(self, spider: Spider) -> None:
        # The database pipeline opened before this signal: its run is the one files belong to.
        pipeline = self.crawler.get_item_pipeline(DatabasePipeline)
        self.run_id = pipeline.run_id if pipeline is not None else None
        self.index = ArchiveIndex.from_url(self.database_url)
        for recovered in self.index.recover():
            self.stats.inc_value(STATS + "recovered_records", recovered.records)

    def page_kind(self, request: Request) -> str | None:
        return PAGE_CALLBACKS.get(getattr(request.callback, "__name__", ""))

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        kind = self.page_kind(request)
        if kind is None or kind not in self.kinds:
            return
        digest = payload_digest(response.body)
        original = self.pending_digests.get(digest)
        if original is None and self.index is not None:
            original = self.index.original(digest)
        written = self.writer.write(request, response, kind, original, digest, self._opened)
        assert self.file_id is not None
        self.pending.append((self.file_id, written))
        if original is None:
            self.pending_digests[digest] = Original(written.target_uri, written.warc_date)
        self.stats.inc_value(STATS + written.record_type)
        self.stats.inc_value(STATS + "bytes", written.length)
        if len(self.pending) >= self.index_batch:
            self.flush_index()

    def _opened(self, path: Path) -> None:
        """A new file: the last one is complete, and the new one is recorded before any
        record goes in (so that a crash leaves no file the database does not know)."""
        self.finish_file()
        self.stats.inc_value(STATS + "files")
        if self.index is not None:
            self.file_id = self.index.open_file(self.run_id, str(path.resolve()))
        else:
            self.file_id = 0
        logger.info("Archiving to %s", path)

    def flush_index(self) -> None:
        if self.index is not None and self.pending:
            self.index.add(self.pending)
        self.pending.clear()
        self.pending_digests.clear()

    def finish_file(self) -> None:
        """The file last written is closed: index its last records, record its size."""
        self.flush_index()
        if self.file_id and self.index is not None and self.writer.closed is not None:
            self.index.close_file(self.file_id, *self.writer.closed)
        self.file_id = None

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.writer.close()
        try:
            self.finish_file()
        finally:
            if self.index is not None:
                self.index.close()
