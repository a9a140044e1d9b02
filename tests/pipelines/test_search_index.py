"""The SQLite full-text index and listing view (mayadeen/storage/search.py): created with the
schema, filled once for articles stored before it existed, kept current as articles are saved
and versioned, and left alone by unchanged visits."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mayadeen.storage import ArticleStore
from mayadeen.storage.search import SEARCH_OBJECTS, SEARCH_TABLE


@pytest.fixture
def sqlite_store(tmp_path):
    store = ArticleStore.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", batch_size=1)
    yield store
    store.close()


def matches(store: ArticleStore, query: str) -> list[str]:
    """Post ids of the articles matching an FTS5 query, best first."""
    with store.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    f"SELECT a.post_id FROM {SEARCH_TABLE} JOIN articles a "
                    f"ON a.id = {SEARCH_TABLE}.rowid WHERE {SEARCH_TABLE} MATCH :q ORDER BY rank"
                ),
                {"q": query},
            ).scalars()
        )


def check_integrity(store: ArticleStore) -> None:
    """FTS5's own check that the index holds exactly the text of `articles` (raises if not)."""
    with store.engine.begin() as conn:
        conn.execute(
            text(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rank) VALUES ('integrity-check', 1)")
        )


def test_saved_and_versioned_articles_are_searchable(sqlite_store, article):
    sqlite_store.save_article(article(), run_id=None)
    sqlite_store.save_article(
        article(post_id="2", url="https://english.almayadeen.net/news/b", title="Gaza talks",
                summary="Negotiators met.", body="Ceasefire talks resumed in Cairo."),
        run_id=None,
    )  # fmt: skip
    assert matches(sqlite_store, "countrywide") == ["1542337"]
    assert matches(sqlite_store, "ceasefire") == ["2"]
    assert matches(sqlite_store, '"critical red"') == ["1542337"]  # a phrase of the title
    assert matches(sqlite_store, "negotiator") == ["2"]  # stemmed: "Negotiators"

    # A new version replaces the indexed text: the old words no longer find the article.
    status = sqlite_store.save_article(
        article(body="Kazakhstan lifted the state of emergency in Almaty."), run_id=None
    )
    assert status == "updated"
    assert matches(sqlite_store, "countrywide") == []
    assert matches(sqlite_store, "emergency") == ["1542337"]
    check_integrity(sqlite_store)


def test_unchanged_visit_leaves_the_index_alone(sqlite_store, article):
    sqlite_store.save_article(article(), run_id=None)
    with sqlite_store.engine.connect() as conn:
        before = conn.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}_data")).scalar()
    assert sqlite_store.save_article(article(), run_id=None) == "unchanged"
    with sqlite_store.engine.connect() as conn:
        after = conn.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}_data")).scalar()
    assert after == before
    assert matches(sqlite_store, "countrywide") == ["1542337"]
    check_integrity(sqlite_store)


def test_database_without_the_index_gets_it_filled_once(tmp_path, article):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    store = ArticleStore.from_url(url, batch_size=1)
    store.save_article(article(), run_id=None)
    store.close()
    # A database made before the index existed: same tables and version, no search objects.
    with store.engine.begin() as conn:
        conn.execute(text("DROP VIEW article_list"))
        conn.execute(text(f"DROP TABLE {SEARCH_TABLE}"))
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    store.engine.dispose()

    for _ in range(2):  # opening again and again: created and filled once
        reopened = ArticleStore.from_url(url, batch_size=1)
        assert matches(reopened, "countrywide") == ["1542337"]
        check_integrity(reopened)
        reopened.close()
    with reopened.engine.connect() as conn:
        found = conn.execute(
            text("SELECT name FROM sqlite_master WHERE name IN ("
                 + ", ".join(f"'{name}'" for name in SEARCH_OBJECTS) + ")")
        ).scalars()  # fmt: skip
        assert sorted(found) == sorted(SEARCH_OBJECTS)


def test_listing_view_has_site_day_and_month(sqlite_store, article):
    sqlite_store.save_article(article(published_at="2022-02-01T00:30:00+02:00"), run_id=None)
    with sqlite_store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT day, month, section, tags, authors FROM article_list")
        ).one()
    # The site's own day and month (its offset), not UTC's (2022-01-31T22:30Z).
    assert tuple(row) == (
        "2022-02-01", "2022-02", "Politics", '["CSTO", "Almaty", "Kazakhstan"]',
        '["Al Mayadeen Net"]',
    )  # fmt: skip


def test_writes_made_without_the_triggers_are_indexed_when_they_come_back(tmp_path, article):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    store = ArticleStore.from_url(url, batch_size=1)
    store.save_article(article(), run_id=None)
    store.close()
    # As after a migration that rebuilt `articles`: its triggers gone, a write made without them.
    with store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER articles_fts_update"))
        conn.execute(text("UPDATE articles SET body = 'Talks on grain exports resumed.'"))
    store.engine.dispose()

    reopened = ArticleStore.from_url(url, batch_size=1)
    assert matches(reopened, "grain") == ["1542337"]
    assert matches(reopened, "countrywide") == []
    check_integrity(reopened)
    reopened.close()
