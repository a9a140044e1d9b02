"""The archive extension's digest lookups: a first crawl reads the index only for a payload it
has archived itself (a revisit follows), a later run reads it for every page; the compression
levels the writer accepts all make files that `warcio check` passes and that read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, select

from mayadeen.archive.reader import read_response
from mayadeen.archive.writer import (
    COMPRESSION_LEVELS,
    WarcFileWriter,
    payload_digest,
    warcinfo_fields,
)
from mayadeen.extensions.archive import STATS, WebArchive
from mayadeen.storage.schema import warc_records

WARCIO = [sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())"]
BASE = "http://127.0.0.1:8089/news/politics/"
SPIDER = Spider(name="articles")


def parse_article(response: HtmlResponse) -> None:
    """The callback name the archive tells an article page by."""


def body(n: int) -> bytes:
    text = f"text of story {n} " * 80
    return f"<html><body><h1>Story {n}</h1><p>{text}</p></body></html>".encode()


def fetched(n: int, payload: bytes) -> tuple[HtmlResponse, Request]:
    request = Request(f"{BASE}story-{n}", callback=parse_article)
    response = HtmlResponse(request.url, status=200, request=request, body=payload,
                            headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    return response, request


def open_archive(tmp_path: Path) -> WebArchive:
    settings = Settings()
    settings.setmodule("mayadeen.settings")
    values = {k: settings[k] for k in settings if k.startswith("MAYADEEN_")}
    values.update(
        MAYADEEN_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MAYADEEN_WARC_DIR=str(tmp_path / "warc"),
        MAYADEEN_WARC_INDEX_BATCH=2,
    )
    crawler = get_crawler(Spider, values)
    crawler.stats.open_spider()
    archive = WebArchive.from_crawler(crawler)
    archive.open_index(None)
    return archive


def receive(archive: WebArchive, n: int, payload: bytes) -> None:
    archive.response_received(*fetched(n, payload), SPIDER)


def index_done(archive: WebArchive) -> None:
    archive.worker.submit(lambda: None).result()  # one thread, in order: all before it is done


def stats(archive: WebArchive) -> dict[str, int]:
    return {
        name: archive.stats.get_value(STATS + name)
        for name in ("response", "revisit", "index_lookups")
        if archive.stats.get_value(STATS + name) is not None
    }


def test_first_run_reads_the_index_only_for_its_own_payloads_then_every_page(tmp_path):
    first = open_archive(tmp_path)
    assert first.earlier_runs is False
    receive(first, 0, body(0))
    receive(first, 1, body(1))  # a batch of two: handed to the index thread
    index_done(first)
    receive(first, 2, body(2))  # a payload never archived: no read
    receive(first, 3, body(0))  # story 0's payload, indexed and out of memory: read, revisit
    assert stats(first) == {"response": 3, "revisit": 1, "index_lookups": 1}
    first.spider_closed(SPIDER, "finished")

    second = open_archive(tmp_path)
    assert second.earlier_runs is True
    receive(second, 4, body(4))  # read: not archived
    receive(second, 5, body(1))  # read: archived by the first run
    assert stats(second) == {"response": 1, "revisit": 1, "index_lookups": 2}
    second.spider_closed(SPIDER, "finished")

    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as conn:
        rows = conn.execute(
            select(warc_records.c.target_uri, warc_records.c.record_type)
            .order_by(warc_records.c.id)
        ).all()  # fmt: skip
    engine.dispose()
    assert [(uri.rsplit("/", 1)[1], kind) for uri, kind in rows] == [
        ("story-0", "response"), ("story-1", "response"), ("story-2", "response"),
        ("story-3", "revisit"), ("story-4", "response"), ("story-5", "revisit"),
    ]  # fmt: skip
    for path in sorted((tmp_path / "warc").glob("*.warc.gz")):
        check = subprocess.run([*WARCIO, "check", str(path)], capture_output=True, check=False)
        assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("level", list(COMPRESSION_LEVELS))
def test_every_compression_level_writes_files_warcio_checks_and_reads_back(tmp_path, level):
    writer = WarcFileWriter(tmp_path, "test", 10**9, level, warcinfo_fields(True, "test"))
    response, request = fetched(7, body(7))
    written = writer.write(request, response, "article", None, payload_digest(response.body))
    writer.close()
    (path,) = writer.paths
    check = subprocess.run([*WARCIO, "check", str(path)], capture_output=True, check=False)
    assert check.returncode == 0, check.stdout
    assert read_response(path, written.offset).body == body(7)


@pytest.mark.parametrize("level", [-1, 4, 6, 9])
def test_a_level_isal_lacks_is_refused_with_the_setting_named(tmp_path, level):
    with pytest.raises(ValueError, match=f"level {level} \\(MAYADEEN_WARC_COMPRESSION_LEVEL\\)"):
        WarcFileWriter(tmp_path, "test", 10**9, level, warcinfo_fields(True, "test"))
