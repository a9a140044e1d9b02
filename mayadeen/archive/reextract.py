"""Archived article pages extracted again: one capture at a time, or many in worker processes.

`extract_capture` reads one archived page and extracts it as the crawl's parse_article would have
(its item, or a counted reason why not). `Reextraction` runs it over a list of captures, in the
order given, in a pool of worker processes (MAYADEEN_REPARSE_PROCESSES): extraction is pure CPU
work on bytes read from disk, so it runs beside the reactor process, which keeps the pipelines
(validation, database, feeds) as a crawl does. Workers are started with `spawn` (a fork of a
process running a reactor and database threads is not safe) and load the same site profile file.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy.http import TextResponse

from mayadeen.archive.reader import archived_response, read_record
from mayadeen.archive.selection import Capture
from mayadeen.extraction import ArticlePage
from mayadeen.extraction.article import BODY_FALLBACK_RATIO
from mayadeen.extraction.metadata import declared_word_count
from mayadeen.items import ArticleItem
from mayadeen.profile import apply_profile, load_profile
from mayadeen.spiders.short_body import is_short_body

logger = logging.getLogger(__name__)
# Captures per task sent to a worker: enough to make the round trip cheap against the extraction
# (about a millisecond a page), few enough to keep every worker busy to the end.
CHUNK = 32
# Tasks in flight per worker: the next is queued while one is extracted and one is stored.
TASKS_PER_WORKER = 3
DEFAULT_MAX_PROCESSES = 4


@dataclass(frozen=True)
class Outcome:
    """What one archived page gave: an item, or a counted reason why not."""

    url: str
    item: ArticleItem | None = None
    counter: str | None = None  # a mayadeen/reparse/ stat
    drop: str | None = None  # a mayadeen/drop/ reason
    detail: str = ""
    error: str | None = None
    # layer_of each field of the item (the run's layer table, as the crawl's)
    layers: Mapping[str, str | None] = field(default_factory=dict)


def extract_capture(capture: Capture, short_body_ratio: float) -> Outcome:
    """Read one archived page and extract it, as the crawl's parse_article would have. An error
    of the extraction itself (a page no crawl met) is an outcome too: counted and logged."""
    url = capture.target_uri
    try:
        return _extract(capture, short_body_ratio)
    except Exception:  # a bug of ours on one page must not end the re-extraction of the rest
        return Outcome(url, counter="extraction_errors",
                       error=f"extracting the archived page {url} failed:\n"
                             f"{traceback.format_exc()}")  # fmt: skip


def _extract(capture: Capture, short_body_ratio: float) -> Outcome:
    url = capture.target_uri
    if capture.status != 200:
        return Outcome(url, counter="not_ok_status")
    if capture.payload_path is None or capture.payload_offset is None:
        return Outcome(url, counter="payload_missing", error=f"archived payload not found for "
                       f"{url} ({capture.record_type} record of {capture.warc_date})")  # fmt: skip
    try:
        record, body = read_record(capture.path, capture.offset)
        if capture.record_type == "revisit":  # headers only: the payload is the original's
            _, body = read_record(capture.payload_path, capture.payload_offset)
    except (OSError, StopIteration, ValueError) as error:  # a file gone or damaged
        return Outcome(url, counter="unreadable",
                       error=f"cannot read the archived page {url} in {capture.path}: {error}")
    response = archived_response(record, body).to_response()
    if not isinstance(response, TextResponse):
        return Outcome(url, counter="pages_read", drop="not_html")
    # As parse_article: the body found by structure where the configured container holds far
    # fewer words than declared, before the short-body check judges the page (same share).
    page = ArticlePage(response, body_ratio=short_body_ratio or BODY_FALLBACK_RATIO)
    scraped_at = datetime.fromisoformat(capture.warc_date.replace("Z", "+00:00"))
    item = page.to_item(scraped_at=scraped_at)
    if not item["title"] or not item["published_at"]:
        reason = "no_title" if not item["title"] else "no_date"
        return Outcome(url, counter="pages_read", drop=reason)
    words = item["word_count"]
    if is_short_body(words, declared_word_count(page.metadata), short_body_ratio):
        return Outcome(url, counter="pages_read", drop="short_body", detail=f"{words} words")
    return Outcome(url, item=item, counter="pages_read", layers=page.layers())


def extract_captures(captures: Sequence[Capture], short_body_ratio: float) -> list[Outcome]:
    """One worker task: extract_capture over a chunk of captures, in order."""
    return [extract_capture(capture, short_body_ratio) for capture in captures]


def _start_worker(profile_path: str | None) -> None:
    """A worker process takes the site profile the crawl process loaded (checked there). Ctrl-C
    reaches the whole process group: the crawl process decides (Scrapy's shutdown stops the
    workers), so a worker ignores it rather than die with a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if profile_path:
        apply_profile(load_profile(profile_path))


def default_processes() -> int:
    """One worker per CPU, at most DEFAULT_MAX_PROCESSES. Measured on 2 CPUs (2026-12-05, 1,011
    pages): 2 workers 1.78 s, 1 worker 1.87 s, none 2.74 s; the crawl process, storing, takes
    about as long per page as a worker extracting, so more workers than a few would only wait
    (each holds ~100 MB)."""
    return min(os.cpu_count() or 1, DEFAULT_MAX_PROCESSES)


def _ready() -> None:
    """A task that only makes a worker start (spawn, imports, profile)."""


class Reextraction:
    """The outcomes of a list of captures, in their order, extracted by ``processes`` worker
    processes (None: default_processes(); 0: in this process, as is a list too short to be
    worth them). ``start()`` starts the workers ahead (their imports take about half a second,
    which then overlaps the crawler's own start-up); ``close()`` stops them."""

    def __init__(self, processes: int | None, profile_path: str | None, short_body_ratio: float):
        self.processes = default_processes() if processes is None else max(0, processes)
        self.broken = False  # a worker died: the rest is extracted in this process
        self.profile_path = profile_path
        self.short_body_ratio = short_body_ratio
        self.pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self.processes == 0 or self.pool is not None:
            return
        self.pool = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.profile_path,),
        )
        for _ in range(self.processes):  # a spawned pool starts a worker per waiting task
            self._submit(_ready)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def outcomes(self, captures: Sequence[Capture]) -> AsyncIterator[Outcome]:
        chunks = [captures[at : at + CHUNK] for at in range(0, len(captures), CHUNK)]
        if self.processes == 0 or len(chunks) < 2:
            for capture in captures:
                yield extract_capture(capture, self.short_body_ratio)
            return
        self.start()
        pending: deque[tuple[Sequence[Capture], Future[list[Outcome]] | None]] = deque()
        waiting = iter(chunks)
        try:
            while True:
                while len(pending) < self.processes * TASKS_PER_WORKER:
                    chunk = next(waiting, None)
                    if chunk is None:
                        break
                    future = self._submit(extract_captures, chunk, self.short_body_ratio)
                    pending.append((chunk, future))
                if not pending:
                    # Nothing left for the workers: they stop now, and are waited for when the
                    # spider closes (close()).
                    if self.pool is not None:
                        self.pool.shutdown(wait=False)
                    return
                chunk, future = pending.popleft()
                for outcome in await self._result(chunk, future):
                    yield outcome
        except BaseException:  # stopped early (the spider closing): the rest is not wanted
            self.close()
            raise

    def _submit(self, work: Callable[..., Any], *args: Any) -> Future[Any] | None:
        """The work sent to a worker; None once the pool is broken."""
        if self.pool is not None and not self.broken:
            try:
                return self.pool.submit(work, *args)
            except BrokenProcessPool:
                self._broke()
        return None

    async def _result(
        self, chunk: Sequence[Capture], future: Future[list[Outcome]] | None
    ) -> list[Outcome]:
        if future is not None:
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                self._broke()
        # No worker (one died, or none started): the chunk is extracted here.
        return extract_captures(chunk, self.short_body_ratio)

    def _broke(self) -> None:
        if not self.broken:
            logger.error("the re-extraction worker processes stopped (one died or could not "
                         "start): the remaining pages are extracted in the crawl process")
        self.broken = True
