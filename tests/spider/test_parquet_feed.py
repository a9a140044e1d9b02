"""The Parquet feed (mayadeen/feeds/parquet.py): its column types follow the item's JSON Schema,
and a replica crawl's file loads in DuckDB and pandas with those types and the manifest's rows."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from importlib import resources

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from scrapy_runner import scrapy

from mayadeen import settings
from mayadeen.feeds.parquet import TIME_FIELDS, article_schema, kind_types
from mayadeen.items import ARTICLE_FIELDS, TEXT, ArticleItem

SEED_POST_ID = "1548720"


def _json_schema_type(spec: dict) -> pa.DataType:
    """The Arrow type the Parquet column of a field with this JSON Schema must have."""
    kinds = spec.get("type", "string")
    kind = next(k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null")
    if spec.get("format") == "date-time":
        return pa.timestamp("us", tz="UTC")
    if kind == "integer":
        return pa.int64()
    if kind == "array":
        items = spec["items"]
        if items.get("type") == "object":
            return pa.list_(pa.struct([(name, _json_schema_type(sub))
                                       for name, sub in items["properties"].items()]))  # fmt: skip
        return pa.list_(_json_schema_type(items))
    return pa.string()


def test_column_types_follow_the_item_and_its_json_schema():
    schema = json.loads(
        resources.files("mayadeen").joinpath("schema/article.schema.json").read_text("utf-8")
    )
    # Every kind of field the item defines has a Parquet type (a new kind fails here).
    assert {ArticleItem.fields[name]["kind"] for name in ARTICLE_FIELDS} <= set(kind_types())
    # The times are text fields whose JSON Schema says date-time, and no other field is one.
    assert set(TIME_FIELDS) == {
        name for name, spec in schema["properties"].items() if spec.get("format") == "date-time"
    }
    assert {ArticleItem.fields[name]["kind"] for name in TIME_FIELDS} == {TEXT}
    columns = article_schema()
    assert columns.names == list(ARTICLE_FIELDS)  # feed order
    for field in columns:
        assert field.type == _json_schema_type(schema["properties"][field.name]), field.name


@pytest.fixture(scope="module")
def crawled(replica, tmp_path_factory):
    """A 100-article replica crawled with the project's own FEEDS: (feeds dir, manifest)."""
    base_url = replica(articles=100)
    feeds = tmp_path_factory.mktemp("feeds")
    done = scrapy("crawl", "articles", base_url=base_url, FEEDS=json.dumps(settings.FEEDS),
                  MAYADEEN_FEEDS_DIR=str(feeds))  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    with urllib.request.urlopen(f"{base_url}/__replica__/manifest.jsonl", timeout=60) as answer:
        manifest = [json.loads(line) for line in answer.read().splitlines()]
    return feeds, manifest


def test_parquet_feed_beside_the_json_lines(crawled):
    feeds, manifest = crawled
    [parquet] = feeds.glob("articles-*.parquet")
    [jsonl] = feeds.glob("articles-*.jsonl")
    assert parquet.stem == jsonl.stem  # one run, one name
    rows = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert len(rows) == len(manifest) == 111  # 100 generated + 11 hand-written articles

    # DuckDB: the types as declared, the manifest's row count, the values of the JSON Lines.
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()}
    assert list(types) == list(ARTICLE_FIELDS)
    assert types["published_at"] == types["scraped_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["word_count"] == types["shares"] == "BIGINT"
    assert types["tags"] == types["authors"] == "VARCHAR[]"
    assert types["images"] == "STRUCT(url VARCHAR, caption VARCHAR)[]"
    assert types["title"] == "VARCHAR"
    assert con.execute(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(len(manifest),)]
    [seed] = con.execute(
        f"SELECT tags, word_count, epoch(published_at) FROM '{parquet}' WHERE post_id = ?",
        [SEED_POST_ID],
    ).fetchall()
    [seed_row] = [r for r in rows if r["post_id"] == SEED_POST_ID]
    assert seed[0] == seed_row["tags"]
    assert seed[1] == seed_row["word_count"]
    # 7 Jan 2022 08:54 in Beirut (+02:00) is 06:54 UTC.
    assert seed[2] == datetime(2022, 1, 7, 6, 54, tzinfo=UTC).timestamp()

    # pandas: nullable integers, aware timestamps, lists as lists; the same rows in feed order.
    frame = pd.read_parquet(parquet, dtype_backend="numpy_nullable")
    assert len(frame) == len(manifest)
    assert list(frame.columns) == list(ARTICLE_FIELDS)
    assert str(frame["word_count"].dtype) == "Int64"
    assert str(frame["read_time_minutes"].dtype) == "Int64"
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert list(frame["post_id"]) == [r["post_id"] for r in rows]
    assert [list(tags) for tags in frame["tags"]] == [r["tags"] for r in rows]
    assert [list(a) for a in frame["authors"]] == [r["authors"] for r in rows]
    assert list(frame["published_at"]) == [
        pd.Timestamp(r["published_at"]).tz_convert("UTC") for r in rows
    ]
    assert frame["shares"].isna().sum() == sum(r["shares"] is None for r in rows)
    arrow = pd.read_parquet(parquet, dtype_backend="pyarrow")
    assert str(arrow["tags"].dtype) == "list<element: string>[pyarrow]"


def test_crawls_without_a_parquet_feed_do_not_load_pyarrow():
    # Scrapy imports every FEED_EXPORTERS entry at the start of every crawl.
    check = "import sys, mayadeen.feeds.parquet; print('pyarrow' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.strip() == "False"
