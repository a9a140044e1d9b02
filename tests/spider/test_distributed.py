"""Two crawler processes share one crawl through a real redis-server and store into one real
PostgreSQL: each does a real share, and every article is stored and exported exactly once."""

from __future__ import annotations

import pytest
import redis
from crawl_tools import crawl_process, finished
from sqlalchemy import create_engine, func, select

from mayadeen.storage.schema import articles
from testground.devservers import RedisServer
from testground.replica.compare import compare_to_manifest
from testground.replica.process import ReplicaProcess, terminate


@pytest.fixture
def postgres_database(postgres_server, tmp_path) -> str:
    return postgres_server.new_database(f"shared_{tmp_path.name.replace('-', '_').lower()}"[:60])


def test_two_processes_share_one_crawl(postgres_database, tmp_path):
    with (
        RedisServer() as server,
        ReplicaProcess(articles=2000, seed=6, log_path=tmp_path / "replica.log") as replica,
    ):
        settings = {"MAYADEEN_REDIS_URL": server.url, "CONCURRENT_REQUESTS": "16"}
        workers = [
            crawl_process(replica.base_url, postgres_database, tmp_path, name, **settings)
            for name in ("a", "b")
        ]
        try:
            crawls = [finished(w, tmp_path, name) for w, name in zip(workers, "ab", strict=True)]
        finally:  # a failed worker must not leave its partner waiting on the shared queue
            for worker in workers:
                terminate(worker)
        manifest = replica.manifest()
        assert redis.Redis.from_url(server.url).keys("*") == []  # the last one out cleared up

    for crawl in crawls:
        assert crawl.stats["scheduler/dequeued/redis"] > 0
        assert len(crawl.articles) > 0.2 * len(manifest), [len(c.articles) for c in crawls]
    result = compare_to_manifest(crawls[0].articles + crawls[1].articles, manifest)
    assert result.ok, result.describe()
    engine = create_engine(postgres_database)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == len(manifest)
    engine.dispose()
