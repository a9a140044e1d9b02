"""WARC files written with warcio: one gzip member per record, flushed per record, rotated by size.

A crawl killed at any moment (SIGKILL) leaves each file readable up to its last complete record:
records are whole gzip members appended and flushed one request/response pair at a time, so only
the last member can be cut short (the next run cuts it off: archive/recovery.py). The members are
compressed with ISA-L's deflate (python-isal): standard gzip that any reader inflates, several
times cheaper in CPU than zlib's at a like size (README, "The web archive"). A payload
already archived (same SHA-1 payload digest) is written as a `revisit` record of the
identical-payload-digest profile: the HTTP headers only, pointing at the original.
"""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from isal import isal_zlib
from scrapy import __version__ as scrapy_version
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

WARC_VERSION = WARCWriter.WARC_1_1
RESPONSE, REVISIT, REQUEST = "response", "revisit", "request"
# Scrapy hands the body decoded (HttpCompressionMiddleware): the archived headers describe the
# payload archived, so these go and Content-Length is the payload's.
_DROPPED_HEADERS = {"content-length", "transfer-encoding", "content-encoding"}
COMPRESSION_LEVELS = range(isal_zlib.ISAL_BEST_SPEED, isal_zlib.ISAL_BEST_COMPRESSION + 1)
_GZIP_WBITS = isal_zlib.MAX_WBITS | 16  # a gzip member, not a bare zlib stream


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body ("sha1:" + base32), as warcio writes it."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


@dataclass(frozen=True)
class Original:
    """An archived response whose payload a revisit record refers to."""

    uri: str
    date: str


@dataclass(frozen=True)
class WrittenRecord:
    """A response or revisit record as written: what the archive index keeps of it."""

    path: str
    offset: int
    length: int
    record_type: str
    target_uri: str
    warc_date: str
    payload_digest: str
    status: int
    page_kind: str


def _header_pairs(headers: object) -> list[tuple[str, str]]:
    pairs = []
    for name in headers:  # type: ignore[attr-defined]
        text = name.decode("latin-1")
        if text.lower() in _DROPPED_HEADERS:
            continue
        for value in headers.getlist(name):  # type: ignore[attr-defined]
            pairs.append((text, value.decode("latin-1")))
    return pairs


def response_headers(response: Response) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    pairs = _header_pairs(response.headers)
    pairs.append(("Content-Length", str(len(response.body))))
    protocol = response.protocol or "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason}".strip(), pairs, protocol=protocol)


def request_headers(request: Request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    pairs = _header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in pairs):
        pairs.insert(0, ("Host", parts.netloc))
    if request.body:
        pairs.append(("Content-Length", str(len(request.body))))
    return StatusAndHeaders(
        f"{request.method} {target}", pairs, protocol="HTTP/1.1", is_http_request=True
    )


class WarcFileWriter:
    """Appends request/response pairs to WARC files in ``directory``; a new file once the current
    one would pass ``max_bytes``. ``on_open(path)`` is told of each new file (the archive index
    records it before any record goes in)."""

    def __init__(
        self,
        directory: Path,
        prefix: str,
        max_bytes: int,
        compression_level: int,
        info: dict[str, str],
    ) -> None:
        if compression_level not in COMPRESSION_LEVELS:
            raise ValueError(
                f"WARC compression level {compression_level} (MAYADEEN_WARC_COMPRESSION_LEVEL): "
                f"ISA-L's levels are {COMPRESSION_LEVELS.start} to {COMPRESSION_LEVELS.stop - 1}"
            )
        self.directory = directory
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.compression_level = compression_level
        self.info = info
        # Makes the records and serialises them, one at a time, into the buffer (uncompressed);
        # each is then compressed as a member.
        self.buffer = io.BytesIO()
        self.warc = WARCWriter(self.buffer, gzip=False, warc_version=WARC_VERSION)
        self.file: BinaryIO | None = None
        self.path: Path | None = None
        self.resolved = ""  # the current file's absolute path, as the index records it
        self.size = 0  # bytes of the current file
        self.records = 0  # records of the current file (warcinfo not counted)
        self.serial = 0
        self.paths: list[Path] = []
        self.closed: tuple[int, int] | None = None  # (size, records) of the file closed last

    def _member(self, record: object) -> bytes:
        """One record as one gzip member."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.warc.write_record(record)
        return isal_zlib.compress(self.buffer.getvalue(), self.compression_level, _GZIP_WBITS)

    def new_path(self) -> Path:
        self.serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        host = socket.gethostname().replace("-", "_") or "host"
        name = f"{self.prefix}-{stamp}-{self.serial:05d}-{os.getpid()}~{host}.warc.gz"
        return self.directory / name

    def open(self) -> Path:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.new_path()
        self.file = self.path.open("xb")
        self.resolved = str(self.path.resolve())
        self.size = self.records = 0
        self.paths.append(self.path)
        warcinfo = self.warc.create_warcinfo_record(self.path.name, self.info)
        self._append(self._member(warcinfo))
        return self.path

    def _append(self, data: bytes) -> int:
        assert self.file is not None
        offset = self.size
        self.file.write(data)
        self.file.flush()  # a killed process loses at most the record being written
        self.size += len(data)
        return offset

    def needs_new_file(self, incoming: int) -> bool:
        return self.file is None or (self.records > 0 and self.size + incoming > self.max_bytes)

    def write(
        self,
        request: Request,
        response: Response,
        page_kind: str,
        original: Original | None,
        digest: str,
        on_open: Callable[[Path], None] | None = None,
    ) -> WrittenRecord:
        """Write the response (or a revisit of ``original``) and its request; return where the
        response or revisit record went."""
        uri = response.url
        date = self.warc.curr_warc_date()
        http = response_headers(response)
        extra = {"WARC-Date": date}
        if response.ip_address is not None:
            extra["WARC-IP-Address"] = str(response.ip_address)
        if original is None:
            record = self.warc.create_warc_record(
                uri, RESPONSE, payload=io.BytesIO(response.body), length=len(response.body),
                http_headers=http, warc_headers_dict={**extra, "WARC-Payload-Digest": digest},
            )  # fmt: skip
        else:
            record = self.warc.create_revisit_record(
                uri, digest, original.uri, original.date, http_headers=http,
                warc_headers_dict=extra,
            )  # fmt: skip
        main = self._member(record)
        body = request.body or b""
        request_record = self.warc.create_warc_record(
            uri, REQUEST, payload=io.BytesIO(body), length=len(body),
            http_headers=request_headers(request),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID"),
            },
        )  # fmt: skip
        second = self._member(request_record)
        if self.needs_new_file(len(main) + len(second)):
            path = self.open()
            if on_open is not None:
                on_open(path)
        offset = self._append(main + second)
        self.records += 2
        return WrittenRecord(
            path=self.resolved, offset=offset, length=len(main),
            record_type=RESPONSE if original is None else REVISIT, target_uri=uri,
            warc_date=date, payload_digest=digest, status=response.status, page_kind=page_kind,
        )  # fmt: skip

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
            self.closed = (self.size, self.records)


def warcinfo_fields(robots_obey: bool, collection: str) -> dict[str, str]:
    """The warcinfo record's fields; ``isPartOf`` names the database indexing the file."""
    return {
        "software": f"mayadeen (Scrapy {scrapy_version}, warcio)",
        "isPartOf": collection,
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "robots": "obey" if robots_obey else "ignore",
    }
