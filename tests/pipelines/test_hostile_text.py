"""Page text is stored as data: hostile strings in every text field come back exactly from
SQLite, PostgreSQL and the JSON Lines feed (NUL removed), CSV cells a spreadsheet would run are
escaped, and a value the database refuses costs its item, never the crawl."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bench.reliability_security import HOSTILE_STRINGS, check_hostile_text, hostile_item
from mayadeen.feeds.exporters import spreadsheet_safe
from mayadeen.items import content_hash
from mayadeen.pipelines.database import DatabasePipeline
from mayadeen.storage.schema import articles, tags
from testground.projectsettings import project_crawler


def test_hostile_strings_round_trip(database_url):
    backend = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    check = check_hostile_text(database_url, backend)
    assert check.problems == []
    assert (check.strings, check.exact, check.feed_exact, check.csv_exact, check.rejected) == (
        len(HOSTILE_STRINGS), len(HOSTILE_STRINGS), len(HOSTILE_STRINGS), len(HOSTILE_STRINGS), 0
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Gaza: 5 killed", "Gaza: 5 killed"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text, cell):
    assert spreadsheet_safe(text) == cell


class _Engine:
    def __init__(self):
        self.closed_with = []

    async def close_spider_async(self, *, reason):
        self.closed_with.append(reason)


def _pipeline(database_url, **settings):
    crawler = project_crawler(settings_dict={"MAYADEEN_DATABASE_URL": database_url,
                                         "MAYADEEN_DB_RETRY_DELAY": 0, **settings})  # fmt: skip
    crawler.engine = _Engine()
    crawler.stats.open_spider()
    pipeline = DatabasePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def _stored(pipeline, column):
    with pipeline.store.engine.connect() as conn:
        return sorted(conn.execute(select(column)).scalars())


def test_nul_removed_before_storage_and_export(database_url):
    pipeline = _pipeline(database_url)
    item = hostile_item(1, "NUL\x00here")
    out = asyncio.run(pipeline.process_item(item))
    asyncio.run(pipeline.item_exported(out))
    asyncio.run(pipeline.close_spider())
    assert out["title"] == "NULhere 1" and out["tags"][0] == "NULhere"
    assert out["content_hash"] == content_hash(out["title"], out["summary"], out["body"])
    assert pipeline.stats.get_value("mayadeen/db/nul_removed") == 1
    assert _stored(pipeline, articles.c.title) == ["NULhere 1"]


def test_a_value_the_database_refuses_costs_the_item_not_the_crawl(database_url):
    # Batches of 3: the refused item comes second, inside the open batch.
    pipeline = _pipeline(database_url, MAYADEEN_DB_BATCH_SIZE=3)
    items = [hostile_item(1, "first"), hostile_item(2, "second"), hostile_item(3, "third")]
    items[1]["tags"] = ["t" * 300]  # longer than tags.name (256): PostgreSQL refuses it
    for item in items:
        assert asyncio.run(pipeline.process_item(item)) is item  # all exported
        asyncio.run(pipeline.item_exported(item))
    asyncio.run(pipeline.close_spider())
    assert pipeline.crawler.engine.closed_with == []
    assert not pipeline.broken
    if database_url.startswith("postgresql"):
        assert pipeline.stats.get_value("mayadeen/db/rejected") == 1
        assert pipeline.stats.get_value("mayadeen/db/retries") is None  # not retried
        assert _stored(pipeline, articles.c.title) == ["first 1", "third 3"]
        assert _stored(pipeline, tags.c.name) == ["first", "tag 1", "tag 3", "third"]
    else:  # SQLite does not enforce lengths: stored
        assert pipeline.stats.get_value("mayadeen/db/rejected") is None
        assert _stored(pipeline, articles.c.title) == ["first 1", "second 2", "third 3"]
