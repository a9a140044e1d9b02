"""A run's JSON Lines feeds as the journal of its database writes.

The database pipeline commits a batch only after the feeds are flushed (pipelines/database.py), so
the database never holds an exported item the feed lacks. The other way round, a crash (SIGKILL)
can leave items in a feed whose batch was never committed: they would be exported again by the
next run. So each run records its feed files here, and the next run on the same host replays the
feeds of a dead run into the database before crawling. A half-written last line (the crash came
mid-write) is cut off the feed: that item is not stored either, and the next run exports it.
A run's process is dead when its pid is gone, or when the process now holding that pid started
after the run did (pids are reused: in a container every crawl may be pid 1).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, update

from mayadeen.storage.schema import crawl_runs, run_feeds
from mayadeen.storage.store import ArticleStore

logger = logging.getLogger(__name__)

KILLED = "killed"


@dataclass(frozen=True)
class Recovery:
    run_id: int
    items: int  # feed lines replayed (articles and ticker lines)
    cut_bytes: int  # bytes of half-written last lines removed from the feeds


def record_feeds(store: ArticleStore, run_id: int, paths: list[str]) -> None:
    """Remember the feed files of this run and of this process."""
    if not paths:
        return
    host, pid = socket.gethostname(), os.getpid()
    with store.engine.begin() as conn:
        conn.execute(
            insert(run_feeds),
            [{"run_id": run_id, "host": host, "pid": pid, "path": path} for path in paths],
        )


def process_start(pid: int) -> datetime | None:
    """When process `pid` started (Linux /proc); None where that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        # Fields after the command name (which may hold spaces): starttime is field 22.
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, StopIteration, ValueError, IndexError):
        return None
    return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)


# Boot time is whole seconds in /proc/stat: a process started this little after a run still
# counts as possibly the run's own.
_START_SLACK_SECONDS = 2.0


def run_process_alive(pid: int, run_started: datetime) -> bool:
    """Whether the process that wrote a run started at `run_started` may still be running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process holds the pid: alive, unless it started later
    started = process_start(pid)
    if started is None:
        return True  # cannot tell: never replay a run that may be writing still
    if run_started.tzinfo is None:  # SQLite gives naive datetimes back; they were stored as UTC
        run_started = run_started.replace(tzinfo=UTC)
    return started.timestamp() <= run_started.timestamp() + _START_SLACK_SECONDS


def dead_runs(store: ArticleStore, current_run_id: int) -> dict[int, list[str]]:
    """Feed paths of this host's runs that never finished and whose process is gone."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(run_feeds.c.run_id, run_feeds.c.pid, run_feeds.c.path, crawl_runs.c.started_at)
            .join(crawl_runs, crawl_runs.c.id == run_feeds.c.run_id)
            .where(
                crawl_runs.c.finished_at.is_(None),
                crawl_runs.c.id != current_run_id,
                run_feeds.c.host == socket.gethostname(),
            )
            .order_by(run_feeds.c.run_id, run_feeds.c.id)
        ).all()
    runs: dict[int, list[str]] = {}
    for run_id, pid, path, started in rows:
        if not run_process_alive(pid, started):
            runs.setdefault(run_id, []).append(path)
    return runs


def cut_partial_line(path: Path) -> int:
    """Truncate the file after its last newline; the number of bytes removed."""
    with path.open("rb+") as file:
        data = file.read()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            file.truncate(keep)
        return len(data) - keep


def replay_feed(store: ArticleStore, path: Path, run_id: int) -> int:
    """Store every line of a JSON Lines feed (article or ticker line); the lines replayed."""
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if "content_hash" in row:
                store.save_article(row, run_id)
            elif "text" in row and "first_seen_at" in row:
                store.save_breaking(row)
            else:
                continue
            count += 1
    return count


def recover_dead_runs(store: ArticleStore, current_run_id: int) -> list[Recovery]:
    """Replay the feeds of dead runs into the database and close those runs as killed."""
    recovered = []
    for run_id, paths in dead_runs(store, current_run_id).items():
        items = cut = 0
        for name in paths:
            path = Path(name)
            if not path.is_file():
                continue
            cut += cut_partial_line(path)
            items += replay_feed(store, path, run_id)
        store.flush()
        with store.engine.begin() as conn:
            conn.execute(
                update(crawl_runs)
                .where(crawl_runs.c.id == run_id)
                .values(finished_at=datetime.now(UTC), finish_reason=KILLED)
            )
        logger.warning(
            "Run %s was killed: replayed %d items of its feeds into the database%s",
            run_id, items, f", cut {cut} bytes of a half-written line" if cut else "",
        )  # fmt: skip
        recovered.append(Recovery(run_id, items, cut))
    return recovered
