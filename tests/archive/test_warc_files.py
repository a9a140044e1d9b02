"""WARC files as the archive writes them: accepted by `warcio check` and `warcio index`, revisit
records for payloads archived before, rotation by size, and a file cut by a kill made whole
(indexed, cut to its last complete record) by the next run."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from sqlalchemy import select, update

from mayadeen import settings as project_settings
from mayadeen.archive.index import ArchiveIndex
from mayadeen.archive.reader import complete_members, read_response
from mayadeen.archive.writer import Original, WarcFileWriter, payload_digest, warcinfo_fields
from mayadeen.storage.schema import warc_files, warc_records

WARCIO = [sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())"]
BASE = "http://127.0.0.1:8089/news/politics/"


def page(n: int, text: str | None = None) -> tuple[Request, HtmlResponse]:
    request = Request(f"{BASE}story-{n}", headers={"User-Agent": "test"})
    text = text or " ".join(hashlib.sha256(f"{n}/{i}".encode()).hexdigest() for i in range(60))
    body = f"<html><body><h1>Story {n}</h1><p>{text}</p></body></html>"
    response = HtmlResponse(
        request.url, status=200, request=request, protocol="HTTP/1.1", encoding="utf-8",
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Length": "99"},
        body=body.encode(),
    )  # fmt: skip
    return request, response


def writer(
    directory: Path, max_bytes: int = 10**9, collection: str = "test", prefix: str = "test"
) -> WarcFileWriter:
    level = project_settings.MAYADEEN_WARC_COMPRESSION_LEVEL
    return WarcFileWriter(directory, prefix, max_bytes, level, warcinfo_fields(True, collection))


def warcio(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*WARCIO, *args], capture_output=True, text=True, check=False)


def write(w: WarcFileWriter, n: int, original: Original | None = None, text: str | None = None):
    request, response = page(n, text)
    return w.write(request, response, "article", original, payload_digest(response.body))


def test_files_pass_warcio_check_and_index_and_read_back(tmp_path):
    w = writer(tmp_path)
    first = write(w, 1)
    revisit = write(w, 1, Original(first.target_uri, first.warc_date))  # fetched again, same
    w.close()
    (path,) = w.paths
    check = warcio("check", "-v", str(path))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 4  # warcinfo, response and two requests
    assert "revisit" in check.stdout
    index = [json.loads(line) for line in warcio("index", str(path)).stdout.splitlines()]
    assert [(r["warc-type"], r.get("warc-target-uri")) for r in index] == [
        ("warcinfo", None), ("response", f"{BASE}story-1"), ("request", f"{BASE}story-1"),
        ("revisit", f"{BASE}story-1"), ("request", f"{BASE}story-1"),
    ]  # fmt: skip
    assert [int(r["offset"]) for r in index if r["warc-type"] != "request"][1:] == [
        first.offset, revisit.offset,
    ]  # fmt: skip
    archived = read_response(path, first.offset)
    _, response = page(1)
    assert archived.body == response.body
    assert archived.status == 200
    # The payload's own length, not the header the server sent.
    assert ("Content-Length", str(len(response.body))) in archived.headers
    assert revisit.length < first.length / 3  # headers only
    assert first.payload_digest == revisit.payload_digest


def test_rotation_by_size_opens_new_files(tmp_path):
    w = writer(tmp_path, max_bytes=3000)
    opened = []
    for n in range(6):
        request, response = page(n, os.urandom(600).hex())  # ~1,300 bytes compressed
        w.write(request, response, "article", None, payload_digest(response.body), opened.append)
    w.close()
    assert len(w.paths) == len(opened) >= 3
    for path in w.paths:
        assert path.stat().st_size <= 3000
        assert warcio("check", str(path)).returncode == 0
    assert sum(sum(1 for _ in complete_members(path)) for path in w.paths) == 12 + len(w.paths)


@pytest.fixture
def index(tmp_path):
    archive_index = ArchiveIndex.from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield archive_index
    archive_index.close()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_killed_file_is_indexed_and_cut_to_its_last_complete_record(tmp_path, index):
    w = writer(tmp_path / "warc")
    file_ids = []
    records = [
        w.write(*page(n), "article", None, payload_digest(page(n)[1].body),
                lambda path: file_ids.append(index.open_file(None, str(path))))
        for n in range(3)
    ]  # fmt: skip
    index.add([(file_ids[0], records[0])])  # the kill came before the others were indexed
    (path,) = w.paths
    whole = path.stat().st_size
    with path.open("ab") as file:  # a fourth record, half written when the process died
        file.write(b"\x1f\x8b\x08\x00" + b"\x00" * 40)
    w.file.close()
    with index.engine.begin() as conn:
        conn.execute(update(warc_files).values(pid=dead_pid()))
    assert warcio("check", str(path)).returncode != 0 or path.stat().st_size > whole

    (recovered,) = index.recover()
    assert (recovered.records, recovered.cut_bytes) == (2, 44)
    assert path.stat().st_size == whole
    assert warcio("check", str(path)).returncode == 0
    with index.engine.connect() as conn:
        offsets = conn.execute(select(warc_records.c.offset).order_by(warc_records.c.offset))
        assert list(offsets.scalars()) == [r.offset for r in records]  # each once
        closed = conn.execute(select(warc_files.c.size, warc_files.c.records)).one()
    assert tuple(closed) == (whole, 6)
    assert index.recover() == []  # closed: nothing left to do
    assert index.original(records[1].payload_digest) == Original(
        records[1].target_uri, records[1].warc_date
    )


def test_file_its_killed_writer_never_recorded_is_adopted(tmp_path, index):
    # Another database's file in the same directory, written by a dead process: not adopted.
    other = writer(tmp_path / "warc", collection="mayadeen-another-database", prefix="other")
    write(other, 9)
    w = writer(tmp_path / "warc", collection=index.collection)
    records = [write(w, n) for n in range(2)]
    renamed = []
    for done in (other, w):
        done.close()
        (path,) = done.paths
        renamed.append(path.with_name(path.name.replace(f"-{os.getpid()}~", f"-{dead_pid()}~")))
        path.rename(renamed[-1])
    orphan = renamed[1]
    (recovered,) = index.recover(tmp_path / "warc")
    assert (recovered.path, recovered.records, recovered.cut_bytes) == (str(orphan.resolve()), 2, 0)
    with index.engine.connect() as conn:
        rows = conn.execute(select(warc_records.c.offset, warc_records.c.target_uri)).all()
        assert conn.execute(select(warc_files.c.closed_at)).scalar() is not None
    assert sorted(rows) == [(r.offset, r.target_uri) for r in records]
    assert index.recover(tmp_path / "warc") == []
