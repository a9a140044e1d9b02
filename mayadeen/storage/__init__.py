"""The database: schema and the store that upserts articles, versions, tags and runs."""

from mayadeen.storage.schema import SCHEMA_VERSION, metadata
from mayadeen.storage.store import ArticleStore, StoreConflict, StoreUnavailable

__all__ = [
    "SCHEMA_VERSION",
    "ArticleStore",
    "StoreConflict",
    "StoreUnavailable",
    "metadata",
]
