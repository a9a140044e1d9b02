"""What readers search and facet in a SQLite database (`make browse`): a full-text index of the
articles and a listing view with the columns facets need.

- `articles_fts` (FTS5) indexes each article's current title, summary and body. It is an
  external-content table (the text lives once, in `articles`), kept current by triggers: every
  writer of `articles` (the store, the replay of a killed run's feeds, a later migration) updates
  the index in its own transaction without knowing of it, and an unchanged article's visit
  (only `last_seen_at` moves) does not touch it.
- `article_list`: one row per article with its publication day and month (site time), the
  columns the browse UI facets by; authors and tags stay JSON lists (Datasette's array facets).

Created when the store opens a SQLite database, idempotently (IF NOT EXISTS); an index created on
a database that already holds articles is filled once, from `articles`. PostgreSQL has no such
objects.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

SEARCH_TABLE = "articles_fts"
LISTING_VIEW = "article_list"

_INDEXED = "title, summary, body"
_TRIGGERS = {
    "articles_fts_insert": f"""
        AFTER INSERT ON articles BEGIN
          INSERT INTO {SEARCH_TABLE}(rowid, {_INDEXED})
          VALUES (new.id, new.title, new.summary, new.body);
        END""",
    "articles_fts_delete": f"""
        AFTER DELETE ON articles BEGIN
          INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, {_INDEXED})
          VALUES ('delete', old.id, old.title, old.summary, old.body);
        END""",
    "articles_fts_update": f"""
        AFTER UPDATE OF {_INDEXED} ON articles BEGIN
          INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, {_INDEXED})
          VALUES ('delete', old.id, old.title, old.summary, old.body);
          INSERT INTO {SEARCH_TABLE}(rowid, {_INDEXED})
          VALUES (new.id, new.title, new.summary, new.body);
        END""",
}
# published_at carries the site's own offset: its first 10/7 characters are the day and month a
# reader of the site sees. Newest first by the instant (the offset changes with summer time, so
# the text does not sort), along the index on published_utc.
_LISTING = """
    SELECT id, substr(published_at, 1, 10) AS day, substr(published_at, 1, 7) AS month,
           title, section, content_type, region, coverage, tags, authors, word_count,
           version, published_at, updated_at, url
    FROM articles
    ORDER BY published_utc DESC, id DESC"""
SEARCH_OBJECTS = (SEARCH_TABLE, LISTING_VIEW, *_TRIGGERS)


def _present(conn: Connection, names: tuple[str, ...]) -> bool:
    listed = ", ".join(f"'{name}'" for name in names)
    found = conn.exec_driver_sql(f"SELECT count(*) FROM sqlite_master WHERE name IN ({listed})")
    return found.scalar() == len(names)


def search_objects_missing(conn: Connection) -> bool:
    """Whether any of the index, its triggers or the listing view is missing (SQLite)."""
    return not _present(conn, SEARCH_OBJECTS)


def ensure_search_objects(conn: Connection) -> None:
    """Create the index, its triggers and the listing view where missing, in the caller's
    transaction (after `articles` exists). The index is filled from `articles` when it is new,
    or when a trigger was missing (a migration that rebuilt `articles` drops its triggers, and
    writes made without them are not in the index)."""
    stale = not _present(conn, (SEARCH_TABLE, *_TRIGGERS))
    # Porter stemming: "strikes" finds "strike"; unicode61 folds case and diacritics.
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5({_INDEXED}, "
        f"content='articles', content_rowid='id', "
        f"tokenize='porter unicode61 remove_diacritics 2')"
    )
    for name, body in _TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    conn.exec_driver_sql(f"CREATE VIEW IF NOT EXISTS {LISTING_VIEW} AS {_LISTING}")
    if stale:
        conn.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
