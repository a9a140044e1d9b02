"""`DatabasePipeline`: articles and ticker lines into SQLite (default) or PostgreSQL.

Across runs, an article stored before with the same content hash is not exported again (only its
`last_seen_at` moves); a changed one is exported as a new version. Writes are committed in
batches; the items of the open batch are kept until their commit so that a failed write is replayed
on a fresh connection instead of being lost. A batch is committed only once its items are in the
feeds and the feed files are flushed (never an item stored but not exported); the feeds of a run
killed before its commit are replayed into the database by the next run (storage/journal.py).
If the database stays away, the crawl stops with a clear message, and every item not written
still passes on to the feeds. A failed write is retried after MAYADEEN_DB_RETRY_DELAY seconds,
doubling, waited with asyncio (the reactor's loop: the crawl goes on meanwhile), and one item at a
time: the database work holds a lock, so that no write slips between a failure and its replay.
An item the database refuses for its own values (a value longer than
its column on PostgreSQL) is not retried and does not stop the crawl: it is counted, logged and
exported unstored. Page text is stored as data: every write is a parameterized SQLAlchemy
statement; NUL characters, which PostgreSQL text cannot hold and no article contains, are removed
from the item before it is stored and exported, so the database and the feeds stay equal.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import BaseSettings
from scrapy.utils.conf import build_component_list
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, SQLAlchemyError

from mayadeen.feeds.files import FeedFiles
from mayadeen.feeds.journal import record_feeds, recover_dead_runs
from mayadeen.items import ArticleItem, BreakingItem, content_hash
from mayadeen.spiders.guard import DROP_PREFIX
from mayadeen.storage import ArticleStore, StoreConflict, StoreUnavailable
from mayadeen.storage.engine import default_batch_size, sqlite_file
from mayadeen.storage.schema import CAUSE_SITE, SCOPE_SITE

logger = logging.getLogger(__name__)
T = TypeVar("T")
# The store never commits on its own: the pipeline decides when (after the feeds are flushed).
_COMMIT_WHEN_TOLD = 2**62

# Pages of an article the spider had already emitted in the run (crawl_runs.items_duplicate).
DUPLICATE_PAGES = DROP_PREFIX + "duplicate"


class UnchangedItem(DropItem):
    """Stored before with the same content: not exported again."""


class StoreRejected(RuntimeError):
    """The database refuses this item's values: the item's fault, not the database's."""


def without_nul(value: Any) -> Any:
    """The value as it is stored: NUL characters removed from its strings, at any depth."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: without_nul(v) for k, v in value.items()}
    return value


def remove_nul(item: Any) -> int:
    """Remove NUL characters from the item's values, in place; the number of fields changed.
    The content hash follows the text it is computed from."""
    changed = 0
    for name, value in list(item.items()):
        clean = without_nul(value)
        if clean != value:
            item[name] = clean
            changed += 1
    if changed and isinstance(item, ArticleItem) and item.get("content_hash"):
        item["content_hash"] = content_hash(item["title"], item.get("summary"), item.get("body"))
    return changed


def database_url(settings_value: str | None) -> str:
    """The database URL: the environment variable, else the setting (MAYADEEN_DATABASE_URL)."""
    url = os.environ.get("MAYADEEN_DATABASE_URL") or settings_value
    if not url:
        raise ValueError("no database URL: set MAYADEEN_DATABASE_URL")
    return url


class DatabasePipeline:
    def __init__(
        self, crawler: Crawler, url: str, batch_size: int, retries: int, retry_delay: float
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.batch_size = batch_size
        self.retries = retries
        self.retry_delay = retry_delay
        self.store: ArticleStore | None = None
        self.run_id: int | None = None
        self.pending: list[Any] = []  # items written since the last commit
        self.unexported: set[int] = set()  # ids of written items not yet in the feeds
        self.feeds = FeedFiles()  # none until the crawl opens its feeds (feeds_opened)
        # The database work of one item (or commit) at a time: a retry's wait must not let
        # another write into the transaction it is about to replay.
        self.lock = asyncio.Lock()
        self.broken = False
        self.finished: tuple[str, dict[str, int]] | None = None  # as recorded by close_spider
        self.cause = CAUSE_SITE  # of the versions this run records (the spider's version_cause)

    @classmethod
    def enabled(cls, settings: BaseSettings) -> bool:
        """Whether ITEM_PIPELINES holds this pipeline (or a subclass), by class, as Scrapy's
        item pipeline manager loads them."""
        return any(
            isinstance(loaded := load_object(path), type) and issubclass(loaded, cls)
            for path in build_component_list(settings.getwithbase("ITEM_PIPELINES"))
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabasePipeline:
        settings = crawler.settings
        url = database_url(settings.get("MAYADEEN_DATABASE_URL"))
        batch_size = settings.get("MAYADEEN_DB_BATCH_SIZE")
        pipeline = cls(
            crawler,
            url=url,
            batch_size=int(batch_size) if batch_size else default_batch_size(url),
            retries=settings.getint("MAYADEEN_DB_RETRIES"),
            retry_delay=settings.getfloat("MAYADEEN_DB_RETRY_DELAY"),
        )
        # Connected after the FeedExporter (an extension, built first): its handlers run first,
        # so by ours the item is in the feed.
        crawler.signals.connect(pipeline.feeds_opened, signals.spider_opened)
        crawler.signals.connect(pipeline.item_exported, signals.item_scraped)
        crawler.signals.connect(pipeline.item_exported, signals.item_error)
        crawler.signals.connect(pipeline.spider_closed, signals.spider_closed)
        return pipeline

    # --- lifecycle ------------------------------------------------------------------------------
    def open_spider(self) -> None:
        url = make_url(self.url)
        if (database_file := sqlite_file(self.url)) is not None:
            database_file.parent.mkdir(parents=True, exist_ok=True)
        self.store = ArticleStore.from_url(self.url, batch_size=_COMMIT_WHEN_TOLD)
        spider = self.crawler.spider
        job = getattr(spider, "job", None) or self.crawler.settings.get("JOBDIR")
        scope = getattr(spider, "crawl_scope", SCOPE_SITE)
        self.cause = getattr(spider, "version_cause", CAUSE_SITE)
        self.run_id = self.store.start_run(spider.name if spider else "?", job, scope)
        logger.info(
            "Storing items in %s (run %s)", url.render_as_string(hide_password=True), self.run_id
        )
        for recovery in recover_dead_runs(self.store, self.run_id):
            self.stats.inc_value("mayadeen/db/recovered_items", recovery.items)

    def feeds_opened(self) -> None:
        feeds = self.crawler.get_extension(FeedFiles)
        if feeds is None:
            logger.warning(
                "The FeedFiles extension is off: the feeds are not flushed before each database "
                "commit, nor recorded for the replay of a killed run"
            )
            return
        self.feeds = feeds
        if self.store is not None and self.run_id is not None:
            record_feeds(self.store, self.run_id, self.feeds.journal_paths())

    async def item_exported(self, item: Any) -> None:
        """An item left the pipelines (exported, or failed after us): commit when due."""
        self.unexported.discard(id(item))
        async with self.lock:
            await self._maybe_commit()

    async def close_spider(self) -> None:
        if self.store is None:
            return
        async with self.lock:
            if not self.broken:
                try:
                    self.feeds.flush()
                    await self._retrying(self._commit)
                except StoreUnavailable as exc:
                    self._give_up(exc, unbatched=0, stop=False)  # already closing
        stats = self.stats
        counts = {
            "items_new": stats.get_value("mayadeen/items/new", 0),
            "items_updated": stats.get_value("mayadeen/items/updated", 0),
            "items_unchanged": stats.get_value("mayadeen/items/unchanged", 0),
            "items_duplicate": stats.get_value(DUPLICATE_PAGES, 0),
            "items_invalid": stats.get_value("item_dropped_reasons_count/InvalidItem", 0),
        }
        reason = stats.get_value("finish_reason") or "finished"
        try:
            if not self.broken:
                self.store.finish_run(self.run_id, reason, counts)
                self.finished = (reason, counts)
        except SQLAlchemyError:
            logger.exception("Could not record the end of run %s", self.run_id)
        finally:
            self.store.close()

    def spider_closed(self, reason: str) -> None:
        """Pipelines close before the engine says why (its finish_reason stat comes later): a run
        stopped by a signal is recorded as "shutdown", not "finished", so the next run knows it
        may have left gaps."""
        if self.store is None or self.finished is None or self.finished[0] == reason:
            return
        try:
            self.store.finish_run(self.run_id, reason, self.finished[1])
        except SQLAlchemyError:
            logger.exception("Could not record the end of run %s", self.run_id)
        finally:
            self.store.engine.dispose()

    # --- items ----------------------------------------------------------------------------------
    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem | BreakingItem):
            return item
        async with self.lock:
            return await self._store(item)

    async def _store(self, item: Any) -> Any:
        if self.broken:
            self.stats.inc_value("mayadeen/db/not_written")
            return item
        if remove_nul(item):
            self.stats.inc_value("mayadeen/db/nul_removed")
        try:
            status = await self._write(item)
        except StoreRejected as exc:
            self.stats.inc_value("mayadeen/db/rejected")
            logger.error(
                "The database refused %s (%s); the item is exported but not stored",
                self._key(item),
                exc,
            )
            return item
        except StoreConflict as exc:
            self.stats.inc_value("mayadeen/db/conflict")
            logger.error("%s; the item is exported but not stored", exc)
            return item
        except StoreUnavailable as exc:
            written = bool(self.pending) and self.pending[-1] is item  # failed at its commit
            self._give_up(exc, unbatched=0 if written else 1)
            return item
        kind = "breaking" if isinstance(item, BreakingItem) else "items"
        self.stats.inc_value(f"mayadeen/{kind}/{status}")
        for field in self.store.changed_fields if self.store and kind == "items" else ():
            self.stats.inc_value(f"mayadeen/items/changed_field/{field}")
        if status == "unchanged":
            await self._maybe_commit()
            raise UnchangedItem(
                f"unchanged since the last run: {self._key(item)}", log_level="DEBUG"
            )
        self.unexported.add(id(item))
        return item

    @staticmethod
    def _key(item: Any) -> str:
        return item.get("post_id") or item.get("url") or item.get("text")

    def _save(self, item: Any) -> str:
        assert self.store is not None
        if isinstance(item, BreakingItem):
            return "new" if self.store.save_breaking(item) else "unchanged"
        return self.store.save_article(item, self.run_id, self.cause)

    async def _write(self, item: Any) -> str:
        status = await self._retrying(lambda: self._save(item))
        self.pending.append(item)
        return status

    async def _maybe_commit(self) -> None:
        """Commit a full batch once none of its items is still on its way to the feeds (the
        caller holds the lock)."""
        if self.broken or len(self.pending) < self.batch_size or self.unexported:
            return
        self.feeds.flush()
        try:
            await self._retrying(self._commit)
        except StoreUnavailable as exc:
            self._give_up(exc, unbatched=0)

    def _commit(self) -> None:
        assert self.store is not None
        self.store.flush()
        self.pending.clear()

    async def _retrying(self, work: Callable[[], T], replay: bool = False) -> T:
        """Run `work`; after a failure wait (without holding up the crawl), then replay the
        uncommitted batch first, `retries` times. A value the database refuses (DataError) is
        not retried: StoreRejected, once the batch it broke is written again."""
        assert self.store is not None
        for attempt in range(self.retries + 1):
            try:
                if attempt or replay:  # the failed transaction took the open batch with it
                    for earlier in self.pending:
                        self._save(earlier)
                return work()
            except DataError as exc:
                self.store.rollback()
                await self._retrying(lambda: None, replay=True)
                raise StoreRejected(str(exc.orig).strip()) from exc
            except SQLAlchemyError as exc:
                self.store.rollback()
                if attempt == self.retries:
                    raise StoreUnavailable(
                        f"database write failed {attempt + 1} times: {exc}"
                    ) from exc
                self.stats.inc_value("mayadeen/db/retries")
                logger.warning("Database write failed (%s); retrying", exc.__class__.__name__)
                await asyncio.sleep(self.retry_delay * 2**attempt)
        raise AssertionError("unreachable")

    def _give_up(self, exc: Exception, unbatched: int, stop: bool = True) -> None:
        self.broken = True
        lost = len(self.pending) + unbatched
        self.stats.inc_value("mayadeen/db/not_written", lost)
        logger.error(
            "The database %s is unavailable (%s). Stopping the crawl; the %d items not written "
            "are in the JSON Lines feed.",
            make_url(self.url).render_as_string(hide_password=True),
            exc,
            lost,
        )
        if stop:
            reason = "database_unavailable"
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))
