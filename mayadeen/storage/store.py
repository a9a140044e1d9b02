"""`ArticleStore`: the one place that writes the database, through SQLAlchemy 2 Core.

Writes go through dialect upserts (`INSERT ... ON CONFLICT`) so that two crawls writing the same
database at once (overlapping Scrapyd jobs, distributed crawls) neither fail nor duplicate rows.
Commits are batched; `flush()` commits what is pending.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import bindparam, func, insert, inspect, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError

from mayadeen.items import ARTICLE_FIELDS, VOLATILE_FIELDS
from mayadeen.storage.engine import DEFAULT_BATCH_SIZE, store_engine
from mayadeen.storage.schema import (
    CAUSE_REPARSE,
    CAUSE_SITE,
    MIGRATIONS,
    SCHEMA_VERSION,
    SCOPE_SITE,
    article_tags,
    article_versions,
    articles,
    breaking,
    crawl_runs,
    metadata,
    schema_version,
    tags,
)
from mayadeen.storage.search import ensure_search_objects, search_objects_missing

logger = logging.getLogger(__name__)
_SCHEMA_LOCK = 0x6D617961  # PostgreSQL advisory lock key of schema creation ("maya")

ArticleStatus = Literal["new", "updated", "unchanged"]
# Every item field is a column of `articles` (tests/test_items.py checks the table against it).
ARTICLE_COLUMNS = ARTICLE_FIELDS
# What a re-extraction compares: every field read from the page, not the time of the capture.
REPARSE_COMPARED = tuple(c for c in ARTICLE_COLUMNS if c not in VOLATILE_FIELDS)

# The statements of save_article, built once: building a statement with .values() coerces every
# value in Python, which cost as much as the write itself. Executed with a dict of parameters,
# an UPDATE sets the columns the dict names (SQLAlchemy derives the SET clause from its keys).
_FOUND_COLUMNS = (
    articles.c.id, articles.c.url, articles.c.content_hash, articles.c.updated_at,
    articles.c.version,
)  # fmt: skip
_EVERY_FIELD_COLUMNS = _FOUND_COLUMNS + tuple(
    articles.c[name] for name in REPARSE_COMPARED if name not in ("url", "content_hash",
                                                                  "updated_at")
)  # fmt: skip


def _finders(columns: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    """The article by post id; by URL among those without one; by URL."""
    return (
        select(*columns).where(articles.c.post_id == bindparam("find_post_id")),
        select(*columns).where(
            articles.c.url == bindparam("find_url"), articles.c.post_id.is_(None)
        ),
        select(*columns).where(articles.c.url == bindparam("find_url")),
    )


_FIND = {False: _finders(_FOUND_COLUMNS), True: _finders(_EVERY_FIELD_COLUMNS)}
# (bindparam names must not be column names: those are the SET clause's.)
_UPDATE_ARTICLE = update(articles).where(articles.c.id == bindparam("article_id"))


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or written."""


class StoreConflict(RuntimeError):
    """An item's identity clashes with a different stored article (same URL, other post id)."""


class SchemaTooNew(RuntimeError):
    """The database was created by a newer mayadeen: refuse to write into it."""


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


class ArticleStore:
    def __init__(self, engine: Engine, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self._conn: Connection | None = None
        self._pending = 0
        # Fields that differed from the stored version in the last save_article of a
        # re-extraction (a crawl compares content hash and update time only).
        self.changed_fields: list[str] = []
        dialect = engine.dialect.name
        if dialect == "postgresql":
            self._insert = postgresql.insert
        elif dialect == "sqlite":
            self._insert = sqlite.insert
        else:
            raise ValueError(f"unsupported database dialect {dialect!r}: use SQLite or PostgreSQL")
        self._insert_version = self._insert(article_versions).on_conflict_do_nothing()

    @classmethod
    def from_url(cls, url: str, batch_size: int = DEFAULT_BATCH_SIZE) -> ArticleStore:
        store = cls(store_engine(url), batch_size=batch_size)
        store.ensure_schema()
        return store

    # --- schema -----------------------------------------------------------------------------
    def ensure_schema(self) -> int:
        """Create the schema on first use and record its version; refuse a newer one."""
        for attempt in (1, 2):
            try:
                return self._create_schema()
            except (IntegrityError, ProgrammingError, OperationalError) as exc:
                if attempt == 2:
                    raise StoreUnavailable(
                        f"cannot open database {self.engine.url!r}: {exc}"
                    ) from exc
                # Two crawls starting on a new database both create its tables: the one that
                # lost the race fails on a table (or version row) the other made; a second look
                # finds them.
                logger.info("creating the schema failed (%s); checking again", exc)
        raise AssertionError("unreachable")

    def _schema_is_current(self) -> bool:
        """Whether the schema is there at this version: a read, no lock (the version row is
        written in the transaction that creates or migrates the tables)."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(schema_version.name):
                return False
            if conn.dialect.name == "sqlite" and search_objects_missing(conn):
                return False
            return conn.execute(select(func.max(schema_version.c.version))).scalar() == (
                SCHEMA_VERSION
            )

    def _create_schema(self) -> int:
        if self._schema_is_current():  # a crawl opening a database in use takes no write lock
            return SCHEMA_VERSION
        with self.engine.begin() as conn:
            # Processes starting together (a distributed crawl, overlapping Scrapyd jobs) create
            # the schema one after the other, each holding a lock to the end of its transaction.
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            elif conn.dialect.name == "sqlite":
                # pysqlite opens no transaction for DDL: each CREATE TABLE would commit alone and
                # another process could create the next table in between. BEGIN IMMEDIATE takes
                # the write lock first (the others wait, within the busy timeout).
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            metadata.create_all(conn, checkfirst=True)
            if conn.dialect.name == "sqlite":  # full-text search: SQLite's FTS5 (storage/search)
                ensure_search_objects(conn)
            found = conn.execute(select(func.max(schema_version.c.version))).scalar()
            if found is None:
                conn.execute(
                    insert(schema_version).values(version=SCHEMA_VERSION, applied_at=_now())
                )
                return SCHEMA_VERSION
            if found > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"database schema version {found} is newer than this mayadeen's "
                    f"{SCHEMA_VERSION}: upgrade mayadeen"
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(version, ()):
                    conn.execute(text(statement))
                conn.execute(insert(schema_version).values(version=version, applied_at=_now()))
                logger.info("database schema migrated to version %d", version)
            return SCHEMA_VERSION

    # --- transactions -----------------------------------------------------------------------
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            self._conn = self.engine.connect()
            self._conn.begin()
        return self._conn

    def _wrote(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Commit every pending write."""
        if self._conn is not None:
            try:
                self._conn.commit()
            finally:
                self._pending = 0

    def rollback(self) -> None:
        """Drop the pending writes and the connection (after a failed write)."""
        if self._conn is not None:
            try:
                self._conn.rollback()
                self._conn.close()
            except SQLAlchemyError:
                logger.debug("rollback on a broken connection failed", exc_info=True)
            self._conn = None
            self._pending = 0

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self.engine.dispose()

    # --- crawl runs ---------------------------------------------------------------------------
    def start_run(self, spider: str, job: str | None = None, scope: str = SCOPE_SITE) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                insert(crawl_runs)
                .values(spider=spider, job=job, started_at=_now(), scope=scope)
                .returning(crawl_runs.c.id)
            ).scalar_one()

    def finish_run(self, run_id: int, reason: str, counts: Mapping[str, int]) -> None:
        self.flush()
        with self.engine.begin() as conn:
            conn.execute(
                update(crawl_runs)
                .where(crawl_runs.c.id == run_id)
                .values(finished_at=_now(), finish_reason=reason, **counts)
            )

    # --- articles -------------------------------------------------------------------------------
    def _find(self, item: Mapping[str, Any], every_field: bool = False) -> Any:
        by_post_id, by_url_without_post_id, by_url = _FIND[every_field]
        if item.get("post_id"):
            row = self.conn.execute(by_post_id, {"find_post_id": item["post_id"]}).first()
            if row is not None:
                return row
            return self.conn.execute(by_url_without_post_id, {"find_url": item["url"]}).first()
        return self.conn.execute(by_url, {"find_url": item["url"]}).first()

    def save_article(
        self, item: Mapping[str, Any], run_id: int | None = None, cause: str = CAUSE_SITE
    ) -> ArticleStatus:
        """Store one validated article item; say whether it was new, updated or unchanged.

        A crawl (cause "site") counts an article changed when its text or update time did; a
        re-extraction (cause "reparse") when any field but scraped_at did, since the page is the
        same and only our reading of it changed. A re-extraction leaves last_seen_at alone (the
        site was not seen) and writes nothing for an unchanged article."""
        now = _now()
        reparse = cause == CAUSE_REPARSE
        self.changed_fields = []
        values = {key: item.get(key) for key in ARTICLE_COLUMNS}
        values["published_utc"] = _utc(item["published_at"])
        row = self._find(item, every_field=reparse)
        if row is None:
            inserted = self.conn.execute(
                self._insert(articles)
                .values(
                    **values, version=1, first_seen_at=now, last_seen_at=now, last_run_id=run_id
                )
                .on_conflict_do_nothing()
                .returning(articles.c.id)
            ).scalar()
            if inserted is None:  # another crawl inserted it meanwhile
                row = self._find(item)
                if row is None:
                    raise StoreConflict(
                        f"article {item.get('post_id') or item['url']} conflicts with a "
                        f"different stored article at the same URL"
                    )
            else:
                self._add_version(inserted, 1, item, run_id, now, cause)
                self._set_tags(inserted, item.get("tags") or [])
                self._wrote()
                return "new"
        if row.url != item["url"]:
            self._check_url_free(item, row.id)
        # A row first stored without a post id takes the item's once it is known.
        adopt = {"post_id": item["post_id"]} if item.get("post_id") else {}
        if reparse:
            self.changed_fields = [
                name for name in REPARSE_COMPARED if getattr(row, name) != item.get(name)
            ]
            if not self.changed_fields:
                return "unchanged"
            seen = {}  # the article's versions and columns change; its sighting does not
        else:
            seen = {"last_seen_at": now}
        # An edit the text does not show (new images, a re-dated post) is still a new version.
        if (
            not reparse
            and row.content_hash == item["content_hash"]
            and row.updated_at == item.get("updated_at")
        ):
            self.conn.execute(
                _UPDATE_ARTICLE,
                {"article_id": row.id, "last_seen_at": now, "last_run_id": run_id, **adopt},
            )
            self._wrote()
            return "unchanged"
        version = row.version + 1
        self.conn.execute(
            _UPDATE_ARTICLE,
            {"article_id": row.id, **values, "version": version, "last_run_id": run_id, **seen},
        )
        self._add_version(row.id, version, item, run_id, now, cause)
        if not reparse or "tags" in self.changed_fields:  # (a crawl does not read them back)
            self._set_tags(row.id, item.get("tags") or [])
        self._wrote()
        return "updated"

    def _check_url_free(self, item: Mapping[str, Any], article_id: int) -> None:
        """An article moving to a URL that another stored article holds is a conflict, told
        before the update (a unique-key violation would abort the whole open batch)."""
        holder = self.conn.execute(
            select(articles.c.post_id).where(articles.c.url == item["url"],
                                             articles.c.id != article_id)
        ).first()  # fmt: skip
        if holder is not None:
            raise StoreConflict(
                f"article {item.get('post_id') or item['url']} moved to {item['url']}, which "
                f"stored article {holder.post_id or '(no post id)'} holds"
            )

    def _add_version(
        self,
        article_id: int,
        version: int,
        item: Mapping[str, Any],
        run_id: int | None,
        now: datetime,
        cause: str = CAUSE_SITE,
    ) -> None:
        self.conn.execute(
            self._insert_version,
            {
                "article_id": article_id,
                "version": version,
                "content_hash": item["content_hash"],
                "updated_at": item.get("updated_at"),
                "item": dict(item),
                "recorded_at": now,
                "run_id": run_id,
                "cause": cause,
            },
        )

    def _set_tags(self, article_id: int, names: list[str]) -> None:
        self.conn.execute(article_tags.delete().where(article_tags.c.article_id == article_id))
        if not names:
            return
        self.conn.execute(
            self._insert(tags).on_conflict_do_nothing(), [{"name": name} for name in names]
        )
        found = self.conn.execute(select(tags.c.name, tags.c.id).where(tags.c.name.in_(names)))
        ids = {name: tag_id for name, tag_id in found}
        self.conn.execute(
            insert(article_tags),
            [
                {"article_id": article_id, "tag_id": ids[name], "position": position}
                for position, name in enumerate(names)
            ],
        )

    # --- breaking ticker ------------------------------------------------------------------------
    def save_breaking(self, item: Mapping[str, Any]) -> bool:
        """Store a ticker line; True when its text was not stored before."""
        now = _now()
        inserted = self.conn.execute(
            self._insert(breaking)
            .values(
                text=item["text"],
                url=item.get("url"),
                first_seen_at=item["first_seen_at"],
                last_seen_at=now,
                seen_on=item.get("seen_on"),
            )
            .on_conflict_do_nothing()
            .returning(breaking.c.id)
        ).scalar()
        if inserted is None:
            self.conn.execute(
                update(breaking).where(breaking.c.text == item["text"]).values(last_seen_at=now)
            )
        self._wrote()
        return inserted is not None
