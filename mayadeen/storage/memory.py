"""What the database remembers of earlier crawls, read once at spider start: the crawl's memory.

A compact map canonical URL -> (published, updated) of every stored article, plus what the last
finished whole-site run left of each sitemap month (runs of some sections or of a date window, and
interrupted runs, leave gaps: they do not vouch for a month). Read-only: never creates a database
or its schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import create_engine, inspect, or_, select
from sqlalchemy.engine import Connection

from mayadeen.storage.engine import sqlite_file
from mayadeen.storage.schema import SCOPE_SITE, article_versions, articles, crawl_runs

FINISHED = "finished"


@dataclass(frozen=True)
class StoredArticle:
    published: datetime
    updated: datetime  # the stored version's update time (its publication time if none)


@dataclass
class CrawlMemory:
    articles: dict[str, StoredArticle] = field(default_factory=dict)  # canonical URL -> dates
    # Whether a whole-site run has finished: until one has, every sitemap month is checked.
    complete: bool = True
    # The latest update per publication month as stored when the last finished whole-site run
    # ended: a month whose sitemap lastmod is not newer holds nothing unknown.
    month_baseline: dict[tuple[int, int], datetime] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, url: str) -> StoredArticle | None:
        return self.articles.get(url)

    @property
    def newest_published(self) -> datetime | None:
        """The site's own "now" as the memory knows it (the replica's clock is not ours)."""
        return max((a.published for a in self.articles.values()), default=None)


def _database_exists(url: str) -> bool:
    database_file = sqlite_file(url)
    return database_file is None or database_file.exists()


def _month_baseline(conn: Connection, until: datetime) -> dict[tuple[int, int], datetime]:
    """Latest stored update per publication month among the versions recorded by `until`."""
    rows = conn.execute(
        select(articles.c.published_at, article_versions.c.updated_at)
        .join(article_versions, article_versions.c.article_id == articles.c.id)
        .where(article_versions.c.recorded_at <= until)
    )
    latest: dict[tuple[int, int], datetime] = {}
    for published_at, updated_at in rows:
        published = datetime.fromisoformat(published_at)
        updated = datetime.fromisoformat(updated_at or published_at)
        month = (published.year, published.month)
        if month not in latest or updated > latest[month]:
            latest[month] = updated
    return latest


def read_memory(url: str) -> CrawlMemory:
    """The memory of the database at `url`; empty when it does not exist yet."""
    if not _database_exists(url):
        return CrawlMemory()
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(articles.name):
                return CrawlMemory()
            rows = conn.execute(
                select(articles.c.url, articles.c.published_at, articles.c.updated_at)
            )
            # Dates are kept as the site wrote them (its own offset): months stay local.
            memory = CrawlMemory(
                {
                    url: StoredArticle(
                        datetime.fromisoformat(published),
                        datetime.fromisoformat(updated or published),
                    )
                    for url, published, updated in rows
                }
            )
            # Only a finished whole-site run vouches for the months: a run of some sections or
            # of a date window stores articles of a month without the month's others, and an
            # interrupted run leaves gaps. Months are judged as that run left them.
            vouching = conn.execute(
                select(crawl_runs.c.finished_at)
                .where(crawl_runs.c.finish_reason == FINISHED,
                       or_(crawl_runs.c.scope == SCOPE_SITE, crawl_runs.c.scope.is_(None)))
                .order_by(crawl_runs.c.id.desc())
                .limit(1)
            ).first()  # fmt: skip
            memory.complete = vouching is not None
            if vouching is not None:
                memory.month_baseline = _month_baseline(conn, vouching.finished_at)
            return memory
    finally:
        engine.dispose()
