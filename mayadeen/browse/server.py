"""Datasette over the crawl's SQLite database: configured from package data (metadata.yaml,
templates/, static/) and the plugin in plugin.py, served read-only on the loopback interface.

Read-only: Datasette opens a database it may see change (a crawl can be writing it) with SQLite's
`mode=ro`, and nothing here asks it for a write. Before serving, the store opens the database as a
crawl would (ArticleStore.from_url): a database made before the search index existed gets it then,
once; a current one is only read.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from mayadeen.browse import plugin
from mayadeen.browse.plugin import DATABASE
from mayadeen.storage import ArticleStore

HOST = "127.0.0.1"
PACKAGE = resources.files("mayadeen.browse")
# Plot data come from canned queries: enough rows for years of days x sections, and time for
# aggregates over a large crawl.
SETTINGS = {
    "max_returned_rows": 20000,
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
    "default_page_size": 50,
}


class NotBrowsable(ValueError):
    """The URL names no SQLite database of a crawl."""


def sqlite_path(url: str) -> Path:
    """The SQLite file of a crawl's database URL (or plain path), checked to hold a crawl."""
    if "://" not in url:
        url = f"sqlite:///{url}"
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise NotBrowsable(
            f"{parsed.get_backend_name()} database: `make browse` serves SQLite files. Export the "
            "crawl to SQLite first, or use the PostgreSQL tools (README: Browsing the data)."
        )
    if parsed.database in (None, "", ":memory:"):
        raise NotBrowsable(f"{url} is not a database file")
    path = Path(parsed.database)
    if not path.is_file():
        raise NotBrowsable(f"no database at {path}: run `make demo` or a crawl first")
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("articles"):
                raise NotBrowsable(f"{path} holds no crawl (no `articles` table)")
    finally:
        engine.dispose()
    return path


def prepare(path: Path) -> None:
    """Open the database as a crawl would: the schema and its search index are there after."""
    ArticleStore.from_url(f"sqlite:///{path}").close()


def metadata() -> dict[str, Any]:
    return yaml.safe_load(PACKAGE.joinpath("metadata.yaml").read_text("utf-8"))


def plotly_js_dir() -> Path:
    """plotly.min.js as the plotly package ships it (served locally: no CDN, works offline)."""
    return Path(str(resources.files("plotly").joinpath("package_data")))


def datasette(path: Path) -> Datasette:
    if not pm.is_registered(plugin):
        pm.register(plugin, name="mayadeen-browse")
    ds = Datasette(
        metadata=metadata(),
        template_dir=str(PACKAGE.joinpath("templates")),
        static_mounts=[
            ("assets", str(PACKAGE.joinpath("static"))),
            ("plotly", str(plotly_js_dir())),
        ],
        settings=SETTINGS,
    )
    ds.remove_database("_memory")  # Datasette's scratch database when given no files
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=DATABASE)
    return ds
