"""Archived pages extracted again: in worker processes or in this one alike, in the order given;
a worker pool that cannot start leaves the extraction to this process; an extraction error is a
counted outcome; the reparse spider keeps one item per post (the newest capture's)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

from mayadeen import settings
from mayadeen.archive import reextract
from mayadeen.archive.index import ArchiveIndex
from mayadeen.archive.reextract import CHUNK, Outcome, Reextraction, extract_capture
from mayadeen.archive.selection import Capture, select_captures
from mayadeen.archive.writer import WarcFileWriter, payload_digest, warcinfo_fields
from mayadeen.spiders.reparse import ReparseSpider
from testground.projectsettings import project_crawler

PAGES = Path(__file__).parent.parent / "extraction" / "pages"
SEED_URL = (
    "https://english.almayadeen.net/news/politics/"
    "kazakhstan---critical-red--level-of-terrorist-threat--order"
)
SEED_POST_ID = "1548720"
# Two and a bit chunks: the pool gets several tasks, the last one short.
CAPTURES = 2 * CHUNK + 5


def archive(directory: Path, database: str, urls: list[str]) -> None:
    """The seed page archived once under each URL, in that order, and indexed."""
    body = (PAGES / "seed.html").read_bytes()
    writer = WarcFileWriter(directory, "test", 10**9, settings.MAYADEEN_WARC_COMPRESSION_LEVEL,
                            warcinfo_fields(True, "test"))
    index = ArchiveIndex.from_url(database)
    file_id: list[int] = []
    written = []
    for url in urls:
        request = Request(url)
        response = HtmlResponse(url, status=200, request=request, body=body,
                                headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
        written.append(writer.write(request, response, "article", None,
                                    payload_digest(body),
                                    lambda path: file_id.append(
                                        index.open_file(None, str(path)))))  # fmt: skip
    writer.close()
    index.add((file_id[0], record) for record in written)
    index.close()


@pytest.fixture
def captures(tmp_path) -> list[Capture]:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    archive(tmp_path / "warc", database, [f"{SEED_URL}?v={n}" for n in range(CAPTURES)])
    index = ArchiveIndex.from_url(database)
    found = sorted(select_captures(index.engine).captures, key=lambda c: c.warc_date)
    index.close()
    assert len(found) == CAPTURES
    return found


def collect(reextraction: Reextraction, captures: list[Capture]) -> list[Outcome]:
    async def run() -> list[Outcome]:
        return [outcome async for outcome in reextraction.outcomes(captures)]

    try:
        return asyncio.run(run())
    finally:
        reextraction.close()


def test_workers_and_this_process_give_the_same_outcomes_in_order(captures):
    here = collect(Reextraction(0, None, 0.5), captures)
    pool = Reextraction(1, None, 0.5)
    workers = collect(pool, captures)
    assert not pool.broken  # the workers gave them
    assert [o.url for o in here] == [c.target_uri for c in captures]
    assert workers == here
    first = here[0]
    assert first.counter == "pages_read" and first.drop is None and first.error is None
    assert first.item["post_id"] == SEED_POST_ID and first.item["word_count"] > 100
    assert first.layers["body"] == "visible" and first.layers["title"] == "metadata"


def test_a_profile_applies_in_the_workers(captures, tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text('BODY_CONTAINER_SELECTOR = "div.nowhere"\n'
                       "BODY_STRUCTURE_FALLBACK = false\n", "utf-8")  # fmt: skip
    pool = Reextraction(1, str(profile), 0)
    outcomes = collect(pool, captures)
    assert not pool.broken
    assert {o.item["body"] for o in outcomes} == {""}
    assert {o.layers["body"] for o in outcomes} == {None}


def test_workers_that_cannot_start_leave_the_pages_to_this_process(captures, tmp_path, caplog):
    # The workers fail loading a profile file that is not there (the crawl process checked the
    # file at start: here it was removed since).
    caplog.set_level(logging.ERROR, logger=reextract.__name__)
    broken = Reextraction(1, str(tmp_path / "removed.toml"), 0.5)
    outcomes = collect(broken, captures)
    assert broken.broken
    assert outcomes == collect(Reextraction(0, None, 0.5), captures)
    assert [r.message for r in caplog.records].count(
        "the re-extraction worker processes stopped (one died or could not start): the "
        "remaining pages are extracted in the crawl process"
    ) == 1


def test_an_extraction_error_is_a_counted_outcome(captures, monkeypatch):
    def broken_to_item(self, scraped_at=None):
        raise RuntimeError("a page no crawl met")

    monkeypatch.setattr(reextract.ArticlePage, "to_item", broken_to_item)
    outcome = extract_capture(captures[0], 0.5)
    assert (outcome.item, outcome.counter) == (None, "extraction_errors")
    assert outcome.error.startswith(f"extracting the archived page {captures[0].target_uri} "
                                    "failed:\nTraceback")  # fmt: skip
    assert "RuntimeError: a page no crawl met" in outcome.error


def test_the_spider_keeps_one_item_per_post_the_newest_captures(tmp_path):
    # Three URLs of one post (tracking variants): the newest capture gives the item.
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    urls = [f"{SEED_URL}?utm_source={n}" for n in ("a", "b", "c")]
    archive(tmp_path / "warc", database, urls)
    crawler = project_crawler(ReparseSpider, {"MAYADEEN_DATABASE_URL": database,
                                              "MAYADEEN_REPARSE_PROCESSES": 0})  # fmt: skip
    spider = ReparseSpider.from_crawler(crawler, progress="false")
    crawler.spider = spider

    async def run() -> list:
        return [item async for item in spider.start()]

    items = asyncio.run(run())
    stats = crawler.stats.get_stats()
    assert len(items) == 1
    assert items[0]["post_id"] == SEED_POST_ID
    assert items[0]["url"] == SEED_URL  # the canonical URL, whichever capture gave it
    newest = max(select_captures(ArchiveIndex.from_url(database).engine).captures,
                 key=lambda c: c.warc_date)  # fmt: skip
    assert newest.target_uri == urls[-1]
    assert items[0]["scraped_at"] == datetime.fromisoformat(newest.warc_date).isoformat()
    assert stats["mayadeen/reparse/pages_read"] == 3
    assert stats["mayadeen/drop/duplicate"] == 2
