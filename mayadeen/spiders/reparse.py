"""The `reparse` spider: the archived article pages extracted again, with no request to the site.

`scrapy reparse` (mayadeen/commands/reparse.py) runs it. It reads the web archive through its index
in the database (mayadeen/archive/), builds each page's response as the crawl received it, and
extracts it with today's code and site profile (MAYADEEN_SITE_PROFILE). Items go through the
crawl's own pipelines (validation, database) and feeds, one per post (the spider keeps the newest
capture's); an article whose item changed
becomes a new version of cause `reparse`, an unchanged one is neither written nor exported. The
spider yields items from `start()` and never a request, so nothing reaches the network.

Arguments: run=N (one crawl run's pages), since=YYYY-MM-DD and until=YYYY-MM-DD (capture dates,
UTC), progress=true|false (a progress bar on stderr; default true).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from mayadeen.archive.reextract import Outcome, Reextraction
from mayadeen.archive.selection import select_captures
from mayadeen.extensions.batchedstats import BatchedStats
from mayadeen.items import ArticleItem
from mayadeen.pipelines.database import DUPLICATE_PAGES, database_url
from mayadeen.profile import profile_path
from mayadeen.spiders.arguments import SCRAPYD_ARGUMENTS
from mayadeen.spiders.guard import DROP_PREFIX
from mayadeen.spiders.provenance import count_layers
from mayadeen.storage.engine import store_engine
from mayadeen.storage.schema import CAUSE_REPARSE, SCOPE_REPARSE

logger = logging.getLogger(__name__)
STATS = "mayadeen/reparse/"
KNOWN = ("run", "since", "until", "progress")


def _date_argument(name: str, value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"argument {name}: expected YYYY-MM-DD, got {value!r}") from None


def _processes(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"MAYADEEN_REPARSE_PROCESSES: expected a number of worker processes, "
                         f"got {value!r}") from None


class ReparseSpider(scrapy.Spider):
    """Arguments: run=N  since=YYYY-MM-DD  until=YYYY-MM-DD  progress=true|false."""

    name = "reparse"
    crawl_scope = SCOPE_REPARSE  # vouches for nothing the site holds (storage/memory.py)
    version_cause = CAUSE_REPARSE  # the versions it records (pipelines/database.py)
    # Usually the only writer: commits of 100 items (on SQLite 12% faster than one per item,
    # measured on 1,511 pages; -s MAYADEEN_DB_BATCH_SIZE=1 overrides it).
    # No page is fetched: no browser (scrapy-playwright's handler and driver start for nothing).
    custom_settings: ClassVar[dict[str, Any]] = {
        "MAYADEEN_DB_BATCH_SIZE": 100,
        "MAYADEEN_BROWSER_ENABLED": False,
    }

    def __init__(self, *args: Any, **kwargs: Any):
        name = kwargs.pop("name", None)
        super().__init__(name)
        # Scrapyd's job id (-a _job=...): names the run in the database and its feeds.
        self.job: str | None = kwargs.get("_job")
        run = kwargs.get("run")
        try:
            self.run_id = int(run) if run not in (None, "") else None
        except ValueError:
            raise ValueError(f"argument run: expected a run id (a number), got {run!r}") from None
        self.since = _date_argument("since", kwargs.get("since"))
        self.until = _date_argument("until", kwargs.get("until"))
        self.progress = str(kwargs.get("progress", "true")).lower() not in ("false", "0", "no")
        for unknown in sorted(set(kwargs) - set(KNOWN) - set(SCRAPYD_ARGUMENTS)):
            if not unknown.startswith("_"):
                self.logger.warning("unknown argument ignored: %s", unknown)
        self.reextraction: Reextraction | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReparseSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.reextraction = Reextraction(
            _processes(settings.get("MAYADEEN_REPARSE_PROCESSES")),
            profile_path(settings.get("MAYADEEN_SITE_PROFILE")),
            settings.getfloat("MAYADEEN_SHORT_BODY_RATIO"),
        )
        spider.layer_counts = BatchedStats(crawler)
        # The workers start while the crawler does; they stop with the spider.
        spider.reextraction.start()
        crawler.signals.connect(spider.reextraction.close, signal=signals.spider_closed)
        return spider

    def count(self, what: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(STATS + what, n)

    async def start(self) -> AsyncIterator[Any]:
        engine = store_engine(database_url(self.settings.get("MAYADEEN_DATABASE_URL")))
        try:
            selection = select_captures(engine, self.run_id, self.since, self.until)
        except SQLAlchemyError as error:
            self.logger.error("cannot read the archive index: %s", error)
            return
        finally:
            engine.dispose()
        self.count("superseded", selection.superseded)
        self.count("older_captures", selection.older)
        captures = selection.captures
        self.logger.info(
            "Re-extracting %d archived article pages (%d URLs captured again after the scope, "
            "%d older captures skipped)", len(captures), selection.superseded, selection.older,
        )  # fmt: skip
        bar = tqdm(total=len(captures), unit="page", desc="reparse", disable=not self.progress,
                   smoothing=0.1)  # fmt: skip
        started = time.monotonic()
        # Newest first: of two URLs of one post (a redirect, a tracking variant), the newer
        # capture gives the item, the other is counted as a duplicate.
        captures = sorted(captures, key=lambda c: c.warc_date, reverse=True)
        seen: set[str] = set()
        assert self.reextraction is not None  # made by from_crawler
        try:
            async for outcome in self.reextraction.outcomes(captures):
                item = self.take(outcome)
                bar.update()
                if item is None:
                    continue
                key = item["post_id"] or item["url"]
                if key in seen:
                    self.take(Outcome(outcome.url, drop="duplicate", detail=f"post {key}"))
                    continue
                seen.add(key)
                count_layers(self.layer_counts, outcome.layers)  # as the crawl's layer table
                yield item
        finally:
            bar.close()
            self.crawler.stats.set_value(STATS + "seconds", round(time.monotonic() - started, 2))

    def take(self, outcome: Outcome) -> ArticleItem | None:
        """Count and log an outcome; its item, if it has one."""
        if outcome.counter:
            self.count(outcome.counter)
        if outcome.error:
            self.logger.error("%s", outcome.error)
        if outcome.drop:
            self.crawler.stats.inc_value(DROP_PREFIX + outcome.drop)
            self.logger.warning("page dropped (%s%s): %s", outcome.drop,
                                outcome.detail and f", {outcome.detail}", outcome.url)  # fmt: skip
        return outcome.item


def summary(stats: dict[str, Any]) -> str:
    """What a re-extraction did, from its final stats."""

    def get(name: str) -> int:
        return int(stats.get(name, 0) or 0)

    changed = {
        key.rsplit("/", 1)[1]: value
        for key, value in stats.items()
        if key.startswith("mayadeen/items/changed_field/")
    }
    # Duplicates are the spider's own drops (a second capture of a post), reported apart.
    dropped = {
        key.removeprefix(DROP_PREFIX): value
        for key, value in stats.items()
        if key.startswith(DROP_PREFIX) and key != DUPLICATE_PAGES
    }
    invalid = get("item_dropped_reasons_count/InvalidItem")
    seconds = float(stats.get(STATS + "seconds") or 0.0)  # reading, extracting, storing
    read = get(STATS + "pages_read")
    lines = [
        f"Pages read: {read} in {seconds:.1f}s ({read / seconds if seconds else 0:.0f} pages/s); "
        f"not re-extracted: {get(STATS + 'superseded')} captured again after the scope, "
        f"{get(STATS + 'older_captures')} older captures, "
        f"{get(STATS + 'unreadable') + get(STATS + 'payload_missing')} unreadable, "
        f"{get(STATS + 'not_ok_status')} not 200",
        f"Items changed: {get('mayadeen/items/updated')} (new versions, cause reparse); "
        f"new: {get('mayadeen/items/new')}; unchanged: {get('mayadeen/items/unchanged')}; "
        f"duplicates: {get(DUPLICATE_PAGES)}",
        "Changed per field: " + (", ".join(f"{f} {n}" for f, n in sorted(changed.items()))
                                 or "none"),
        f"Dropped: {sum(dropped.values()) + invalid}"
        + (" (" + ", ".join(f"{r} {n}" for r, n in sorted(dropped.items()))
           + (f", invalid {invalid}" if invalid else "") + ")" if dropped or invalid else ""),
    ]  # fmt: skip
    return "\n".join(lines)
