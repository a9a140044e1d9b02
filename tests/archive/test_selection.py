"""What `scrapy reparse` reads: per URL the newest capture in the scope, URLs captured again after
the scope left alone, revisit records resolved to the response holding their payload."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from mayadeen.archive.index import ArchiveIndex
from mayadeen.archive.selection import select_captures
from mayadeen.archive.writer import WrittenRecord
from mayadeen.storage.schema import crawl_runs


def record(offset: int, uri: str, day: str, digest: str, kind: str = "response",
           page: str = "article", status: int = 200) -> WrittenRecord:  # fmt: skip
    return WrittenRecord("unused", offset, 100, kind, f"http://site/{uri}",
                         f"2026-{day}T10:00:00.000000Z", digest, status, page)  # fmt: skip


@pytest.fixture
def index(tmp_path):
    archive_index = ArchiveIndex.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with archive_index.engine.begin() as conn:
        for run in (1, 2):
            conn.execute(insert(crawl_runs).values(id=run, spider="articles",
                                                   started_at=date(2026, 1, run)))  # fmt: skip
    first = archive_index.open_file(1, "/a/run1.warc.gz")
    second = archive_index.open_file(2, "/a/run2.warc.gz")
    archive_index.add([
        (first, record(10, "a", "01-01", "sha1:A")),
        (first, record(20, "b", "01-01", "sha1:B")),
        (first, record(30, "c", "01-01", "sha1:C")),
        (first, record(40, "home", "01-01", "sha1:H", page="listing")),
        (first, record(50, "gone", "01-01", "sha1:G", status=404)),
        (second, record(10, "a", "02-01", "sha1:A", kind="revisit")),  # unchanged
        (second, record(20, "b", "02-01", "sha1:B2")),  # edited on the site
        (second, record(30, "b", "02-02", "sha1:B3")),  # and again, later that run
    ])  # fmt: skip
    yield archive_index
    archive_index.close()


def summary(selection):
    return sorted(
        (c.target_uri.rsplit("/", 1)[1], c.warc_date[5:10], c.record_type, c.path, c.offset,
         c.payload_path, c.payload_offset)
        for c in selection.captures
    )  # fmt: skip


def test_everything_reads_the_newest_capture_of_each_url(index):
    selection = select_captures(index.engine)
    assert summary(selection) == [
        ("a", "02-01", "revisit", "/a/run2.warc.gz", 10, "/a/run1.warc.gz", 10),
        ("b", "02-02", "response", "/a/run2.warc.gz", 30, "/a/run2.warc.gz", 30),
        ("c", "01-01", "response", "/a/run1.warc.gz", 30, "/a/run1.warc.gz", 30),
        ("gone", "01-01", "response", "/a/run1.warc.gz", 50, "/a/run1.warc.gz", 50),
    ]
    assert (selection.superseded, selection.older) == (0, 3)


def test_one_run_leaves_urls_captured_again_later_alone(index):
    selection = select_captures(index.engine, run_id=1)
    assert [c.target_uri for c in selection.captures] == ["http://site/c", "http://site/gone"]
    assert (selection.superseded, selection.older) == (2, 0)
    later = select_captures(index.engine, run_id=2)
    assert [c.target_uri for c in later.captures] == ["http://site/a", "http://site/b"]
    assert (later.superseded, later.older) == (0, 1)


def test_capture_date_range(index):
    selection = select_captures(index.engine, since=date(2026, 2, 1), until=date(2026, 2, 1))
    assert summary(selection) == [
        ("a", "02-01", "revisit", "/a/run2.warc.gz", 10, "/a/run1.warc.gz", 10),
    ]
    assert selection.superseded == 1  # b: captured again on 2 February
