"""SIGKILL inside an open database batch, on SQLite and PostgreSQL (bench/reliability_crash.py's
experiment, one trial each; the figures script runs many): nothing committed is lost, no row is
half-written, the feed parses up to its last complete line, every WARC file passes `warcio check`
up to its last complete record and holds every committed article's page, and the next run replays
the dead run's feed and ends with every manifest article exactly once, its archive mended (files
cut to their last complete record, each record indexed once, no payload archived twice)."""

from __future__ import annotations

import pytest

from bench.reliability_crash import KillPlan, run_trial
from testground.replica.process import ReplicaProcess


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    log = tmp_path_factory.mktemp("crash-replica") / "replica.log"
    with ReplicaProcess(articles=150, seed=9, log_path=log) as server:
        yield server, server.manifest()


def _check(result) -> None:
    assert result.problems == []
    assert result.killed and result.mid_batch
    snapshot = result.at_kill
    assert snapshot.committed <= result.after_kill.ids
    archive = result.archive
    assert archive.files >= 1 and archive.checked == archive.files
    assert result.committed_not_archived == []
    assert result.archive_problems == []
    assert result.rerun_ok


def test_sqlite_kill_with_a_write_transaction_open(replica, tmp_path):
    server, manifest = replica
    plan = KillPlan("sqlite", after_lines=40, mode="open_tx", batch_size=10)
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = run_trial(plan, server.base_url, database, manifest, tmp_path)
    assert result.at_kill.open_tx
    _check(result)


def test_postgresql_kill_with_the_feed_ahead_of_the_database(replica, postgres_server, tmp_path):
    server, manifest = replica
    plan = KillPlan("postgresql", after_lines=60, mode="feed_ahead")  # batches of 100
    database = postgres_server.new_database("crash_kill_test")
    result = run_trial(plan, server.base_url, database, manifest, tmp_path)
    # Killed with exported articles not committed yet: the rerun had to replay them.
    assert result.at_kill.feed_articles - result.at_kill.committed
    _check(result)
