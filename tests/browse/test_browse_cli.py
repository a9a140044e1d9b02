"""`python -m mayadeen.browse` without a browser: it refuses what it cannot serve (a message, exit
code 2), a database made before the search index gets it when opened, and the article page links
only web addresses (in-process Datasette client)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from mayadeen.browse.__main__ import main
from mayadeen.browse.server import datasette, prepare, sqlite_path
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


def test_article_page_never_links_a_non_web_address(tmp_path):
    path = tmp_path / "hostile.sqlite3"
    store = ArticleStore.from_url(f"sqlite:///{path}", batch_size=1)
    store.save_article(ArticlePage.from_html(SEED_PAGE.read_text("utf-8"), SEED_URL).to_item())
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE articles SET url = 'javascript:alert(1)'")

    async def pages() -> tuple[str, str]:
        ds = datasette(path)
        hostile = await ds.client.get("/mayadeen/articles/1")
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE articles SET url = ?", (SEED_URL,))
        fine = await ds.client.get("/mayadeen/articles/1")
        assert hostile.status_code == fine.status_code == 200
        return hostile.text, fine.text

    hostile, fine = asyncio.run(pages())
    assert "mayadeen-live" not in hostile
    assert 'href="javascript:' not in hostile
    assert f'<a class="mayadeen-live" href="{SEED_URL}">' in fine
