"""The per-run feeds of settings.FEEDS: JSON Lines, CSV (and Parquet: test_parquet_feed.py) with
the same fixed columns."""

from __future__ import annotations

import csv
import json

from scrapy_runner import scrapy

from mayadeen import settings
from mayadeen.items import ARTICLE_FIELDS, BREAKING_FIELDS


def test_default_feeds_per_run(replica, tmp_path):
    base_url = replica(articles=40, seed=3)
    done = scrapy("crawl", "articles", base_url=base_url, FEEDS=json.dumps(settings.FEEDS),
                  MAYADEEN_FEEDS_DIR=str(tmp_path / "feeds"))  # fmt: skip
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
