"""`python -m mayadeen.browse [--db URL] [--port N]`: serve the crawl's database in a browser."""

from __future__ import annotations

import argparse
import sys

import uvicorn
from scrapy.utils.project import get_project_settings

from mayadeen.browse import DEFAULT_PORT
from mayadeen.browse.server import HOST, NotBrowsable, datasette, prepare, sqlite_path
from mayadeen.pipelines.database import database_url
from mayadeen.storage.store import SchemaTooNew, StoreUnavailable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mayadeen.browse", description=__doc__)
    parser.add_argument(
        "--db", help="SQLAlchemy URL or path of the SQLite database (default: the crawl's own, "
        "MAYADEEN_DATABASE_URL or output/mayadeen.sqlite3)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1")
    args = parser.parse_args(argv)
    url = args.db or database_url(get_project_settings().get("MAYADEEN_DATABASE_URL"))
    try:
        path = sqlite_path(url)
        prepare(path)
    except (NotBrowsable, SchemaTooNew, StoreUnavailable) as exc:
        print(f"Cannot browse: {exc}", file=sys.stderr)
        return 2
    print(f"Browsing {path} at http://{HOST}:{args.port}/ (read-only; Ctrl-C stops)", flush=True)
    uvicorn.run(datasette(path).app(), host=HOST, port=args.port, log_level="warning",
                lifespan="on")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
