"""The Datasette plugin of `make browse` (registered by mayadeen/browse/server.py): article titles
link to their article page, search excerpts show their matches, the article page gets its tags
and versions, and SQL gets `fts_query()` to turn what a reader types into an FTS5 query."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup, escape

DATABASE = "mayadeen"
# snippet() wraps each match in these (control characters: never in article text), turned into
# <mark> once the excerpt is HTML-escaped.
MATCH_START, MATCH_END = "\x02", "\x03"
_NOTHING = '" "'  # an FTS5 query that matches nothing (a blank search box)


def fts_query(typed: str | None) -> str:
    """FTS5 query of a search box: every word must occur, "quoted words" as a phrase; FTS5
    operators and punctuation are taken as text, never as syntax."""
    return escape_fts(typed.strip()) if typed and typed.strip() else _NOTHING


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("fts_query", 1, fts_query, deterministic=True)


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    if database != DATABASE or not isinstance(value, str):
        return None
    if column == "excerpt":
        html = str(escape(value))
        return Markup(html.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))
    if column == "title" and table != "articles":
        keys = row.keys()
        article = row["id"] if "id" in keys else row["article"] if "article" in keys else None
        if article is not None:
            href = datasette.urls.row(DATABASE, "articles", str(article))
            return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    return None


ArticleVars = Callable[[], Awaitable[dict[str, Any]]]


@hookimpl
def extra_template_vars(
    template: str, database: str | None, table: str | None, request: Any, datasette: Any
) -> ArticleVars | None:
    """The article page's tags (page order), authors and version count."""
    if database != DATABASE or table != "articles" or not template.startswith("row"):
        return None

    async def article_vars() -> dict[str, Any]:
        article_id = request.url_vars.get("pks")
        db = datasette.get_database(DATABASE)
        tags = await db.execute(
            "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            "WHERE at.article_id = ? ORDER BY at.position", [article_id],
        )  # fmt: skip
        versions = await db.execute(
            "SELECT count(*), (SELECT authors FROM articles WHERE id = ?) "
            "FROM article_versions WHERE article_id = ?", [article_id, article_id],
        )  # fmt: skip
        count, authors = versions.first()
        return {
            "article_tags": [row[0] for row in tags.rows],
            "article_versions": count,
            "article_authors": json.loads(authors) if authors else [],
        }

    return article_vars
