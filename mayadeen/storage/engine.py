"""The SQLAlchemy engine of the store, set up so that several crawls can write one database.

PostgreSQL handles concurrent writers itself. SQLite allows one writer at a time: a second crawl
(an overlapping Scrapyd job) that finds the file locked must wait for the lock instead of failing
with "database is locked", and the lock must be held briefly, so SQLite gets a busy timeout,
write-ahead logging (readers never block the writer nor wait for it) and one commit per item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

# How long a SQLite writer waits for another crawl's write lock before "database is locked".
SQLITE_BUSY_TIMEOUT = 60.0
# Items per commit. SQLite: one (the write lock lasts one item's writes, not a whole batch held
# open while the crawl goes on); PostgreSQL: a batch (row locks only, fewer round trips).
SQLITE_BATCH_SIZE = 1
DEFAULT_BATCH_SIZE = 100


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database in a file (the one that several processes share); None for
    another database or a SQLite database in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def is_sqlite_file(url: str) -> bool:
    return sqlite_file(url) is not None


def default_batch_size(url: str) -> int:
    return SQLITE_BATCH_SIZE if is_sqlite_file(url) else DEFAULT_BATCH_SIZE


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL persists in the file; synchronous=NORMAL is durable enough with WAL and avoids an
        # fsync per commit.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def store_engine(url: str) -> Engine:
    """The engine for `url`: SQLite files ready for concurrent crawls, other URLs as they are."""
    if not is_sqlite_file(url):
        return create_engine(url, future=True, pool_pre_ping=True)
    engine = create_engine(
        url, future=True, pool_pre_ping=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT}
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
