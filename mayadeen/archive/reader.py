"""Reading the archive back: one record at a known offset, and the complete records of a file.

Each record is its own gzip member (archive/writer.py), so a record is read by seeking to its
offset, and a file cut short by a crash is read member by member up to the last complete one.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

_CHUNK = 1 << 16


@dataclass(frozen=True)
class ArchivedResponse:
    """An archived HTTP response: the status, headers and payload as the crawl received them."""

    uri: str
    warc_date: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def to_response(self) -> Response:
        """The Scrapy response the crawl's callback saw (its class from the headers, as Scrapy
        chooses it for a download)."""
        headers = Headers(self.headers)
        cls = responsetypes.from_args(headers=headers, url=self.uri, body=self.body)
        return cls(self.uri, status=self.status, headers=headers, body=self.body,
                   request=Request(self.uri))  # fmt: skip


def _first_record(data: io.BufferedIOBase) -> ArcWarcRecord:
    return next(iter(ArchiveIterator(data)))


def read_record(path: str | Path, offset: int) -> tuple[ArcWarcRecord, bytes]:
    """The record at ``offset`` of a WARC file and its payload (the HTTP body; empty for a
    revisit record, which holds headers only)."""
    with open(path, "rb") as file:
        file.seek(offset)
        record = _first_record(file)
        return record, record.content_stream().read()


def read_response(path: str | Path, offset: int) -> ArchivedResponse:
    record, body = read_record(path, offset)
    return archived_response(record, body)


def archived_response(record: ArcWarcRecord, body: bytes) -> ArchivedResponse:
    http = record.http_headers
    return ArchivedResponse(
        uri=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=record.rec_headers.get_header("WARC-Date"),
        status=int(http.get_statuscode() or 0),
        headers=list(http.headers),
        body=body,
    )


@dataclass(frozen=True)
class Member:
    offset: int
    length: int  # compressed
    data: bytes  # the record, uncompressed


def complete_members(path: str | Path) -> Iterator[Member]:
    """Every complete gzip member of a file, in order; stops at the first one cut short (or
    not gzip at all): the file's valid part ends where the last member yielded ends."""
    with open(path, "rb") as file:
        offset = 0
        pending = b""
        while True:
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            out = []
            used = 0
            data = pending
            pending = b""
            while not inflater.eof:
                if not data:
                    data = file.read(_CHUNK)
                    if not data:
                        return  # the file ends inside this member (or at its start)
                try:
                    out.append(inflater.decompress(data))
                except zlib.error:
                    return
                used += len(data) - len(inflater.unused_data)
                data = b""
            pending = inflater.unused_data
            yield Member(offset, used, b"".join(out))
            offset += used


def complete_length(path: str | Path) -> int:
    """Bytes of a file up to the end of its last complete record."""
    end = 0
    for member in complete_members(path):
        end = member.offset + member.length
    return end
