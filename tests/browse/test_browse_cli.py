"""`python -m mayadeen.browse` refuses what it cannot serve, with a message and exit code 2, and
serves nothing; a database made before the search index gets it when opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mayadeen.browse.__main__ import main
from mayadeen.browse.server import prepare, sqlite_path
from mayadeen.extraction.article import ArticlePage
from mayadeen.storage import ArticleStore

SEED_PAGE = Path(__file__).resolve().parents[1] / "extraction" / "pages" / "seed.html"
SEED_URL = "https://english.almayadeen.net/news/politics/kazakhstan"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg://user@localhost/mayadeen", "postgresql database: `make browse` "
         "serves SQLite files. Export the crawl to SQLite first"),
        ("sqlite://", "sqlite:// is not a database file"),
        ("{tmp}/missing.sqlite3", "no database at {tmp}/missing.sqlite3: run `make demo`"),
        ("{tmp}/other.sqlite3", "{tmp}/other.sqlite3 holds no crawl (no `articles` table)"),
    ],
)  # fmt: skip
def test_refused_with_a_message(url, message, tmp_path, capsys):
    with sqlite3.connect(tmp_path / "other.sqlite3") as conn:
        conn.execute("CREATE TABLE notes (text)")
    assert main(["--db", url.format(tmp=tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"Cannot browse: {message.format(tmp=tmp_path)}"), error
    assert not (tmp_path / "missing.sqlite3").exists()  # nothing created where nothing was


def test_old_database_gets_the_search_index_once(tmp_path):
    # A database of a crawl made before the search index existed.
    path = tmp_path / "old.sqlite3"
    store = ArticleStore.from_url(f"sqlite:///{path}", batch_size=1)
    store.save_article(ArticlePage.from_html(SEED_PAGE.read_text("utf-8"), SEED_URL).to_item())
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE articles_fts")

    assert sqlite_path(f"sqlite:///{path}") == path
    assert sqlite_path(str(path)) == path  # a plain path too
    prepare(path)
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"critical red\"'"
        ).fetchone()
    assert found == (1,)
