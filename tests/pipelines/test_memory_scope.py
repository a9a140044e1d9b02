"""The crawl memory trusts sitemap months only as a finished whole-site run left them, and an
old database is migrated to the current schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, func, inspect, select, text

from mayadeen.storage import SCHEMA_VERSION, ArticleStore
from mayadeen.storage.memory import read_memory
from mayadeen.storage.schema import SCOPE_PARTIAL, SCOPE_SITE, schema_version


def save(store, article, run, **fields):
    store.save_article(article(**fields), run)
    store.flush()


def test_only_finished_whole_site_runs_vouch_for_months(database_url, article):
    store = ArticleStore.from_url(database_url)
    first = article()  # published 2022-01-07, month (2022, 1)
    run = store.start_run("articles", scope=SCOPE_PARTIAL)
    save(store, article, run)
    store.finish_run(run, "finished", {})
    memory = read_memory(database_url)
    assert (memory.complete, memory.month_baseline) == (False, {})  # a partial run vouches not

    run = store.start_run("articles", scope=SCOPE_SITE)
    store.finish_run(run, "finished", {})
    memory = read_memory(database_url)
    assert memory.complete
    assert memory.month_baseline == {(2022, 1): datetime.fromisoformat(first["updated_at"])}

    # A later partial run stores a newer article of the same month: the month keeps the
    # baseline of the whole-site run, so a full run still reads that month's sitemap.
    run = store.start_run("articles", scope=SCOPE_PARTIAL)
    save(
        store,
        article,
        run,
        post_id="2",
        url="https://x/news/b",
        published_at="2022-01-20T10:00:00+02:00",
        updated_at="2022-01-21T10:00:00+02:00",
    )
    store.finish_run(run, "finished", {})
    memory = read_memory(database_url)
    assert memory.month_baseline == {(2022, 1): datetime.fromisoformat(first["updated_at"])}
    assert len(memory) == 2

    run = store.start_run("articles", scope=SCOPE_SITE)  # killed: never finished
    assert read_memory(database_url).month_baseline == {
        (2022, 1): datetime.fromisoformat(first["updated_at"])
    }
    store.close()


def test_version_1_database_is_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    ArticleStore.from_url(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:  # make it a version-1 database: no scope column
        conn.execute(text("ALTER TABLE crawl_runs DROP COLUMN scope"))
        conn.execute(text("ALTER TABLE article_versions DROP COLUMN cause"))  # version 3's
        conn.execute(schema_version.delete())
        conn.execute(schema_version.insert().values(version=1, applied_at=datetime(2026, 1, 1)))
    store = ArticleStore.from_url(url)
    run = store.start_run("articles", scope=SCOPE_PARTIAL)
    store.close()
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("crawl_runs")}
        assert "scope" in columns
        assert conn.execute(select(func.max(schema_version.c.version))).scalar() == SCHEMA_VERSION
        assert (
            conn.execute(text("SELECT scope FROM crawl_runs WHERE id = :id"), {"id": run}).scalar()
            == SCOPE_PARTIAL
        )
    engine.dispose()
