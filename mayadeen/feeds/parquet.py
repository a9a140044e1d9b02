"""Parquet feed exporter (FEEDS format "parquet"): the articles as typed columns for DuckDB, pandas,
Polars or Spark, one file per run beside the JSON Lines.

Columns are the item's fields in feed order (mayadeen.items.ARTICLE_FIELDS, or the feed's `fields`
option), each typed by its kind in the item's definition (`kind_types()`, four kinds), except the
text fields that hold a time (`TIME_FIELDS`, checked by a test against the JSON Schema's
date-times):

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

from mayadeen.items import ARTICLE_FIELDS, IMAGE_LIST, INTEGER, TEXT, TEXT_LIST, ArticleItem

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_ROWS = 1000


# Text fields that hold an ISO 8601 time with its offset: timestamps in Parquet.
TIME_FIELDS = ("published_at", "updated_at", "scraped_at")


# pyarrow is imported when a Parquet feed is made, not with this module: Scrapy imports every
# FEED_EXPORTERS entry at the start of every crawl, and most crawls (-O file.jsonl) write none.
@cache
def kind_types() -> dict[str, pa.DataType]:
    """The Arrow type of each kind of item field (mayadeen.items)."""
    import pyarrow as pa

    return {
        TEXT: pa.string(),
        INTEGER: pa.int64(),
        TEXT_LIST: pa.list_(pa.string()),
        IMAGE_LIST: pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())])),
    }


def article_schema(fields: tuple[str, ...] | list[str] = ARTICLE_FIELDS) -> pa.Schema:
    """The Arrow schema of the article feed's columns, in feed order."""
    import pyarrow as pa

    return pa.schema([(name, _column_type(name)) for name in fields])


def _column_type(name: str) -> pa.DataType:
    """A field's type from its kind in the item's definition; a time as a UTC timestamp."""
    import pyarrow as pa

    if name in TIME_FIELDS:
        return pa.timestamp("us", tz="UTC")
    return kind_types()[ArticleItem.fields[name]["kind"]]


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
