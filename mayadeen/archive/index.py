"""The archive's index in the database: each run's WARC files (`warc_files`) and where every
response and revisit record is (`warc_records`).

The crawl asks it whether a payload digest is archived already (then a revisit record is
written); `scrapy reparse` reads the archive through it. Rows are written in batches by the
archive extension; a killed run's files are indexed from the files themselves by the next run
(``recover``), which also cuts a record the kill left half-written.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Engine, make_url
from warcio.archiveiterator import ArchiveIterator

from mayadeen.archive.reader import complete_members
from mayadeen.archive.writer import RESPONSE, REVISIT, Original, WrittenRecord
from mayadeen.extraction.listing import is_article_url
from mayadeen.feeds.journal import run_process_alive
from mayadeen.site import SITEMAP_MONTH_RE
from mayadeen.storage.engine import store_engine
from mayadeen.storage.schema import warc_files, warc_records
from mayadeen.storage.store import ArticleStore

logger = logging.getLogger(__name__)

ARTICLE, LISTING, SITEMAP = "article", "listing", "sitemap"
# The names archive/writer.py gives its files: prefix-stamp-serial-pid~host.warc.gz.
FILE_NAME_RE = re.compile(
    r"^.+-(?P<stamp>\d{17})-\d{5}-(?P<pid>\d+)~(?P<host>[^/]+)\.warc\.gz$"
)
PAGE_KINDS = (ARTICLE, LISTING, SITEMAP)
# The first archived response with a payload digest: built once, as a crawl may ask it per page.
_ORIGINAL = (
    select(warc_records.c.target_uri, warc_records.c.warc_date)
    .where(warc_records.c.payload_digest == bindparam("digest"),
           warc_records.c.record_type == RESPONSE)
    .order_by(warc_records.c.id)
    .limit(1)
)  # fmt: skip


def kind_of_url(url: str) -> str:
    """A page's kind from its URL alone (for records indexed after a crash, when the request's
    callback is gone)."""
    if is_article_url(url):
        return ARTICLE
    return SITEMAP if SITEMAP_MONTH_RE.search(url) or url.endswith(".xml") else LISTING


def collection_of(database_url: str) -> str:
    """The archive's name for the database indexing it (a digest: a URL may hold a password),
    written in each file's warcinfo record as isPartOf: a file found without its row is adopted
    only by the database it belongs to (tests, demos and crawls may share a directory)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        url = url.set(database=str(Path(url.database).resolve()))
    text = url.render_as_string(hide_password=True)
    return "mayadeen-" + hashlib.sha1(text.encode()).hexdigest()[:16]


def warcinfo_of(path: Path) -> dict[str, str]:
    """The fields of a file's warcinfo record (its first record); empty when it has none."""
    for member in complete_members(path):
        record = next(iter(ArchiveIterator(io.BytesIO(member.data))), None)
        if record is None or record.rec_type != "warcinfo":
            return {}
        lines = record.content_stream().read().decode("utf-8", "replace").splitlines()
        return dict(line.split(": ", 1) for line in lines if ": " in line)
    return {}


@dataclass(frozen=True)
class Recovered:
    path: str
    records: int  # response and revisit records indexed from the file
    cut_bytes: int  # of a half-written last record


class ArchiveIndex:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.collection = collection_of(engine.url.render_as_string(hide_password=False))

    @classmethod
    def from_url(cls, url: str) -> ArchiveIndex:
        store = ArticleStore(store_engine(url))
        store.ensure_schema()
        return cls(store.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- writing --------------------------------------------------------------------------
    def open_file(self, run_id: int | None, path: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                insert(warc_files)
                .values(run_id=run_id, host=socket.gethostname(), pid=os.getpid(), path=path,
                        opened_at=datetime.now(UTC))
                .returning(warc_files.c.id)
            ).scalar_one()  # fmt: skip

    def close_file(self, file_id: int, size: int, records: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(warc_files)
                .where(warc_files.c.id == file_id)
                .values(closed_at=datetime.now(UTC), size=size, records=records)
            )

    def add(self, rows: Iterable[tuple[int, WrittenRecord]]) -> None:
        """Index written records: (file id, record) pairs."""
        values = [
            {"file_id": file_id, "offset": r.offset, "length": r.length,
             "record_type": r.record_type, "target_uri": r.target_uri, "warc_date": r.warc_date,
             "payload_digest": r.payload_digest, "status": r.status, "page_kind": r.page_kind}
            for file_id, r in rows
        ]  # fmt: skip
        if values:
            with self.engine.begin() as conn:
                conn.execute(insert(warc_records), values)

    # --- reading --------------------------------------------------------------------------
    def has_responses(self) -> bool:
        """Whether any response is archived yet (a first crawl need not look digests up)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(warc_records.c.id).where(warc_records.c.record_type == RESPONSE).limit(1)
            ).first()
        return found is not None

    def original(self, digest: str) -> Original | None:
        """The first archived response with this payload digest, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(_ORIGINAL, {"digest": digest}).first()
        return Original(row.target_uri, row.warc_date) if row else None

    # --- after a crash --------------------------------------------------------------------
    def recover(self, directory: Path | None = None) -> list[Recovered]:
        """Index and close this host's files left open by processes that are gone; first adopt
        the files of ``directory`` a dead process of this host wrote but never recorded (killed
        before its index thread did)."""
        if directory is not None:
            self._adopt_orphans(directory)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(warc_files.c.id, warc_files.c.path, warc_files.c.pid,
                       warc_files.c.opened_at)
                .where(warc_files.c.closed_at.is_(None),
                       warc_files.c.host == socket.gethostname())
            ).all()  # fmt: skip
        done = []
        for file_id, path, pid, opened_at in rows:
            if run_process_alive(pid, opened_at):
                continue
            done.append(self._recover_file(file_id, Path(path)))
        return done

    def _adopt_orphans(self, directory: Path) -> None:
        with self.engine.connect() as conn:
            known = {Path(p).name for p in conn.execute(select(warc_files.c.path)).scalars()}
        host = socket.gethostname().replace("-", "_") or "host"
        for path in sorted(directory.glob("*.warc.gz")):
            match = FILE_NAME_RE.match(path.name)
            if path.name in known or match is None or match["host"] != host:
                continue
            stamp = datetime.strptime(match["stamp"][:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            if run_process_alive(int(match["pid"]), stamp):
                continue
            if warcinfo_of(path).get("isPartOf") != self.collection:
                continue  # another database's file
            with self.engine.begin() as conn:
                conn.execute(
                    insert(warc_files).values(
                        run_id=None, host=socket.gethostname(), pid=int(match["pid"]),
                        path=str(path.resolve()), opened_at=stamp,
                    )
                )  # fmt: skip
            logger.warning("WARC file no run recorded (its writer was killed): %s", path)

    def _recover_file(self, file_id: int, path: Path) -> Recovered:
        with self.engine.connect() as conn:
            indexed = set(
                conn.execute(
                    select(warc_records.c.offset).where(warc_records.c.file_id == file_id)
                ).scalars()
            )
        new: list[tuple[int, WrittenRecord]] = []
        end = records = 0
        if path.is_file():
            for member in complete_members(path):
                end = member.offset + member.length
                record = next(iter(ArchiveIterator(io.BytesIO(member.data))), None)
                if record is None or record.rec_type == "warcinfo":
                    continue
                records += 1
                if record.rec_type not in (RESPONSE, REVISIT) or member.offset in indexed:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                new.append((file_id, WrittenRecord(
                    path=str(path), offset=member.offset, length=member.length,
                    record_type=record.rec_type, target_uri=uri,
                    warc_date=record.rec_headers.get_header("WARC-Date"),
                    payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
                    status=int(record.http_headers.get_statuscode() or 0),
                    page_kind=kind_of_url(uri),
                )))  # fmt: skip
            cut = path.stat().st_size - end
            if cut:
                with path.open("rb+") as file:
                    file.truncate(end)
        else:
            cut = 0
        self.add(new)
        self.close_file(file_id, end, records)
        logger.warning(
            "WARC file of a killed run closed: %s (%d records indexed from the file%s)",
            path, len(new), f", {cut} bytes of a half-written record cut" if cut else "",
        )  # fmt: skip
        return Recovered(str(path), len(new), cut)
