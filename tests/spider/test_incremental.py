"""Incremental crawls of one replica into one database: a second crawl with nothing new costs at
most 2% of the first one's requests and exports nothing; after `advance?new=20&edit=5` a crawl
exports exactly those 25; `full=true` fetches everything again.

The issue asks for 10,000 articles; a first crawl of that size takes minutes on a 2-core machine,
so this test uses 2,000 with the same assertions and bench/incremental_bench.py measures 10,000.
"""

from __future__ import annotations

from crawl_tools import crawl
from sqlalchemy import create_engine, func, select

from mayadeen.storage.schema import articles
from testground.replica.compare import compare_to_manifest
from testground.replica.process import ReplicaProcess


def test_second_crawl_costs_at_most_2_percent_and_third_exports_exactly_the_changes(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with ReplicaProcess(articles=2000, seed=5, log_path=tmp_path / "replica.log") as replica:
        first = crawl(replica.base_url, database, tmp_path, "first")
        result = compare_to_manifest(first.articles, replica.manifest())
        assert result.ok, result.describe()

        second = crawl(replica.base_url, database, tmp_path, "second")
        assert (second.articles, second.breaking) == ([], [])
        assert second.requests <= 0.02 * first.requests, (second.requests, first.requests)
        assert second.stats["mayadeen/incremental/sitemaps_skipped"] == 48  # every month

        change = replica.advance(new=20, edit=5)
        third = crawl(replica.base_url, database, tmp_path, "third")
        manifest = {m["post_id"]: m for m in replica.manifest()}

    changed = [c["post_id"] for c in change["new"] + change["edited"]]
    assert sorted(a["post_id"] for a in third.articles) == sorted(changed)
    for item in third.articles:  # the exported versions are the replica's current ones
        assert compare_to_manifest([item], [manifest[item["post_id"]]]).ok
    assert len(third.breaking) == 10  # the ticker shows 10 lines, all of them new ones
    engine = create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == len(manifest)
    engine.dispose()


def test_full_crawl_ignores_the_memory(replica, tmp_path):
    base_url = replica(articles=120, seed=4)
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    first = crawl(base_url, database, tmp_path, "first")
    again = crawl(base_url, database, tmp_path, "again", "-a", "full=true")
    assert again.requests == first.requests
    assert again.stats["mayadeen/items/unchanged"] == len(first.articles)
    assert again.articles == []  # fetched again, but nothing changed: nothing exported
    assert not any(key.startswith("mayadeen/incremental/") for key in again.stats)
