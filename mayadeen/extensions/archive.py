"""`WebArchive`: every article response (and, by setting, listings and sitemaps) with its request
into WARC files under MAYADEEN_WARC_DIR, the files of each run recorded in the database.

It listens to `response_received`, which Scrapy sends for every response the downloader
middlewares let through: plain downloads and the browser path (scrapy-playwright, whose body is
the rendered page) alike, after retries (a page that was retried is archived as finally received).
A page is recognised by the spider callback it goes to (PAGE_CALLBACKS). A payload archived
before, in this run or an earlier one (same payload digest, looked up in the archive index), is
written as a revisit record. MAYADEEN_WARC_ENABLED=False turns the archive off.

Records are written and flushed in the reactor thread, each before its page reaches the spider
(an item never exists without its page archived). The index rows go to the database from one
worker thread, in order: on SQLite the database pipeline may hold the write lock across reactor
turns (an open batch), and a write from the reactor thread would wait for it while keeping it
from being released. A file whose rows could not all be written stays open in `warc_files`; the
next run indexes it from the file itself (ArchiveIndex.recover), as after a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy.exc import SQLAlchemyError

from mayadeen.archive.index import (
    ARTICLE,
    LISTING,
    PAGE_KINDS,
    SITEMAP,
    ArchiveIndex,
    collection_of,
)
from mayadeen.archive.writer import (
    Original,
    WarcFileWriter,
    WrittenRecord,
    payload_digest,
    warcinfo_fields,
)
from mayadeen.pipelines.database import DatabasePipeline, database_url
from mayadeen.storage.store import StoreUnavailable

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
_NEVER_INDEXED: Future[None] = Future()  # never done: such digests are kept for the run


class WebArchive:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        url = database_url(settings.get("MAYADEEN_DATABASE_URL"))
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
            info=warcinfo_fields(settings.getbool("ROBOTSTXT_OBEY"), collection_of(url)),
        )
        self.database_url = url
        self.index_batch = max(1, settings.getint("MAYADEEN_WARC_INDEX_BATCH"))
        self.index: ArchiveIndex | None = None
        # Whether the index held responses before this run (then every digest is looked up).
        self.earlier_runs = True
        # hash() of each payload digest this run archived in full: on a first crawl, only a
        # digest among them can be in the index (a matching hash is confirmed by the index), so
        # the other responses, nearly all, need no database read.
        self.archived_hashes: set[int] = set()
        self.run_id: int | None = None
        # The current file's row id, as the index thread will know it.
        self.file_id: Future[int | None] | None = None
        # Records not yet handed to the index thread, and the digests of every response record
        # whose index row may not be committed yet (a payload archived a moment ago is a revisit
        # too): dropped once their batch is in.
        self.pending: list[WrittenRecord] = []
        self.unindexed: list[tuple[Future[None], dict[str, Original]]] = []
        self.batch_digests: dict[str, Original] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-index")
        self.index_failures: set[int] = set()  # files some of whose rows were not written

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
        self.open_index(pipeline.run_id if pipeline is not None else None)

    def open_index(self, run_id: int | None) -> None:
        """The archive index for the files of run ``run_id``; first the files of killed runs
        are indexed and closed."""
        self.run_id = run_id
        try:
            self.index = ArchiveIndex.from_url(self.database_url)
            for recovered in self.index.recover(self.writer.directory):
                self.stats.inc_value(STATS + "recovered_records", recovered.records)
            # Nothing archived before this run: its own digests are all there is to look up.
            self.earlier_runs = self.index.has_responses()
        except (SQLAlchemyError, StoreUnavailable, OSError):
            # The pages are still archived; a later run records and indexes the files.
            self.stats.inc_value(STATS + "index_errors")
            logger.exception("The archive index is unavailable: archiving without it")
            self.index = None

    def page_kind(self, request: Request) -> str | None:
        return PAGE_CALLBACKS.get(getattr(request.callback, "__name__", ""))

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        kind = self.page_kind(request)
        if kind is None or kind not in self.kinds:
            return
        digest = payload_digest(response.body)
        original = self.recent_original(digest)
        if original is None and self.index is not None and self.may_be_indexed(digest):
            self.stats.inc_value(STATS + "index_lookups")
            try:
                original = self.index.original(digest)  # a read: never waits for the write lock
            except SQLAlchemyError:  # archived in full rather than not at all
                self.stats.inc_value(STATS + "index_errors")
                logger.warning("Archive index lookup failed for %s", response.url, exc_info=True)
        try:
            written = self.writer.write(request, response, kind, original, digest, self._opened)
        except OSError:  # a full disk: the crawl goes on, the page is not archived (counted)
            self.stats.inc_value(STATS + "write_errors")
            logger.exception("Could not archive %s", response.url)
            return
        self.pending.append(written)
        if original is None:
            self.batch_digests[digest] = Original(written.target_uri, written.warc_date)
            self.archived_hashes.add(hash(digest))
        self.stats.inc_value(STATS + written.record_type)
        self.stats.inc_value(STATS + "bytes", written.length)
        if len(self.pending) >= self.index_batch:
            self.flush_index()

    def may_be_indexed(self, digest: str) -> bool:
        """Whether the index may hold this digest (then it is read there)."""
        return self.earlier_runs or hash(digest) in self.archived_hashes

    def recent_original(self, digest: str) -> Original | None:
        """A response with this digest archived by this run and maybe not in the index yet."""
        self.unindexed = [(done, found) for done, found in self.unindexed if not done.done()]
        if digest in self.batch_digests:
            return self.batch_digests[digest]
        for _, found in self.unindexed:
            if digest in found:
                return found[digest]
        return None

    def _submit(self, work: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.worker.submit(work, *args)

    def _opened(self, path: Path) -> None:
        """A new file (the previous one is complete): recorded in the index before its
        records (the index thread keeps the order)."""
        self.finish_file()
        self.stats.inc_value(STATS + "files")
        index = self.index
        if index is not None:
            run_id, name = self.run_id, str(path.resolve())

            def record() -> int | None:
                try:
                    return index.open_file(run_id, name)
                except Exception:  # the next run adopts the file from the directory
                    self.stats.inc_value(STATS + "index_errors")
                    logger.exception("Could not record WARC file %s in the database", name)
                    return None

            self.file_id = self._submit(record)
        logger.info("Archiving to %s", path)

    def flush_index(self) -> None:
        if self.index is None or self.file_id is None:
            # No index: this run's own digests still make revisits (kept for the run).
            self.unindexed.append((_NEVER_INDEXED, self.batch_digests))
            self.pending, self.batch_digests = [], {}
            return
        if not self.pending:
            return
        rows, file_id, index = list(self.pending), self.file_id, self.index

        def add() -> None:
            known = file_id.result()
            if known is None:
                return
            try:
                index.add((known, record) for record in rows)
            except Exception:
                self._failed(known, f"{len(rows)} index rows")

        self.unindexed.append((self._submit(add), self.batch_digests))
        self.pending = []
        self.batch_digests = {}

    def _failed(self, file_id: int, what: str) -> None:
        self.index_failures.add(file_id)
        self.stats.inc_value(STATS + "index_errors")
        logger.exception("Could not write %s of WARC file %s to the database; the next run "
                         "indexes the file from disk", what, file_id)  # fmt: skip

    def finish_file(self) -> None:
        """The file last written is closed: index its last records, record its size (unless
        some of its rows could not be written: then it stays open for the next run)."""
        self.flush_index()
        if self.index is not None and self.file_id is not None and self.writer.closed:
            file_id, index, (size, records) = self.file_id, self.index, self.writer.closed

            def close() -> None:
                known = file_id.result()
                if known is None or known in self.index_failures:
                    return
                try:
                    index.close_file(known, size, records)
                except Exception:
                    self._failed(known, "the size")

            self._submit(close)
        self.file_id = None

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.writer.close()
        try:
            self.finish_file()
        finally:
            self.worker.shutdown(wait=True)  # the pipeline has committed: nothing holds the lock
            if self.index is not None:
                self.index.close()
