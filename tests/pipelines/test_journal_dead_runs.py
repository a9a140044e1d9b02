"""The journal's idea of a dead run: its pid gone, or the pid now held by a process that started
after the run (pids are reused; in a container each crawl may be pid 1). A live run's feed is never
replayed under it; a dead run's feed is replayed once and its half-written last line cut."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from mayadeen.feeds.journal import (
    KILLED,
    dead_runs,
    process_start,
    record_feeds,
    recover_dead_runs,
)
from mayadeen.storage import ArticleStore
from mayadeen.storage.schema import articles, crawl_runs


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _set_started(store: ArticleStore, run_id: int, when: datetime) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(crawl_runs).where(crawl_runs.c.id == run_id).values(started_at=when))


def test_process_start_of_this_process_is_before_now():
    started = process_start(os.getpid())
    assert started is not None
    assert started <= datetime.now(UTC)
    assert process_start(_gone_pid()) is None


def test_a_reused_pid_does_not_keep_a_dead_run_alive(tmp_path, article, monkeypatch):
    store = ArticleStore.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    feed = tmp_path / "killed.jsonl"
    item = dict(article())
    feed.write_text(json.dumps(item) + "\n" + '{"url": "half-writ', encoding="utf-8")

    # Run 1 was written by "this" pid, but long before this process started: the pid was reused
    # (a container restarted, the new crawl is pid 1 again). Run 2 is alive: this process, which
    # started before it. Run 3's pid is gone.
    dead_reused, alive, gone = (store.start_run("articles") for _ in range(3))
    current = store.start_run("articles")
    _set_started(store, dead_reused, datetime.now(UTC) - timedelta(days=30))
    record_feeds(store, dead_reused, [str(feed)])
    record_feeds(store, alive, [str(tmp_path / "alive.jsonl")])
    monkeypatch.setattr(os, "getpid", _gone_pid)
    record_feeds(store, gone, [str(tmp_path / "missing.jsonl")])
    monkeypatch.undo()

    assert sorted(dead_runs(store, current)) == [dead_reused, gone]
    recovered = recover_dead_runs(store, current)
    assert [(r.run_id, r.items, r.cut_bytes) for r in recovered] == [
        (dead_reused, 1, len('{"url": "half-writ')),
        (gone, 0, 0),
    ]
    assert feed.read_text(encoding="utf-8") == json.dumps(item) + "\n"
    with store.engine.connect() as conn:
        assert conn.execute(select(articles.c.post_id)).scalars().all() == [item["post_id"]]
        reasons = conn.execute(select(crawl_runs.c.finish_reason).order_by(crawl_runs.c.id))
        assert reasons.scalars().all() == [KILLED, None, KILLED, None]
    # Recovered once: the next look finds nothing more to replay.
    assert recover_dead_runs(store, current) == []
    store.close()
