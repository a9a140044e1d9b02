"""Issue 9, crashes: SIGKILL a crawl at chosen moments, on SQLite and on PostgreSQL, and check
what it leaves behind and that the next run recovers.

A trial crawls the replica into a fresh database with the project's own per-run feeds, and kills
the crawl process with SIGKILL once its JSON Lines feed holds `after_lines` lines. To land the kill
in a precise state without a hook in the production code, the crawl is first frozen (SIGSTOP), the
database and feed are inspected from outside, and the frozen process is killed only if the state
is the one asked for; otherwise it is resumed (SIGCONT) and frozen again a moment later:
- "any": the first freeze;
- "open_tx": the crawl holds an open write transaction (mid-batch: rows written, not committed).
  SQLite: another connection cannot take the write lock; PostgreSQL: the crawl's session has a
  transaction id (pg_stat_activity.backend_xid);
- "feed_ahead": the feed on disk holds articles the database has not committed (exported, batch
  still open).
After the kill: every article row complete and equal to the manifest, its versions and tags rows
consistent with it (no half-written row); every article committed at the freeze still stored and
in the feed and its page in the web archive; the feed parses up to its last complete line and
every WARC file passes `warcio check` up to its last complete record. Then a second run on the
same database must replay the dead run's feed (storage/journal.py) and end with every manifest
article exactly once, in the database and in the two runs' feeds taken together; the dead run's
WARC files cut to
their last complete record (each whole file passes `warcio check`), every record indexed once,
every manifest article's page archived, none as a full copy twice (a page the dead run archived
is a revisit record in the next run).
Usage: python bench/reliability_crash.py [--quick]; or through bench/reliability.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.reliability import Figure  # noqa: E402
from mayadeen.archive.reader import complete_length, complete_members  # noqa: E402
from mayadeen.storage.schema import (  # noqa: E402
    article_tags,
    article_versions,
    articles,
    crawl_runs,
    tags,
    warc_files,
    warc_records,
)
from mayadeen.storage.store import ARTICLE_COLUMNS  # noqa: E402
from testground.devservers import PostgresServer  # noqa: E402
from testground.replica.compare import compare_to_manifest  # noqa: E402
from testground.replica.process import (  # noqa: E402
    PACKAGE_ROOT,
    ReplicaProcess,
    crawl_command,
    scrapy_env,
)

AREA = "crash"
MODES = ("any", "open_tx", "feed_ahead")
# Columns compared with the manifest (scraped_at is the crawl's own time).
COMPARED_COLUMNS = tuple(c for c in ARTICLE_COLUMNS if c != "scraped_at")
CRAWL_SETTINGS = {
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
    "DOWNLOAD_TIMEOUT": "10",
    # What is measured here is storage: no chromium (sitemaps reach every article) and no monitors.
    "MAYADEEN_BROWSER_ENABLED": "False",
    "SPIDERMON_ENABLED": "False",
}
FREEZE_ATTEMPTS = 400  # freezes tried before giving up on the asked-for state
WARCIO = [sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class KillPlan:
    backend: str  # "sqlite" or "postgresql"
    after_lines: int  # feed lines on disk before the first freeze
    mode: str = "any"  # one of MODES
    batch_size: int | None = None  # MAYADEEN_DB_BATCH_SIZE; None: the backend's default
    kill_recovery: bool = False  # SIGKILL the next run too, while it replays the dead run's feed


@dataclass
class Snapshot:
    """The crawl's state while frozen."""

    committed: set[str]  # post ids of committed articles
    feed_articles: set[str]  # post ids of the feed's complete article lines
    open_tx: bool  # the crawl holds an open write transaction


@dataclass
class FeedState:
    articles: list[dict[str, Any]]
    others: list[dict[str, Any]]  # ticker lines
    bad_lines: int  # complete lines that are not JSON
    tail_bytes: int  # bytes after the last newline (a half-written line)

    @property
    def valid(self) -> bool:
        return self.bad_lines == 0


@dataclass
class Audit:
    """The database against the manifest: rows and their consistency."""

    ids: set[str]
    rows: int
    half_written: list[str]  # post ids (or table:id) of incomplete or inconsistent rows
    finish_reasons: list[str | None]


@dataclass
class ArchiveState:
    """The web archive a killed run left, read from outside."""

    files: int
    checked: int  # files whose complete records pass `warcio check`
    cut: int  # files ending in a half-written record
    response_uris: set[str]  # target URIs of complete response and revisit records


@dataclass
class TrialResult:
    plan: KillPlan
    killed: bool = False
    freezes: int = 0
    at_kill: Snapshot | None = None
    feed: FeedState | None = None  # the killed run's feed right after the kill
    after_kill: Audit | None = None
    committed_lost: list[str] = field(default_factory=list)  # committed at the kill, gone after
    committed_not_in_feed: list[str] = field(default_factory=list)
    archive: ArchiveState | None = None  # the killed run's WARC files right after the kill
    committed_not_archived: list[str] = field(default_factory=list)
    archive_problems: list[str] = field(default_factory=list)  # after the next run
    recovery_killed: bool = False  # the next run was killed in the middle of its replay
    rerun_ok: bool = False
    rerun_problems: list[str] = field(default_factory=list)

    @property
    def mid_batch(self) -> bool:
        """The kill came with a batch open: rows written but not committed, or exported articles
        not committed yet."""
        snap = self.at_kill
        return snap is not None and (snap.open_tx or bool(snap.feed_articles - snap.committed))

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.killed:
            found.append("the crawl ended before the kill")
        if self.feed is not None and not self.feed.valid:
            found.append(f"{self.feed.bad_lines} complete feed lines are not JSON")
        if self.after_kill is not None and self.after_kill.half_written:
            found.append(f"half-written rows: {self.after_kill.half_written[:5]}")
        if self.committed_lost:
            found.append(f"committed articles lost: {self.committed_lost[:5]}")
        if self.committed_not_in_feed:
            found.append(f"committed but not in the feed: {self.committed_not_in_feed[:5]}")
        if self.archive is not None and self.archive.checked != self.archive.files:
            failing = self.archive.files - self.archive.checked
            found.append(f"WARC files failing warcio check: {failing}")
        if self.committed_not_archived:
            found.append(f"committed but not archived: {self.committed_not_archived[:5]}")
        return found + self.rerun_problems + self.archive_problems


# --- databases ----------------------------------------------------------------------------------
def _sqlite_path(url: str) -> str:
    return str(make_url(url).database)


def holds_write_transaction(engine: Engine, url: str) -> bool:
    """Whether another session (the frozen crawl) holds an open write transaction."""
    if engine.dialect.name == "sqlite":
        probe = sqlite3.connect(_sqlite_path(url), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return True
            raise
        finally:
            probe.close()
    with engine.connect() as conn:
        return bool(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                )
            ).scalar()
        )


def committed_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "articles"):
            return set()
        return {row[0] for row in conn.execute(select(articles.c.post_id))}


def audit(engine: Engine, manifest: Mapping[str, Mapping[str, Any]]) -> Audit:
    """Every stored article complete, equal to the manifest, and consistent with its versions
    and tags rows; no versions or tags row without its article."""
    bad: list[str] = []
    with engine.connect() as conn:
        rows = conn.execute(select(articles)).mappings().all()
        versions: dict[int, list[Any]] = {}
        for v in conn.execute(select(article_versions).order_by(article_versions.c.version)):
            versions.setdefault(v.article_id, []).append(v)
        tag_names: dict[int, list[str]] = {}
        for article_id, name in conn.execute(
            select(article_tags.c.article_id, tags.c.name)
            .join(tags, tags.c.id == article_tags.c.tag_id)
            .order_by(article_tags.c.article_id, article_tags.c.position)
        ):
            tag_names.setdefault(article_id, []).append(name)
        reasons = [r[0] for r in conn.execute(select(crawl_runs.c.finish_reason).order_by(
            crawl_runs.c.id))]  # fmt: skip
    ids = set()
    for row in rows:
        key = row["post_id"] or row["url"]
        ids.add(key)
        expected = manifest.get(key)
        history = versions.get(row["id"], [])
        complete = (
            expected is not None
            and all(row[c] == expected[c] for c in COMPARED_COLUMNS)
            and bool(row["scraped_at"])
            and [v.version for v in history] == list(range(1, row["version"] + 1))
            and history[-1].content_hash == row["content_hash"]
            and all(history[-1].item.get(c) == row[c] for c in ARTICLE_COLUMNS)
            and tag_names.get(row["id"], []) == list(row["tags"])
        )
        if not complete:
            bad.append(str(key))
    known = {row["id"] for row in rows}
    bad += [f"article_versions:{a}" for a in versions if a not in known]
    bad += [f"article_tags:{a}" for a in tag_names if a not in known]
    return Audit(ids, len(rows), bad, reasons)


# --- feeds --------------------------------------------------------------------------------------
def read_feed(path: Path) -> FeedState:
    """The feed's complete lines parsed (articles and ticker lines apart) and its partial tail."""
    data = path.read_bytes() if path.exists() else b""
    *complete, tail = data.split(b"\n")
    found, others, bad = [], [], 0
    for line in complete:
        try:
            row = json.loads(line)
        except ValueError:
            bad += 1
            continue
        (found if "post_id" in row else others).append(row)
    return FeedState(found, others, bad, len(tail))


def article_feed(feeds_dir: Path) -> Path | None:
    found = sorted(feeds_dir.glob("articles-*.jsonl"))
    return found[0] if found else None


def feed_ids(path: Path | None) -> set[str]:
    return {a["post_id"] for a in read_feed(path).articles} if path else set()


# --- the web archive ----------------------------------------------------------------------------
def warcio_check(path: Path) -> bool:
    done = subprocess.run([*WARCIO, "check", str(path)], capture_output=True, check=False)
    return done.returncode == 0


def read_archive(warc_dir: Path, scratch: Path) -> ArchiveState:
    """Each WARC file's complete records copied out and given to `warcio check` (the file itself
    is left as the kill left it: the next run must mend it)."""
    paths = sorted(warc_dir.glob("*.warc.gz"))
    checked = cut = 0
    uris: set[str] = set()
    scratch.mkdir(parents=True, exist_ok=True)
    for path in paths:
        length = complete_length(path)
        cut += length < path.stat().st_size
        prefix = scratch / path.name
        with path.open("rb") as source:
            prefix.write_bytes(source.read(length))
        checked += warcio_check(prefix)
        uris |= archived_uris(path)
    return ArchiveState(len(paths), checked, cut, uris)


def archived_uris(path: Path) -> set[str]:
    """Target URIs of the complete response and revisit records of a file."""
    found = set()
    for member in complete_members(path):
        head = member.data[:2048].split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        fields = dict(line.split(": ", 1) for line in head.split("\r\n")[1:] if ": " in line)
        if fields.get("WARC-Type") in ("response", "revisit"):
            found.add(fields["WARC-Target-URI"])
    return found


def check_archive_after_rerun(
    engine: Engine, warc_dir: Path, manifest: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Every file whole and closed, every record indexed once, every article archived, no
    payload archived in full twice."""
    problems = []
    paths = sorted(warc_dir.glob("*.warc.gz"))
    bad = [p.name for p in paths if complete_length(p) != p.stat().st_size or not warcio_check(p)]
    if bad:
        problems.append(f"WARC files not whole after the next run: {bad}")
    with engine.connect() as conn:
        files = conn.execute(select(warc_files.c.id, warc_files.c.path, warc_files.c.closed_at,
                                    warc_files.c.size)).all()  # fmt: skip
        indexed = conn.execute(
            select(warc_files.c.path, warc_records.c.offset, warc_records.c.record_type,
                   warc_records.c.target_uri, warc_records.c.payload_digest)
            .join(warc_files, warc_files.c.id == warc_records.c.file_id)
        ).all()  # fmt: skip
    if {Path(f.path).name for f in files} != {p.name for p in paths}:
        problems.append("WARC files on disk and in warc_files differ")
    unclosed = [
        f.path for f in files if f.closed_at is None or f.size != Path(f.path).stat().st_size
    ]
    if unclosed:
        problems.append(f"WARC files not closed with their size: {unclosed}")
    places = [(Path(r.path).name, r.offset) for r in indexed]
    on_disk = {
        (p.name, m.offset)
        for p in paths
        for m in complete_members(p)
        if m.data.startswith(b"WARC/") and (b"WARC-Type: response" in m.data[:400]
                                            or b"WARC-Type: revisit" in m.data[:400])
    }  # fmt: skip
    if len(places) != len(set(places)) or set(places) != on_disk:
        problems.append(f"archive index: {len(places)} rows ({len(set(places))} distinct) for "
                        f"{len(on_disk)} response and revisit records")  # fmt: skip
    full = [r.payload_digest for r in indexed if r.record_type == "response"]
    if len(full) != len(set(full)):
        problems.append(f"payloads archived in full twice: {len(full) - len(set(full))}")
    archived = {r.target_uri for r in indexed}
    missing = [key for key, m in manifest.items() if m["url"] not in archived]
    if missing:
        problems.append(f"manifest articles without an archived page: {missing[:5]}")
    return problems


# --- one trial ------------------------------------------------------------------------------------
def start_crawl(base_url: str, database: str, rundir: Path, batch_size: int | None):
    """The crawl as a child process in its own process group (so the kill reaches everything
    it started)."""
    rundir.mkdir(parents=True, exist_ok=True)
    settings = {
        **CRAWL_SETTINGS,
        "MAYADEEN_DATABASE_URL": database,
        "MAYADEEN_FEEDS_DIR": str(rundir / "feeds"),
        "MAYADEEN_REPORTS_DIR": str(rundir / "reports"),
        "MAYADEEN_WARC_DIR": str(rundir.parent / "warc"),
        "MAYADEEN_STATS_FILE": str(rundir / "stats.json"),
        "LOG_FILE": str(rundir / "crawl.log"),
    }
    if batch_size:
        settings["MAYADEEN_DB_BATCH_SIZE"] = str(batch_size)
    command = crawl_command(base_url, **settings)
    return subprocess.Popen(command, cwd=PACKAGE_ROOT, env=scrapy_env(), start_new_session=True)


def _kill_group(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    with contextlib.suppress(ProcessLookupError):  # whatever the crawl started, by its group
        os.killpg(process.pid, signal.SIGKILL)


def _wait_for_lines(feeds_dir: Path, count: int, process: subprocess.Popen) -> bool:
    while process.poll() is None:
        feed = article_feed(feeds_dir)
        if feed is not None and feed.read_bytes().count(b"\n") >= count:
            return True
        time.sleep(0.01)
    return False


def freeze_and_kill(
    process: subprocess.Popen, engine: Engine, url: str, feeds_dir: Path, result: TrialResult
) -> None:
    """Freeze the crawl until it is in the plan's state, then SIGKILL it, frozen."""
    mode = result.plan.mode
    for attempt in range(FREEZE_ATTEMPTS):
        if process.poll() is not None:
            return
        process.send_signal(signal.SIGSTOP)
        result.freezes = attempt + 1
        snap = Snapshot(
            committed_ids(engine),
            feed_ids(article_feed(feeds_dir)),
            holds_write_transaction(engine, url),
        )
        wanted = (
            mode == "any"
            or (mode == "open_tx" and snap.open_tx)
            or (mode == "feed_ahead" and bool(snap.feed_articles - snap.committed))
        )
        if wanted or attempt == FREEZE_ATTEMPTS - 1:
            result.at_kill = snap
            _kill_group(process)
            result.killed = True
            return
        process.send_signal(signal.SIGCONT)
        time.sleep(0.003 * (1 + attempt % 7))  # vary the phase of the next freeze


def run_trial(
    plan: KillPlan,
    base_url: str,
    database: str,
    manifest: list[dict[str, Any]],
    trialdir: Path,
) -> TrialResult:
    """Kill a first crawl as planned, check what it left, run again and check the recovery."""
    result = TrialResult(plan)
    by_id = {m["post_id"]: m for m in manifest}
    engine = create_engine(database)
    try:
        first = trialdir / "killed"
        process = start_crawl(base_url, database, first, plan.batch_size)
        try:
            if _wait_for_lines(first / "feeds", plan.after_lines, process):
                freeze_and_kill(process, engine, database, first / "feeds", result)
        finally:
            if process.poll() is None:
                _kill_group(process)
        if not result.killed:
            return result
        killed_feed = article_feed(first / "feeds")
        result.feed = read_feed(killed_feed) if killed_feed else FeedState([], [], 0, 0)
        for other in sorted((first / "feeds").glob("*.jsonl")):  # the ticker's feed too
            if other != killed_feed:
                result.feed.bad_lines += read_feed(other).bad_lines
        result.after_kill = audit(engine, by_id)
        assert result.at_kill is not None
        result.committed_lost = sorted(result.at_kill.committed - result.after_kill.ids)
        in_feed = {a["post_id"] for a in result.feed.articles}
        result.committed_not_in_feed = sorted(result.after_kill.ids - in_feed)
        result.archive = read_archive(trialdir / "warc", trialdir / "warc-checked")
        urls = {m["post_id"]: m["url"] for m in manifest}
        archived = result.archive.response_uris
        result.committed_not_archived = sorted(
            key for key in result.after_kill.ids if urls.get(key) not in archived
        )
        engine.dispose()
        if plan.kill_recovery:
            result.recovery_killed = kill_during_recovery(
                base_url, database, trialdir / "recovering", plan.batch_size
            )
        result.rerun_problems = check_rerun(base_url, database, trialdir / "rerun", result, by_id)
        if not result.rerun_problems:
            result.archive_problems = check_archive_after_rerun(engine, trialdir / "warc", by_id)
        result.rerun_ok = not result.rerun_problems and not result.archive_problems
    finally:
        engine.dispose()
    return result


def _finish_reasons(engine: Engine) -> list[str | None]:
    with engine.connect() as conn:
        query = select(crawl_runs.c.finish_reason).order_by(crawl_runs.c.id)
        return [row[0] for row in conn.execute(query)]


def kill_during_recovery(base_url: str, database: str, rundir: Path, batch: int | None) -> bool:
    """Start the next run and SIGKILL it once its own run is recorded; True when the kill came
    while it was still replaying the dead run's feed (the dead run not closed yet)."""
    engine = create_engine(database)
    process = start_crawl(base_url, database, rundir, batch)
    try:
        while process.poll() is None:
            if len(_finish_reasons(engine)) >= 2:
                process.send_signal(signal.SIGSTOP)
                replaying = _finish_reasons(engine)[0] is None
                _kill_group(process)
                return replaying
            time.sleep(0.003)
        return False
    finally:
        if process.poll() is None:
            _kill_group(process)
        engine.dispose()


def check_rerun(
    base_url: str,
    database: str,
    rundir: Path,
    result: TrialResult,
    manifest: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """A full second run: the dead run's feed replayed, every article exactly once."""
    process = start_crawl(base_url, database, rundir, result.plan.batch_size)
    try:
        code = process.wait(600)
    finally:
        if process.poll() is None:
            _kill_group(process)
    if code != 0:
        return [f"the rerun exited with {code}: see {rundir / 'crawl.log'}"]
    problems = []
    killed_feed = article_feed(rundir.parent / "killed" / "feeds")
    before = result.feed
    after = read_feed(killed_feed) if killed_feed else FeedState([], [], 0, 0)
    assert before is not None
    if after.tail_bytes or len(after.articles) != len(before.articles):
        problems.append("the killed feed's half-written line was not cut cleanly")
    stats = json.loads((rundir / "stats.json").read_text())
    replayed = stats.get("mayadeen/db/recovered_items", 0)
    lines = sum(  # the articles feed and the ticker feed
        len(state.articles) + len(state.others)
        for state in map(read_feed, sorted((rundir.parent / "killed" / "feeds").glob("*.jsonl")))
    )
    # After a killed recovery the replay may have been committed by it already, or not.
    if replayed != lines and not result.plan.kill_recovery:
        problems.append(f"replayed {replayed} of the killed run's {lines} feed lines")
    between = article_feed(rundir.parent / "recovering" / "feeds")
    recovering = read_feed(between).articles if between else []
    rerun = read_feed(article_feed(rundir / "feeds") or rundir / "none")
    comparison = compare_to_manifest(
        after.articles + recovering + rerun.articles, manifest.values()
    )
    if not comparison.ok:
        problems.append("feeds: " + comparison.describe())
    engine = create_engine(database)
    try:
        final = audit(engine, manifest)
    finally:
        engine.dispose()
    if final.ids != set(manifest) or final.rows != len(manifest) or final.half_written:
        problems.append(
            f"database: {final.rows} rows for {len(manifest)} articles, "
            f"half-written {final.half_written[:5]}"
        )
    # A run killed before it recorded its feeds (in its recovery) leaves no pid to check: it stays
    # unfinished, which only ever makes the next incremental run look further.
    expected = [["killed", "finished"]]
    if result.plan.kill_recovery:
        expected = [["killed", reason, "finished"] for reason in ("killed", None)]
    if final.finish_reasons not in expected:
        problems.append(f"runs recorded as {final.finish_reasons}")
    return problems


# --- the experiment -----------------------------------------------------------------------------
def plans(backend: str, count: int, articles: int) -> list[KillPlan]:
    """`count` kills spread over the crawl, cycling through the modes; on SQLite (one commit per
    item by default) every feed_ahead kill and every other open_tx kill use batches of 10."""
    result = []
    for n in range(count):
        mode = MODES[n % len(MODES)]
        after = 1 + (n * 7919) % max(1, int(articles * 0.85))  # spread, deterministic
        # With one commit per item, the feed is ahead of the database only between a flush and
        # the commit right after it: too brief a state to freeze the crawl in (a faster store
        # ended such a trial before any freeze found it). A feed_ahead kill takes batches.
        batch = (
            10
            if backend == "sqlite" and (mode == "feed_ahead" or (mode != "any" and n % 2))
            else None
        )
        # Every third trial kills the recovering run as well, late in the crawl (more to replay).
        recovery = n % 3 == 2
        if recovery:
            after = max(after, int(articles * 0.6))
        result.append(KillPlan(backend, after, mode, batch, recovery))
    return result


def run_trials(
    backend: str,
    database_for: Any,
    count: int,
    replica: ReplicaProcess,
    workdir: Path,
) -> Iterator[TrialResult]:
    manifest = replica.manifest()
    for n, plan in enumerate(plans(backend, count, len(manifest))):
        yield run_trial(
            plan, replica.base_url, database_for(n), manifest, workdir / f"{backend}-{n}"
        )


def figures(results: list[TrialResult]) -> list[Figure]:
    out = []
    for backend in ("sqlite", "postgresql"):
        mine = [r for r in results if r.plan.backend == backend]
        if not mine:
            continue
        killed = sum(r.killed for r in mine)
        mid = sum(r.mid_batch for r in mine if r.killed)
        open_tx = sum(bool(r.at_kill and r.at_kill.open_tx) for r in mine)
        out.append(Figure(AREA, f"{backend}: SIGKILLs landed mid-crawl", f"{killed}/{len(mine)}",
                          "all", killed == len(mine)))  # fmt: skip
        out.append(Figure(AREA, f"{backend}: kills inside an open batch",
                          f"{mid}/{killed} ({open_tx} with a write transaction open)", "≥ 1",
                          mid >= 1))  # fmt: skip
    killed = [r for r in results if r.killed]
    lost = sum(len(r.committed_lost) for r in killed)
    at_kill = sum(len(r.at_kill.committed) for r in killed if r.at_kill)
    out.append(Figure(AREA, "committed articles lost by the kill", f"{lost} of {at_kill}", "0",
                      lost == 0))  # fmt: skip
    rows = sum(r.after_kill.rows for r in killed if r.after_kill)
    half = sum(len(r.after_kill.half_written) for r in killed if r.after_kill)
    out.append(Figure(AREA, "half-written or inconsistent rows after the kill",
                      f"{half} of {rows}", "0", half == 0))  # fmt: skip
    missing = sum(len(r.committed_not_in_feed) for r in killed)
    out.append(Figure(AREA, "committed articles missing from the killed run's feed", str(missing),
                      "0", missing == 0))  # fmt: skip
    valid = sum(bool(r.feed and r.feed.valid) for r in killed)
    tails = sum(bool(r.feed and r.feed.tail_bytes) for r in killed)
    # Whole lines reach the file: each line is one write() to a buffered file, which spills
    # whole writes; a half-written line needs a short write (a full disk). Cutting one is
    # covered by tests/pipelines/test_journal_dead_runs.py.
    out.append(Figure(AREA, "killed feeds valid JSON Lines up to the last complete line",
                      f"{valid}/{len(killed)} ({tails} ended in a half-written line)", "all",
                      valid == len(killed) > 0))  # fmt: skip
    tried = [r for r in killed if r.plan.kill_recovery]
    hit = sum(r.recovery_killed for r in tried)
    if tried:
        out.append(Figure(AREA, "next run killed too, in the middle of its replay",
                          f"{hit}/{len(tried)}", "≥ 1", hit >= 1))  # fmt: skip
    archives = [r.archive for r in killed if r.archive is not None]
    files = sum(a.files for a in archives)
    checked = sum(a.checked for a in archives)
    out.append(Figure(AREA, "killed runs' WARC files pass `warcio check` up to their last "
                      "complete record", f"{checked}/{files} "
                      f"({sum(a.cut for a in archives)} ended in a half-written record)", "all",
                      checked == files > 0))  # fmt: skip
    unarchived = sum(len(r.committed_not_archived) for r in killed)
    out.append(Figure(AREA, "committed articles without their page in the archive",
                      f"{unarchived} of {at_kill}", "0", unarchived == 0))  # fmt: skip
    mended = sum(not r.archive_problems for r in killed if not r.rerun_problems)
    clean = sum(not r.rerun_problems for r in killed)
    out.append(Figure(AREA, "next runs: WARC files whole, each record indexed once, every "
                      "article archived, no payload archived in full twice",
                      f"{mended}/{clean}", "all", mended == clean > 0))  # fmt: skip
    exact = sum(r.rerun_ok for r in killed)
    out.append(Figure(AREA, "next runs recovered: every manifest article exactly once "
                      "(database and feeds)", f"{exact}/{len(killed)}", "all",
                      exact == len(killed) > 0))  # fmt: skip
    return out


def measure(workdir: Path, quick: bool) -> list[Figure]:
    articles, per_backend = (150, 3) if quick else (250, 7)
    results: list[TrialResult] = []
    with ReplicaProcess(articles=articles, seed=9, log_path=workdir / "replica.log") as replica:
        sqlite = lambda n: f"sqlite:///{workdir / f'sqlite-{n}.sqlite3'}"  # noqa: E731
        results += run_trials("sqlite", sqlite, per_backend, replica, workdir)
        with PostgresServer() as server:
            postgres = lambda n: server.new_database(f"crash_{n}")  # noqa: E731
            results += run_trials("postgresql", postgres, per_backend, replica, workdir)
    for r in results:
        if r.problems:
            print(f"[crash] {r.plan}: {r.problems}", file=sys.stderr)
    return figures(results)


def main() -> int:
    import tempfile

    quick = "--quick" in sys.argv
    found = measure(Path(tempfile.mkdtemp(prefix="mayadeen-crash-")), quick)
    for f in found:
        print(f"{'ok ' if f.ok else 'BAD'} {f.check}: {f.measured} (expected {f.expected})")
    return 0 if all(f.ok for f in found) else 1


if __name__ == "__main__":
    sys.exit(main())
