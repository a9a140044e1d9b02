"""Parquet feed exporter (FEEDS format "parquet"): the articles as typed columns for DuckDB, pandas,
Polars or Spark, one file per run beside the JSON Lines.

Columns are the item's fields in feed order (mayadeen.items.ARTICLE_FIELDS, or the feed's `fields`
option). Text is the default; `article_types()` names the few fields of another type, and a test
checks it against the item's JSON Schema so that a new or changed field cannot drift silently:

- timestamps are instants in UTC (`timestamp[us, tz=UTC]`): the site's offset varies with summer
  time, one Parquet column has one zone, and UTC converts to any; the JSON Lines feed and the
  database keep the page's own offset;
- lists are lists (of strings; `images` of {url, caption} structs); counts are 64-bit integers,
  null where the page has none.

Rows are written in row groups of `ROW_GROUP_ROWS` (memory stays bounded on a long crawl); the file
is complete and readable once the run closes it. A run killed before that leaves a Parquet file
without its footer: its JSON Lines feed (the journal the next run replays) has every item.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import IO, TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from mayadeen.items import ARTICLE_FIELDS

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_ROWS = 1000


# pyarrow is imported when a Parquet feed is made, not with this module: Scrapy imports every
# FEED_EXPORTERS entry at the start of every crawl, and most crawls (-O file.jsonl) write none.
@cache
def article_types() -> dict[str, pa.DataType]:
    """The article fields that are not text, with their Arrow types (every other one is text)."""
    import pyarrow as pa

    texts = pa.list_(pa.string())
    instant = pa.timestamp("us", tz="UTC")
    return {
        "authors": texts,
        "tags": texts,
        "related_urls": texts,
        "images": pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())])),
        "published_at": instant,
        "updated_at": instant,
        "scraped_at": instant,
        "word_count": pa.int64(),
        "read_time_minutes": pa.int64(),
        "shares": pa.int64(),
    }


def article_schema(fields: tuple[str, ...] | list[str] = ARTICLE_FIELDS) -> pa.Schema:
    """The Arrow schema of the article feed's columns, in feed order."""
    import pyarrow as pa

    types = article_types()
    return pa.schema([(name, types.get(name, pa.string())) for name in fields])


def _instant(value: Any) -> datetime | None:
    """An ISO 8601 text with its offset as an aware datetime (Arrow stores it as UTC)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


class ParquetItemExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        super().__init__(**kwargs)
        self._pa, self._pq = pa, pq
        self.file = file
        self.schema = article_schema(self.fields_to_export or ARTICLE_FIELDS)
        self._instants = [field.name for field in self.schema if pa.types.is_timestamp(field.type)]
        self._rows: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None

    def start_exporting(self) -> None:
        # Opened at once: a run that exports nothing still leaves a valid, empty file.
        self._writer = self._pq.ParquetWriter(self.file, self.schema, compression="zstd")

    def export_item(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        row = {name: adapter.get(name) for name in self.schema.names}
        for name in self._instants:
            row[name] = _instant(row[name])
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP_ROWS:
            self._write_rows()

    def finish_exporting(self) -> None:
        self._write_rows()
        if self._writer is not None:
            self._writer.close()  # writes the footer; the feed storage closes the file

    def _write_rows(self) -> None:
        if self._rows and self._writer is not None:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []
