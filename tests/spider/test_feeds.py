"""The per-run feeds of settings.FEEDS: JSON Lines, CSV (and Parquet: test_parquet_feed.py) with
the same fixed columns."""

from __future__ import annotations

import csv
import json

from scrapy import Spider
from scrapy_runner import scrapy
from sqlalchemy import create_engine, select

from mayadeen import settings
from mayadeen.feeds.files import FeedFiles, LocalFeedStorage
from mayadeen.items import ARTICLE_FIELDS, BREAKING_FIELDS
from mayadeen.storage.schema import run_feeds


def test_default_feeds_per_run(replica, tmp_path):
    base_url = replica(articles=40, seed=3)
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = scrapy("crawl", "articles", base_url=base_url, FEEDS=json.dumps(settings.FEEDS),
                  MAYADEEN_FEEDS_DIR=str(tmp_path / "feeds"), database=database)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    written = sorted(p.name.split("-")[0] + p.suffix for p in (tmp_path / "feeds").iterdir())
    assert written == ["articles.csv", "articles.jsonl", "articles.parquet", "breaking.jsonl"]
    [jsonl] = (tmp_path / "feeds").glob("articles-*.jsonl")
    [csv_path] = (tmp_path / "feeds").glob("articles-*.csv")
    [breaking] = (tmp_path / "feeds").glob("breaking-*.jsonl")
    # The run's time names every feed of the run alike.
    assert jsonl.stem.removeprefix("articles-") == breaking.stem.removeprefix("breaking-")

    rows = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert len(rows) == 51  # 40 generated + 11 anchor articles
    assert all(tuple(row) == ARTICLE_FIELDS for row in rows)

    with csv_path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert tuple(table[0]) == ARTICLE_FIELDS
    assert [r["post_id"] for r in table] == [r["post_id"] for r in rows]
    # List cells are JSON, so names holding commas survive the round trip.
    assert [json.loads(r["authors"]) for r in table] == [r["authors"] for r in rows]
    assert [json.loads(r["images"]) for r in table] == [r["images"] for r in rows]
    assert [r["word_count"] for r in table] == [str(r["word_count"]) for r in rows]

    ticker = [json.loads(line) for line in breaking.read_text("utf-8").splitlines()]
    assert len(ticker) == 10
    assert all(tuple(line) == BREAKING_FIELDS for line in ticker)

    # The run's journal (feeds/journal.py): its two JSON Lines feeds, by absolute path.
    engine = create_engine(database)
    with engine.connect() as conn:
        journal = conn.execute(select(run_feeds.c.path)).scalars().all()
    engine.dispose()
    assert sorted(journal) == sorted([str(jsonl.resolve()), str(breaking.resolve())])


def test_local_feed_files_are_known_flushed_and_journaled(tmp_path):
    files = FeedFiles()
    feeds = {
        "a.jsonl": {"format": "jsonlines"},
        "b.csv": {"format": "csv"},
        "c.jsonl.gz": {"format": "jsonlines", "postprocessing": ["gzip"]},
        (tmp_path / "d.jsonl").as_uri(): {"format": "jsonl"},
    }
    storages = [
        LocalFeedStorage(uri if "://" in uri else str(tmp_path / uri), feed_options=options,
                         files=files)
        for uri, options in feeds.items()
    ]  # fmt: skip
    assert files.journal_paths() == [str(tmp_path / "a.jsonl"), str(tmp_path / "d.jsonl")]
    files.flush()  # nothing opened yet: nothing to flush
    spider = Spider("feeds")
    handle = storages[0].open(spider)
    handle.write(b'{"text": "one"}\n')
    assert (tmp_path / "a.jsonl").read_bytes() == b""  # in Python's buffer
    files.flush()
    assert (tmp_path / "a.jsonl").read_bytes() == b'{"text": "one"}\n'
    storages[0].store(handle)
    files.flush()  # a stored (closed) feed is left alone
