"""Crawls that are stopped and started again: a JOBDIR job resumed after SIGTERM, a crawl killed
with SIGKILL and run again, a finished JOBDIR reused. Each article ends up stored once and in
the feeds of the runs taken together exactly once."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from crawl_tools import crawl, crawl_process, feed_rows, finished
from sqlalchemy import create_engine, func, select

from mayadeen.storage.schema import article_versions, articles, crawl_runs
from testground.replica.compare import compare_to_manifest
from testground.replica.process import ReplicaProcess

ARTICLES = 500


def wait_for_lines(feed: Path, count: int, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if feed.exists() and feed.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, "the crawl ended before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError(f"{feed} did not reach {count} lines")


def stored(database: str) -> tuple[int, int, list]:
    engine = create_engine(database)
    with engine.connect() as conn:
        counts = (
            conn.execute(select(func.count()).select_from(articles)).scalar(),
            conn.execute(select(func.count()).select_from(article_versions)).scalar(),
            conn.execute(select(crawl_runs.c.finish_reason).order_by(crawl_runs.c.id)).all(),
        )
    engine.dispose()
    return counts


def test_sigterm_then_resume_from_jobdir(replica, tmp_path):
    base_url = replica(articles=ARTICLES)
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    jobdir = str(tmp_path / "job")
    first = crawl_process(base_url, database, tmp_path, "first", JOBDIR=jobdir)
    wait_for_lines(tmp_path / "first.jsonl", 150, first)
    first.send_signal(signal.SIGTERM)  # one Ctrl-C: Scrapy stops gracefully, the job is saved
    stopped = finished(first, tmp_path, "first")
    assert stopped.stats["finish_reason"] == "shutdown"
    assert 150 <= len(stopped.articles) < ARTICLES

    resumed = crawl(base_url, database, tmp_path, "resumed", JOBDIR=jobdir)
    assert resumed.stats["finish_reason"] == "finished"
    manifest = json.loads(json.dumps(_manifest(base_url)))
    both = stopped.articles + resumed.articles
    result = compare_to_manifest(both, manifest)
    assert result.ok, result.describe()
    assert stored(database) == (len(manifest), len(manifest), [("shutdown",), ("finished",)])


def test_sigkill_then_a_new_run_completes_the_crawl(replica, tmp_path):
    base_url = replica(articles=ARTICLES)
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    # One batch for the whole crawl: at the kill every exported item is uncommitted, so the next
    # run must replay the killed run's feed to keep it from exporting them again.
    first = crawl_process(base_url, database, tmp_path, "killed", MAYADEEN_DB_BATCH_SIZE="100000")
    wait_for_lines(tmp_path / "killed.jsonl", 150, first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert stored(database) == (0, 0, [(None,)])  # nothing was committed

    rerun = crawl(base_url, database, tmp_path, "rerun")
    # Half-written last line cut: all parse. The 150 complete lines include the ticker's.
    killed_articles, killed_ticker = feed_rows(tmp_path / "killed.jsonl")
    assert len(killed_articles) + len(killed_ticker) >= 150
    assert len(killed_ticker) <= 10
    assert rerun.stats["mayadeen/db/recovered_items"] >= len(killed_articles)
    manifest = _manifest(base_url)
    result = compare_to_manifest(killed_articles + rerun.articles, manifest)
    assert result.ok, result.describe()
    assert stored(database) == (len(manifest), len(manifest), [("killed",), ("finished",)])


def test_a_finished_jobdir_serves_the_next_run(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    jobdir = str(tmp_path / "job")
    with ReplicaProcess(articles=120, seed=21, log_path=tmp_path / "replica.log") as replica:
        first = crawl(replica.base_url, database, tmp_path, "first", JOBDIR=jobdir)
        assert compare_to_manifest(first.articles, replica.manifest()).ok
        change = replica.advance(new=2, edit=2)
        second = crawl(replica.base_url, database, tmp_path, "second", JOBDIR=jobdir)
    changed = [c["post_id"] for c in change["new"] + change["edited"]]
    # The edited articles' URLs were fetched by the finished job: still fetched again.
    assert sorted(a["post_id"] for a in second.articles) == sorted(changed)


def _manifest(base_url: str) -> list[dict]:
    import urllib.request

    with urllib.request.urlopen(base_url + "/__replica__/manifest.jsonl", timeout=120) as response:
        return [json.loads(line) for line in response.read().splitlines()]
