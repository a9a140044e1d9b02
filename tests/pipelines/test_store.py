"""ArticleStore on SQLite: schema, new/unchanged/updated, history, tags, ticker lines, runs."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, insert, select

from mayadeen.storage import SCHEMA_VERSION, ArticleStore
from mayadeen.storage.schema import (
    article_tags,
    article_versions,
    articles,
    breaking,
    crawl_runs,
    schema_version,
    tags,
)
from mayadeen.storage.store import SchemaTooNew, StoreConflict


@pytest.fixture
def store(database_url):
    store = ArticleStore.from_url(database_url, batch_size=2)
    yield store
    store.close()


def rows(store, query):
    store.flush()
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def test_schema_created_once_with_its_version(database_url):
    url = database_url
    ArticleStore.from_url(url).close()
    store = ArticleStore.from_url(url)  # second open: no second version row
    assert rows(store, select(schema_version.c.version)) == [(SCHEMA_VERSION,)]
    store.close()


def test_newer_schema_is_refused(database_url):
    url = database_url
    ArticleStore.from_url(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(schema_version).values(version=SCHEMA_VERSION + 1, applied_at=func.now())
        )
    engine.dispose()
    with pytest.raises(SchemaTooNew, match=f"version {SCHEMA_VERSION + 1} is newer"):
        ArticleStore.from_url(url)


def test_new_unchanged_updated(store, article):
    first = article()
    assert store.save_article(first) == "new"
    assert store.save_article(article()) == "unchanged"
    edited = article(body="A changed body.", updated_at="2022-01-08T10:00:00+02:00")
    assert store.save_article(edited) == "updated"
    current = rows(store, select(articles.c.version, articles.c.body, articles.c.updated_at))
    assert current == [(2, "A changed body.", "2022-01-08T10:00:00+02:00")]
    history = rows(
        store,
        select(article_versions.c.version, article_versions.c.content_hash).order_by(
            article_versions.c.version
        ),
    )
    assert history == [(1, first["content_hash"]), (2, edited["content_hash"])]


def test_truncated_slug_twins_stay_two(store, article):
    # Same slug under two section paths, two post ids: two articles.
    assert store.save_article(article()) == "new"
    twin = article(post_id="1542338", url=article()["url"].replace("/politics/", "/economy/"))
    assert store.save_article(twin) == "new"
    assert rows(store, select(func.count()).select_from(articles)) == [(2,)]


def test_article_moving_onto_another_articles_url_is_a_conflict(store, article):
    first = article()
    other_url = first["url"].replace("/politics/", "/economy/")
    assert store.save_article(article(post_id="1542338", url=other_url)) == "new"
    assert store.save_article(first) == "new"
    # Post id 1542337 seen again at the URL that post 1542338 holds: told, not a unique-key error.
    with pytest.raises(StoreConflict, match=r"moved to .*/economy/.*which stored article 1542338"):
        store.save_article(article(url=other_url, title="Moved"))
    # The open batch survived: both articles stored as they were.
    assert sorted(rows(store, select(articles.c.post_id, articles.c.url))) == [
        ("1542337", first["url"]), ("1542338", other_url),
    ]  # fmt: skip


def test_article_without_post_id_is_known_by_url(store, article):
    assert store.save_article(article(post_id=None)) == "new"
    assert store.save_article(article(post_id=None)) == "unchanged"
    # Seen later with its post id: the same row adopts it.
    assert store.save_article(article()) == "unchanged"
    assert rows(store, select(articles.c.post_id)) == [("1542337",)]


def test_tags_in_page_order(store, article):
    store.save_article(article(tags=["CSTO", "Almaty"]))
    store.save_article(article(post_id="2", url="https://x/news/b", tags=["Almaty", "Oil prices"]))
    got = rows(
        store,
        select(articles.c.post_id, tags.c.name, article_tags.c.position)
        .join(article_tags, article_tags.c.article_id == articles.c.id)
        .join(tags, tags.c.id == article_tags.c.tag_id)
        .order_by(articles.c.post_id, article_tags.c.position),
    )
    assert got == [
        ("1542337", "CSTO", 0),
        ("1542337", "Almaty", 1),
        ("2", "Almaty", 0),
        ("2", "Oil prices", 1),
    ]
    assert rows(store, select(func.count()).select_from(tags)) == [(3,)]


def test_breaking_lines_deduplicated_by_text(store):
    line = {
        "text": "BREAKING: a line",
        "url": None,
        "first_seen_at": "2026-11-25T10:00:00+00:00",
        "seen_on": "https://english.almayadeen.net/",
    }
    assert store.save_breaking(line) is True
    assert store.save_breaking(line) is False
    assert rows(store, select(breaking.c.text, breaking.c.seen_on)) == [
        ("BREAKING: a line", "https://english.almayadeen.net/")
    ]


def test_runs_recorded(store):
    run = store.start_run("articles", "job-1")
    store.finish_run(run, "finished", {"items_new": 3, "items_unchanged": 1})
    assert rows(
        store,
        select(
            crawl_runs.c.spider,
            crawl_runs.c.job,
            crawl_runs.c.finish_reason,
            crawl_runs.c.items_new,
            crawl_runs.c.items_unchanged,
            crawl_runs.c.items_updated,
        ),
    ) == [("articles", "job-1", "finished", 3, 1, 0)]


def test_batches_commit_every_batch_size(store, article, database_url):
    store.save_article(article())
    other = ArticleStore.from_url(database_url)
    count = select(func.count()).select_from(articles)
    with other.engine.connect() as conn:
        assert conn.execute(count).scalar() == 0  # batch of 2 still open
    store.save_article(article(post_id="2", url="https://x/news/b"))
    with other.engine.connect() as conn:
        assert conn.execute(count).scalar() == 2
    other.close()
