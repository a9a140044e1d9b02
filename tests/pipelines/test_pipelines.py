"""Validation and database pipelines, driven directly (no reactor)."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from mayadeen import settings as project_settings
from mayadeen.pipelines import DatabasePipeline, ValidationPipeline
from mayadeen.pipelines import database as database_module
from mayadeen.pipelines.database import DUPLICATE_PAGES, UnchangedItem, database_url
from mayadeen.pipelines.validation import InvalidItem, schema_errors
from mayadeen.storage.schema import article_versions, articles, crawl_runs


def test_valid_item_passes(article, crawler_factory):
    pipeline = ValidationPipeline.from_crawler(crawler_factory())
    item = article()
    assert schema_errors(item) == []
    assert pipeline.process_item(item) is item


def test_invalid_item_dropped_with_reasons_counted(article, crawler_factory):
    crawler = crawler_factory()
    pipeline = ValidationPipeline.from_crawler(crawler)
    bad = article(content_type="podcast", word_count=-1)
    with pytest.raises(InvalidItem) as caught:
        pipeline.process_item(bad)
    assert "content_type: 'podcast' is not one of" in str(caught.value)
    assert "word_count: -1 is less than the minimum of 0" in str(caught.value)
    stats = crawler.stats.get_stats()
    assert stats["item_dropped_reasons_count/InvalidItem/content_type"] == 1
    assert stats["item_dropped_reasons_count/InvalidItem/word_count"] == 1


def test_missing_field_is_invalid(article):
    item = article()
    del item["source"]
    assert schema_errors(item) == [("item", "'source' is a required property")]


def test_sqlite_directory_created(tmp_path, crawler_factory, monkeypatch):
    monkeypatch.delenv("MAYADEEN_DATABASE_URL", raising=False)
    path = tmp_path / "output" / "nested" / "db.sqlite3"
    crawler = crawler_factory(MAYADEEN_DATABASE_URL=f"sqlite:///{path}")
    pipeline = DatabasePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.close_spider()
    assert path.is_file()


def test_database_url_environment_wins(monkeypatch):
    monkeypatch.delenv("MAYADEEN_DATABASE_URL", raising=False)
    assert (
        database_url(project_settings.MAYADEEN_DATABASE_URL) == "sqlite:///output/mayadeen.sqlite3"
    )
    with pytest.raises(ValueError, match="no database URL"):
        database_url(None)
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.setenv("MAYADEEN_DATABASE_URL", "postgresql://u@127.0.0.1:1/db")
    assert database_url("sqlite:///x.db") == "postgresql://u@127.0.0.1:1/db"


class EngineStub:
    def __init__(self):
        self.closed_with = []

    async def close_spider_async(self, *, reason):
        self.closed_with.append(reason)


@pytest.fixture
def db_pipeline(database_url, crawler_factory, monkeypatch):
    monkeypatch.delenv("MAYADEEN_DATABASE_URL", raising=False)

    def make(**settings):
        crawler = crawler_factory(
            MAYADEEN_DATABASE_URL=database_url,
            MAYADEEN_DB_RETRY_DELAY=0,
            **settings,
        )
        crawler.engine = EngineStub()
        pipeline = DatabasePipeline.from_crawler(crawler)
        pipeline.open_spider()
        return pipeline

    return make


def count(pipeline, table):
    with pipeline.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_second_run_exports_only_changes(db_pipeline, article):
    first = db_pipeline()
    assert first.process_item(article()) is not None
    first.close_spider()
    second = db_pipeline()
    with pytest.raises(UnchangedItem):
        second.process_item(article())
    edited = article(body="Changed.")
    assert second.process_item(edited) is edited
    second.close_spider()
    third = db_pipeline()
    assert count(third, articles) == 1
    assert count(third, article_versions) == 2
    stats = second.stats.get_stats()
    assert (stats["mayadeen/items/unchanged"], stats["mayadeen/items/updated"]) == (1, 1)
    third.close_spider()


def test_failed_commit_replays_the_batch(db_pipeline, article, monkeypatch):
    pipeline = db_pipeline(MAYADEEN_DB_BATCH_SIZE=2)
    real_flush = pipeline.store.flush
    failures = iter([OperationalError("COMMIT", {}, Exception("server closed the connection"))])

    def flaky_flush():
        failure = next(failures, None)
        if failure is not None:
            pipeline.store.rollback()
            raise failure
        real_flush()

    monkeypatch.setattr(pipeline.store, "flush", flaky_flush)
    for item in (article(), article(post_id="2", url="https://x/news/b")):
        pipeline.item_exported(pipeline.process_item(item))  # the batch's commit fails once
    assert pipeline.stats.get_value("mayadeen/db/retries") == 1
    assert count(pipeline, articles) == 2
    assert count(pipeline, article_versions) == 2
    pipeline.close_spider()


def run_now(coroutine):
    """Run a coroutine that never suspends (the engine stub's): no reactor in these tests."""
    with contextlib.suppress(StopIteration):
        coroutine.send(None)


def test_database_away_stops_crawl_and_keeps_items(db_pipeline, article, monkeypatch):
    # Scrapy schedules the close on the running reactor; without one, run it here.
    monkeypatch.setattr(database_module, "deferred_from_coro", run_now)
    pipeline = db_pipeline(MAYADEEN_DB_RETRIES=2)
    failure = OperationalError("INSERT", {}, Exception("could not connect"))

    def down(*args, **kwargs):
        raise failure

    monkeypatch.setattr(pipeline.store, "save_article", down)
    first = article()
    assert pipeline.process_item(first) is first  # passes on to the feeds
    later = article(post_id="2", url="https://x/news/b")
    assert pipeline.process_item(later) is later
    assert pipeline.broken
    assert pipeline.crawler.engine.closed_with == ["database_unavailable"]
    assert pipeline.stats.get_value("mayadeen/db/retries") == 2
    assert pipeline.stats.get_value("mayadeen/db/not_written") == 2
    pipeline.close_spider()


def test_the_run_records_the_spiders_duplicate_pages(db_pipeline, article):
    pipeline = db_pipeline()
    pipeline.process_item(article())
    pipeline.stats.inc_value("mayadeen/drop/duplicate", 2)  # the spider's drop(..., "duplicate")
    pipeline.close_spider()
    with pipeline.store.engine.connect() as conn:
        row = conn.execute(select(crawl_runs.c.items_new, crawl_runs.c.items_duplicate)).one()
    assert tuple(row) == (1, 2)
    assert DUPLICATE_PAGES == "mayadeen/drop/duplicate"
