"""Database schema (SQLAlchemy Core), portable between SQLite and PostgreSQL.

`SCHEMA_VERSION` is recorded in the `schema_version` table on creation so that a later change can
migrate an existing database instead of guessing what it holds.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 3

# Statements that bring a database of version N-1 to version N (create_all adds new tables; a new
# column of an existing table needs its ALTER here).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: ("ALTER TABLE crawl_runs ADD COLUMN scope VARCHAR(16)",),
    # Versions stored before re-extraction existed were all the site's.
    3: ("ALTER TABLE article_versions ADD COLUMN cause VARCHAR(16) NOT NULL DEFAULT 'site'",),
}
# crawl_runs.scope: what a run set out to crawl. Only a finished whole-site run vouches for the
# completeness of the stored months (mayadeen/storage/memory.py).
SCOPE_SITE = "site"
SCOPE_PARTIAL = "partial"
# A run re-extracting archived pages (mayadeen/spiders/reparse.py): it fetched nothing, so it
# vouches for nothing the site holds.
SCOPE_REPARSE = "reparse"
# article_versions.cause: why a version was recorded. The site's edit (a crawl saw changed
# content) or our fix (the same archived page extracted again by newer code or profile).
CAUSE_SITE = "site"
CAUSE_REPARSE = "reparse"

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("spider", String(64), nullable=False),
    Column("job", String(128)),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("finish_reason", String(64)),
    Column("scope", String(16)),  # SCOPE_SITE or SCOPE_PARTIAL
    Column("items_new", Integer, nullable=False, default=0),
    Column("items_updated", Integer, nullable=False, default=0),
    Column("items_unchanged", Integer, nullable=False, default=0),
    Column("items_duplicate", Integer, nullable=False, default=0),
    Column("items_invalid", Integer, nullable=False, default=0),
)

# The JSON Lines feeds a run writes, with the process writing them: after a crash (SIGKILL) the
# next run on the same host replays them into the database, so that what a feed holds is stored
# even when the crash came before its commit (storage/journal.py).
run_feeds = Table(
    "run_feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("crawl_runs.id"), nullable=False),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("path", Text, nullable=False),
)

# The current version of each article. Identity: the CMS post id; the canonical URL where a page
# has none. Both are unique: two articles whose slugs truncate alike differ in post id and path.
articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("post_id", String(32), unique=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("authors", JSON, nullable=False),
    Column("source", Text),
    Column("published_at", String(32), nullable=False),
    Column("updated_at", String(32)),
    Column("published_utc", DateTime(timezone=True), nullable=False),
    Column("section", String(128)),
    Column("content_type", String(16), nullable=False),
    Column("region", String(128)),
    Column("coverage", String(256)),
    Column("tags", JSON, nullable=False),
    Column("image_url", Text),
    Column("image_caption", Text),
    Column("body", Text, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("read_time_minutes", Integer),
    Column("shares", Integer),
    Column("related_urls", JSON, nullable=False),
    Column("video_url", Text),
    Column("images", JSON, nullable=False),
    Column("language", String(8)),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("scraped_at", String(40)),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_run_id", Integer, ForeignKey("crawl_runs.id")),
    Index("ix_articles_published_utc", "published_utc"),
    Index("ix_articles_section_published", "section", "published_utc"),
    Index("ix_articles_content_type", "content_type"),
)

# Every version an article has had, the current one included, as the full exported item.
article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("updated_at", String(32)),
    Column("item", JSON, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("run_id", Integer, ForeignKey("crawl_runs.id")),
    Column("cause", String(16), nullable=False, server_default=CAUSE_SITE),
    UniqueConstraint("article_id", "version", name="uq_article_versions_article_version"),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(256), nullable=False, unique=True),
)

article_tags = Table(
    "article_tags",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_article_tags_tag", "tag_id"),
)

# Lines of the BREAKING ticker, deduplicated by their text.
breaking = Table(
    "breaking",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False, unique=True),
    Column("url", Text),
    Column("first_seen_at", String(40), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("seen_on", Text),
)

# The web archive (mayadeen/archive/): each run's WARC files, with the process writing them (a
# killed run's files are indexed and cut to their last complete record by the next run).
warc_files = Table(
    "warc_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("crawl_runs.id")),
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("size", BigInteger),  # bytes of complete records, once closed
    Column("records", Integer),  # response, revisit and request records, once closed
)

# Where each response and revisit record of the archive is: the digest index that makes a page
# fetched again unchanged a revisit record, and the index re-extraction reads the archive by.
warc_records = Table(
    "warc_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("warc_files.id", ondelete="CASCADE"), nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("length", Integer, nullable=False),  # compressed bytes of the record's gzip member
    Column("record_type", String(16), nullable=False),  # response or revisit
    Column("target_uri", Text, nullable=False),
    Column("warc_date", String(40), nullable=False),  # WARC-Date as written (UTC, ISO 8601)
    Column("payload_digest", String(64), nullable=False),
    Column("status", Integer),
    Column("page_kind", String(16), nullable=False),  # article, listing or sitemap
    Index("ix_warc_records_digest", "payload_digest"),
    Index("ix_warc_records_kind_date", "page_kind", "warc_date"),
    Index("ix_warc_records_file", "file_id", "offset"),
)
