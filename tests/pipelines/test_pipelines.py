"""Validation and database pipelines, driven directly (no reactor)."""

from __future__ import annotations

import asyncio
import contextlib
import time

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
    run(pipeline.close_spider())
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
        settings = {"MAYADEEN_DB_RETRY_DELAY": 0, **settings}
        crawler = crawler_factory(MAYADEEN_DATABASE_URL=database_url, **settings)
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
    assert run(first.process_item(article())) is not None
    run(first.close_spider())
    second = db_pipeline()
    with pytest.raises(UnchangedItem):
        run(second.process_item(article()))
    edited = article(body="Changed.")
    assert run(second.process_item(edited)) is edited
    run(second.close_spider())
    third = db_pipeline()
    assert count(third, articles) == 1
    assert count(third, article_versions) == 2
    stats = second.stats.get_stats()
    assert (stats["mayadeen/items/unchanged"], stats["mayadeen/items/updated"]) == (1, 1)
    run(third.close_spider())


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
        # The batch's commit fails once.
        run(pipeline.item_exported(run(pipeline.process_item(item))))
    assert pipeline.stats.get_value("mayadeen/db/retries") == 1
    assert count(pipeline, articles) == 2
    assert count(pipeline, article_versions) == 2
    run(pipeline.close_spider())


def run(coroutine):
    """The pipeline's coroutine, to its end (its retries wait with asyncio.sleep)."""
    return asyncio.run(coroutine)


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
    assert run(pipeline.process_item(first)) is first  # passes on to the feeds
    later = article(post_id="2", url="https://x/news/b")
    assert run(pipeline.process_item(later)) is later
    assert pipeline.broken
    assert pipeline.crawler.engine.closed_with == ["database_unavailable"]
    assert pipeline.stats.get_value("mayadeen/db/retries") == 2
    assert pipeline.stats.get_value("mayadeen/db/not_written") == 2
    run(pipeline.close_spider())


def test_a_retry_waits_without_holding_up_the_crawl(db_pipeline, article, monkeypatch):
    # The wait before a retry is asyncio's: the crawl's other work runs meanwhile; the next
    # item's write waits for the replay (one item's database work at a time).
    pipeline = db_pipeline(MAYADEEN_DB_RETRY_DELAY=0.2)
    failures = iter([OperationalError("INSERT", {}, Exception("server closed the connection"))])
    real_save = pipeline.store.save_article

    def flaky_save(*args, **kwargs):
        if (failure := next(failures, None)) is not None:
            raise failure
        return real_save(*args, **kwargs)

    monkeypatch.setattr(pipeline.store, "save_article", flaky_save)
    items = [article(), article(post_id="2", url="https://x/news/b")]

    async def crawl() -> tuple[list, int]:
        ticks, done = 0, False

        async def other_work() -> None:
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(other_work())
        results = await asyncio.gather(*(pipeline.process_item(item) for item in items))
        for item in results:
            await pipeline.item_exported(item)
        done = True
        await ticker
        return results, ticks

    started = time.monotonic()
    results, ticks = run(crawl())
    assert time.monotonic() - started >= 0.2
    assert ticks >= 5  # time.sleep would have held the loop: 1 tick
    assert results == items
    assert pipeline.stats.get_value("mayadeen/db/retries") == 1
    assert pipeline.stats.get_value("mayadeen/items/new") == 2
    run(pipeline.close_spider())
    assert count(pipeline, articles) == 2


def test_enabled_reads_item_pipelines_by_class():
    from scrapy.settings import Settings

    from mayadeen import settings as project_settings

    settings = Settings()
    settings.setmodule(project_settings)
    assert DatabasePipeline.enabled(settings)

    class Subclass(DatabasePipeline):
        pass

    for pipelines, expected in [
        ({"mayadeen.pipelines.DatabasePipeline": None}, False),  # switched off
        ({"mayadeen.pipelines.database.DatabasePipeline": 300}, True),  # another import path
        ({Subclass: 300}, True),
        ({"mayadeen.pipelines.ValidationPipeline": 100}, False),
    ]:
        settings.set("ITEM_PIPELINES", pipelines)
        assert DatabasePipeline.enabled(settings) is expected, pipelines


def test_the_run_records_the_spiders_duplicate_pages(db_pipeline, article):
    pipeline = db_pipeline()
    run(pipeline.process_item(article()))
    pipeline.stats.inc_value("mayadeen/drop/duplicate", 2)  # the spider's drop(..., "duplicate")
    run(pipeline.close_spider())
    with pipeline.store.engine.connect() as conn:
        row = conn.execute(select(crawl_runs.c.items_new, crawl_runs.c.items_duplicate)).one()
    assert tuple(row) == (1, 2)
    assert DUPLICATE_PAGES == "mayadeen/drop/duplicate"


# One break of each kind the schema knows, the semantic date check included.
BROKEN = [
    {"published_at": "2022-13-07T08:54:00+02:00"},  # no 13th month (a format, not a pattern)
    {"updated_at": "2022-01-07 08:54"},
    {"scraped_at": "yesterday"},
    {"url": "ftp://example.com/x"},
    {"post_id": "12a"},
    {"title": ""},
    {"authors": ["A", ""]},
    {"tags": ["Iran", "Iran"]},
    {"content_type": "podcast"},
    {"word_count": -1},
    {"shares": "3"},
    {"images": [{"url": "https://x.example/a.jpg"}]},
    {"images": [{"url": "https://x.example/a.jpg", "caption": None, "alt": "x"}]},
    {"content_hash": "ABC"},
    {"extra_field": 1},
]


@pytest.mark.parametrize("change", BROKEN, ids=[next(iter(c)) for c in BROKEN])
def test_the_fast_check_and_the_validator_judge_alike(article, change):
    import fastjsonschema

    from mayadeen.pipelines.validation import article_check, article_validator

    item = dict(article()) | change
    assert schema_errors(item) != []
    assert list(article_validator().iter_errors(item)) != []
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        article_check()(item)
    assert list(article_validator().iter_errors(dict(article()))) == []
    assert article_check()(dict(article())) is not None
