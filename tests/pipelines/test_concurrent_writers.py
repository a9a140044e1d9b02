"""Several crawls writing one database (overlapping Scrapyd jobs): SQLite waits for the other
writer instead of failing, commits each item, and two crawls creating the schema at once both
open the database."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from mayadeen.storage import SCHEMA_VERSION, ArticleStore
from mayadeen.storage.engine import SQLITE_BUSY_TIMEOUT, default_batch_size, store_engine
from mayadeen.storage.schema import articles
from mayadeen.storage.store import StoreUnavailable
from testground.replica.process import scrapy_env


def test_sqlite_file_engine_waits_for_the_lock_and_logs_ahead(tmp_path):
    engine = store_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT * 1000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()


def test_items_per_commit_by_database():
    assert default_batch_size("sqlite:////var/lib/mayadeen/db.sqlite3") == 1
    assert default_batch_size("sqlite://") == 100  # in memory: one process only
    assert default_batch_size("postgresql+psycopg://u@127.0.0.1:5432/mayadeen") == 100


def test_second_writer_waits_for_the_first_to_commit(tmp_path, article):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    first = ArticleStore.from_url(url, batch_size=100)
    second = ArticleStore.from_url(url, batch_size=1)
    assert first.save_article(article()) == "new"  # its transaction holds the write lock
    outcome: list[object] = []

    def write_same_and_other() -> None:
        try:
            outcome.append(second.save_article(article()))
            outcome.append(second.save_article(article(post_id="2", url="https://x/news/b")))
        except Exception as exc:  # reported below
            outcome.append(exc)

    writer = threading.Thread(target=write_same_and_other)
    writer.start()
    writer.join(0.5)  # let it reach the lock: it waits there (busy timeout) instead of failing
    assert outcome == []
    first.flush()  # releases the lock; the waiting writer goes on
    writer.join(SQLITE_BUSY_TIMEOUT)
    # The article the first crawl stored is found there, not stored twice.
    assert outcome == ["unchanged", "new"]
    with first.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 2
    first.close()
    second.close()


def test_schema_created_meanwhile_by_another_crawl(database_url, monkeypatch):
    store = ArticleStore.from_url(database_url)
    real = store._create_schema
    calls = []

    def lost_the_race() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("INSERT INTO schema_version", {}, Exception("UNIQUE constraint"))
        return real()

    monkeypatch.setattr(store, "_create_schema", lost_the_race)
    assert store.ensure_schema() == SCHEMA_VERSION
    assert len(calls) == 2
    store.close()


def test_schema_failing_twice_is_unavailable(tmp_path, monkeypatch):
    store = ArticleStore.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def broken() -> int:
        raise IntegrityError("CREATE TABLE", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store, "_create_schema", broken)
    with pytest.raises(StoreUnavailable, match="disk I/O error"):
        store.ensure_schema()
    store.close()


# Each child waits for the go file, then opens (and so creates) the store.
_CREATE_WHEN_TOLD = """
import os, sys, time
from mayadeen.storage import ArticleStore
go, url = sys.argv[1], sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.001)
ArticleStore.from_url(url).close()
"""


def test_processes_creating_a_new_sqlite_schema_together_all_open_it(tmp_path):
    # pysqlite commits each CREATE TABLE alone: without the write lock taken first, the
    # processes interleave their tables and fail with "table ... already exists".
    env = scrapy_env()
    for trial in range(4):
        url, go = f"sqlite:///{tmp_path / f'db{trial}.sqlite3'}", tmp_path / f"go{trial}"
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _CREATE_WHEN_TOLD, str(go), url],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        time.sleep(1.5)  # every child imported and waiting
        go.touch()
        failures = [c.communicate(timeout=120)[1] for c in children if c.wait(timeout=120)]
        assert failures == [], failures[0][-500:]
        store = ArticleStore.from_url(url)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1
        store.close()
