"""What the database remembers of earlier crawls, read once at spider start: the crawl's memory.

A compact map canonical URL -> (published, updated) of every stored article, plus whether the
last run finished (an interrupted run may have left gaps, so the next one must not trust the
memory to stop early). Read-only: never creates a database or its schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import make_url

from mayadeen.storage.schema import articles, crawl_runs

FINISHED = "finished"


@dataclass(frozen=True)
class StoredArticle:
    published: datetime
    updated: datetime  # the stored version's update time (its publication time if none)


@dataclass
class CrawlMemory:
    articles: dict[str, StoredArticle] = field(default_factory=dict)  # canonical URL -> dates
    # False when the latest run did not finish (killed, stopped, closed early): its gaps are
    # unknown, so every sitemap month is checked.
    complete: bool = True

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, url: str) -> StoredArticle | None:
        return self.articles.get(url)

    @property
    def newest_published(self) -> datetime | None:
        """The site's own "now" as the memory knows it (the replica's clock is not ours)."""
        return max((a.published for a in self.articles.values()), default=None)

    def month_updated(self) -> dict[tuple[int, int], datetime]:
        """The latest stored update per publication month (site local time, as the sitemaps)."""
        latest: dict[tuple[int, int], datetime] = {}
        for stored in self.articles.values():
            month = (stored.published.year, stored.published.month)
            if month not in latest or stored.updated > latest[month]:
                latest[month] = stored.updated
        return latest


def _database_exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return parsed.database in (None, "", ":memory:") or Path(parsed.database).exists()


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
            last = conn.execute(
                select(crawl_runs.c.finish_reason).order_by(crawl_runs.c.id.desc()).limit(1)
            ).first()
            memory.complete = last is None or last.finish_reason == FINISHED
            return memory
    finally:
        engine.dispose()
