"""Crawls of one replica over time, into one database: each article exported once, then only
what is new or edited, with every version kept (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from scrapy_runner import scrapy
from sqlalchemy import create_engine, func, select

from mayadeen.storage.schema import article_versions, articles, breaking, crawl_runs
from testground.replica.compare import compare_to_manifest
from testground.replica.process import ReplicaProcess


def crawl(base_url: str, database: str, feed: Path) -> tuple[list[dict], list[dict]]:
    done = scrapy("crawl", "articles", "-O", str(feed), base_url=base_url, database=database)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    return [r for r in rows if "post_id" in r], [r for r in rows if "post_id" not in r]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    name = f"runs_{tmp_path.name.replace('-', '_').lower()}"[:60]
    return request.getfixturevalue("postgres_server").new_database(name)


def test_second_crawl_exports_nothing_third_exports_exactly_the_changes(database, tmp_path):
    with ReplicaProcess(articles=150, seed=11, log_path=tmp_path / "replica.log") as replica:
        first, first_ticker = crawl(replica.base_url, database, tmp_path / "1.jsonl")
        assert compare_to_manifest(first, replica.manifest()).ok
        assert len(first_ticker) == 10

        second, second_ticker = crawl(replica.base_url, database, tmp_path / "2.jsonl")
        assert (second, second_ticker) == ([], [])

        change = replica.advance(new=5, edit=3)
        third, third_ticker = crawl(replica.base_url, database, tmp_path / "3.jsonl")
        manifest = {m["post_id"]: m for m in replica.manifest()}

    new_ids = [c["post_id"] for c in change["new"]]
    edited_ids = [c["post_id"] for c in change["edited"]]
    assert sorted(i["post_id"] for i in third) == sorted(new_ids + edited_ids)
    for item in third:  # the exported versions are the replica's current ones
        assert compare_to_manifest([item], [manifest[item["post_id"]]]).ok
    assert len(third_ticker) == 5  # one new ticker line per new article

    engine = create_engine(database)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == len(manifest)
        second_versions = conn.execute(
            select(articles.c.post_id)
            .join(article_versions, article_versions.c.article_id == articles.c.id)
            .where(article_versions.c.version == 2)
        ).scalars()
        assert sorted(second_versions) == sorted(edited_ids)
        runs = conn.execute(
            select(crawl_runs.c.items_new, crawl_runs.c.items_updated, crawl_runs.c.items_unchanged,
                   crawl_runs.c.finish_reason).order_by(crawl_runs.c.id)
        ).all()  # fmt: skip
        # Incremental runs fetch again only the articles of the revisit window (3 days before
        # the newest stored one) and what the sitemaps say changed.
        published = {i["post_id"]: datetime.fromisoformat(i["published_at"]) for i in first}
        cutoff = max(published.values()) - timedelta(days=3)
        window = {post_id for post_id, moment in published.items() if moment >= cutoff}
        assert runs == [
            (len(first), 0, 0, "finished"),
            (0, 0, len(window), "finished"),
            (5, 3, len(window - set(edited_ids)), "finished"),
        ]
        assert conn.execute(select(func.count()).select_from(breaking)).scalar() == 15
    engine.dispose()
