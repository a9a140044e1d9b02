"""`make browse`: Datasette over a crawl's SQLite database, read-only, on 127.0.0.1: ranked
full-text search, facets, canned queries, article pages and plots (see server.py)."""

DEFAULT_PORT = 8001  # Datasette's own default
