"""Versions by cause: a crawl records the site's edits (cause `site`), a re-extraction our fixes
(cause `reparse`, any field but scraped_at compared); a version-2 database is migrated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, func, inspect, select, text

from mayadeen.storage import SCHEMA_VERSION, ArticleStore
from mayadeen.storage.schema import (
    CAUSE_REPARSE,
    article_versions,
    articles,
    schema_version,
    warc_files,
    warc_records,
)
from mayadeen.storage.search import SEARCH_TABLE, search_objects_missing


def versions(store):
    store.flush()
    with store.engine.connect() as conn:
        return conn.execute(
            select(article_versions.c.version, article_versions.c.cause)
            .order_by(article_versions.c.version)
        ).all()  # fmt: skip


def test_reparse_versions_are_marked_and_compare_every_field(database_url, article):
    store = ArticleStore.from_url(database_url, batch_size=1)
    run = store.start_run("articles")
    first = article(body="Wrong body.")
    assert store.save_article(first, run) == "new"
    with store.engine.connect() as conn:
        seen_before = conn.execute(select(articles.c.last_seen_at)).scalar()
    fixed = article(body="Kazakhstan on Friday imposed a level.\n\nOrder.", scraped_at="x")
    assert store.save_article(fixed, run, CAUSE_REPARSE) == "updated"
    assert store.changed_fields == ["body", "word_count", "content_hash"]
    store.flush()
    with store.engine.connect() as conn:  # the site was not seen again
        assert conn.execute(select(articles.c.last_seen_at)).scalar() == seen_before
    # Only the tags differ: a crawl would call it unchanged (same text); a re-extraction stores it.
    retagged = article(body=fixed["body"], tags=["CSTO"])
    assert store.save_article(retagged, run) == "unchanged"
    assert store.save_article(retagged, run, CAUSE_REPARSE) == "updated"
    assert store.changed_fields == ["tags"]
    # The same item again (another capture time): unchanged, nothing written.
    again = article(body=fixed["body"], tags=["CSTO"], scraped_at="2030-01-01T00:00:00+00:00")
    assert store.save_article(again, run, CAUSE_REPARSE) == "unchanged"
    assert store.changed_fields == []
    # The site edits it: a version of cause site.
    edited = article(body="Edited on the site.", tags=["CSTO"])
    assert store.save_article(edited, run) == "updated"
    assert versions(store) == [(1, "site"), (2, "reparse"), (3, "reparse"), (4, "site")]
    with store.engine.connect() as conn:
        row = conn.execute(select(articles.c.body, articles.c.tags, articles.c.version)).one()
    assert row == ("Edited on the site.", ["CSTO"], 4)
    store.close()


def test_version_2_database_is_migrated_with_every_old_version_of_the_site(tmp_path, article):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    store = ArticleStore.from_url(url)
    run = store.start_run("articles")
    store.save_article(article(), run)
    store.save_article(article(body="Edited."), run)
    store.close()
    engine = create_engine(url)
    with engine.begin() as conn:  # as version 2 left it: no cause, no archive tables
        assert not search_objects_missing(conn)  # version 2 had the full-text index
        conn.execute(text("ALTER TABLE article_versions DROP COLUMN cause"))
        conn.execute(text("DROP TABLE warc_records"))
        conn.execute(text("DROP TABLE warc_files"))
        conn.execute(schema_version.delete())
        conn.execute(schema_version.insert().values(version=2, applied_at=datetime(2026, 1, 1)))
    store = ArticleStore.from_url(url)
    assert versions(store) == [(1, "site"), (2, "site")]
    store.save_article(article(body="Fixed.", tags=["CSTO"]), run, CAUSE_REPARSE)
    assert versions(store) == [(1, "site"), (2, "site"), (3, "reparse")]
    store.close()
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert {warc_files.name, warc_records.name} <= tables
        assert conn.execute(select(func.max(schema_version.c.version))).scalar() == SCHEMA_VERSION
        assert SCHEMA_VERSION == 3
        # The full-text index and its triggers survive the migration and follow the new version.
        assert not search_objects_missing(conn)
        found = conn.execute(text(
            f"SELECT a.post_id, a.version FROM {SEARCH_TABLE} JOIN articles a "
            f"ON a.id = {SEARCH_TABLE}.rowid WHERE {SEARCH_TABLE} MATCH 'fixed'"
        )).all()  # fmt: skip
        assert found == [(article()["post_id"], 3)]
        assert conn.execute(text(
            f"SELECT count(*) FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH 'edited'")
        ).scalar() == 0  # fmt: skip
    engine.dispose()
