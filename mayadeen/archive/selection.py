"""Which archived article pages a re-extraction reads: all, one run's, or a capture-date range.

Per URL the newest capture in the scope is read; a URL captured again later, outside the scope, is
left alone (its newer capture is what the database should reflect: re-extracting an older one
would turn the article back). A revisit record is read with the payload of the response it
refers to (same payload digest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine

from mayadeen.archive.index import ARTICLE
from mayadeen.archive.writer import RESPONSE, REVISIT
from mayadeen.storage.schema import warc_files, warc_records


@dataclass(frozen=True)
class Capture:
    """One archived article page: the record to read, and where its payload is."""

    target_uri: str
    warc_date: str
    record_type: str
    path: str  # of the record (a revisit's headers)
    offset: int
    payload_path: str | None  # of the response holding the payload (None: not archived)
    payload_offset: int | None
    status: int | None


@dataclass
class Selection:
    captures: list[Capture]
    superseded: int  # URLs whose newest capture lies outside the scope
    older: int  # captures in the scope behind a newer one of the same URL


def in_scope(run_id: int | None, since: date | None, until: date | None,
             row_run: int | None, warc_date: str) -> bool:  # fmt: skip
    day = warc_date[:10]
    return (
        (run_id is None or row_run == run_id)
        and (since is None or day >= since.isoformat())
        and (until is None or day <= until.isoformat())
    )


def select_captures(
    engine: Engine, run_id: int | None = None, since: date | None = None, until: date | None = None
) -> Selection:
    columns = (
        warc_records.c.target_uri, warc_records.c.warc_date, warc_records.c.record_type,
        warc_records.c.offset, warc_records.c.payload_digest, warc_records.c.status,
        warc_files.c.path, warc_files.c.run_id,
    )  # fmt: skip
    with engine.connect() as conn:
        rows = conn.execute(
            select(*columns)
            .join(warc_files, warc_files.c.id == warc_records.c.file_id)
            .where(warc_records.c.page_kind == ARTICLE,
                   warc_records.c.record_type.in_((RESPONSE, REVISIT)))
            .order_by(warc_records.c.warc_date, warc_records.c.id)
        ).all()  # fmt: skip
        payloads = {
            row.payload_digest: (row.path, row.offset)
            for row in reversed(rows)  # the first response with a digest wins
            if row.record_type == RESPONSE
        }
        missing = {r.payload_digest for r in rows if r.payload_digest not in payloads}
        if missing:  # a revisit of a page archived under another kind
            for digest, path, offset in conn.execute(
                select(warc_records.c.payload_digest, warc_files.c.path, warc_records.c.offset)
                .join(warc_files, warc_files.c.id == warc_records.c.file_id)
                .where(warc_records.c.payload_digest.in_(missing),
                       warc_records.c.record_type == RESPONSE)
            ):  # fmt: skip
                payloads.setdefault(digest, (path, offset))
    newest_overall: dict[str, str] = {}
    newest_in_scope: dict[str, Capture] = {}
    in_scope_count = 0
    for row in rows:  # oldest first: later rows replace earlier ones
        newest_overall[row.target_uri] = row.warc_date
        if not in_scope(run_id, since, until, row.run_id, row.warc_date):
            continue
        in_scope_count += 1
        payload_path, payload_offset = payloads.get(row.payload_digest, (None, None))
        newest_in_scope[row.target_uri] = Capture(
            row.target_uri, row.warc_date, row.record_type, row.path, row.offset,
            payload_path, payload_offset, row.status,
        )  # fmt: skip
    captures = [
        c for uri, c in newest_in_scope.items() if newest_overall[uri] == c.warc_date
    ]
    return Selection(
        captures=captures,
        superseded=len(newest_in_scope) - len(captures),
        older=in_scope_count - len(newest_in_scope),
    )
