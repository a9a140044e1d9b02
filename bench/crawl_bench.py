"""Crawl benchmarks: `scrapy bench` against a full crawl of the replica (pages/s), peak RSS of a
crawl, and the requests of a no-change recrawl against the first crawl.

Every crawl is the real `scrapy crawl articles` (extraction, validation, dedupe, JSON Lines feed,
SQLite) against a replica on the loopback with politeness off, in a child process whose peak RSS
is read from os.wait4.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, crawl_command, scrapy_env


def run_measured(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run a command to its end: exit code, wall seconds and peak RSS (MB) of that process."""
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "exit_code": process.returncode,
        "wall_s": round(time.perf_counter() - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),  # steadier than wall on a busy host
    }


def _stat(log_text: str, name: str) -> float:
    match = re.search(rf"'{re.escape(name)}': ([\d.]+)", log_text)
    return float(match.group(1)) if match else 0.0


def scrapy_bench(workdir: Path) -> dict[str, Any]:
    """`scrapy bench` outside the project (its settings would slow the bench spider down)."""
    env = {k: v for k, v in scrapy_env().items() if not k.startswith("SCRAPY_")}
    env.pop("PYTHONPATH", None)
    log = workdir / "scrapy-bench.log"
    command = [sys.executable, "-m", "scrapy", "bench", "-s", "LOG_LEVEL=INFO"]
    result = run_measured(command, workdir, env, log)
    text = log.read_text(errors="replace")
    pages = _stat(text, "response_received_count")
    elapsed = _stat(text, "elapsed_time_seconds")
    return result | {"pages": int(pages), "elapsed_s": round(elapsed, 2),
                     "pages_per_s": round(pages / elapsed, 1) if elapsed else 0.0}  # fmt: skip


def crawl(
    base_url: str, workdir: Path, name: str, database: Path, **settings: str
) -> dict[str, Any]:
    """One full crawl of the replica into ``database``; figures from its run report."""
    reports = workdir / f"reports-{name}"
    command = crawl_command(
        base_url,
        MAYADEEN_DATABASE_URL=f"sqlite:///{database}",
        FEEDS=json.dumps({str(workdir / f"{name}.jsonl"): {"format": "jsonlines"}}),
        MAYADEEN_REPORTS_DIR=str(reports),
        MAYADEEN_WARC_DIR=str(workdir / f"warc-{name}"),
        LOG_LEVEL="INFO",
        TELNETCONSOLE_ENABLED="False",
        **settings,
    )
    result = run_measured(command, PACKAGE_ROOT, scrapy_env(), workdir / f"{name}.log")
    report = json.loads(next(reports.glob("*.json")).read_text("utf-8"))
    counts = report["counts"]
    elapsed = report["elapsed_seconds"]
    return result | {
        "requests": counts["requests"],
        "responses": counts["responses"],
        "articles": counts["articles_extracted"],
        "exported": counts["articles_new"] + counts["articles_updated"],
        "elapsed_s": elapsed,
        "pages_per_s": round(counts["responses"] / elapsed, 1),
        "verdict": report["verdict"],
    }


def replica_crawl(
    articles: int, name: str, recrawl: bool = False, **settings: str
) -> dict[str, Any]:
    """A first crawl of an N-article replica; with ``recrawl``, a second one into the same
    database with nothing changed (the incremental figure)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"mayadeen-bench-{name}-"))
    with ReplicaProcess(articles=articles, startup_timeout=600,
                        log_path=workdir / "replica.log") as replica:  # fmt: skip
        first = crawl(replica.base_url, workdir, name, workdir / "db.sqlite3", **settings)
        first["replica_articles"] = articles
        result: dict[str, Any] = {"first": first}
        if recrawl:
            result["recrawl"] = crawl(
                replica.base_url, workdir, name + "-again", workdir / "db.sqlite3", **settings
            )
    return result


def throughput(articles: int, workdir: Path) -> dict[str, Any]:
    bench = scrapy_bench(workdir)
    ours = replica_crawl(articles, "throughput")["first"]
    return {
        "scrapy_bench": bench,
        "crawl": ours,
        "ratio": round(ours["pages_per_s"] / bench["pages_per_s"], 3),
    }


def memory(small: int, large: int) -> dict[str, Any]:
    low = replica_crawl(small, f"memory-{small}", recrawl=True)
    high = replica_crawl(large, f"memory-{large}")["first"]
    return {
        "small": low["first"],
        "large": high,
        "ratio": round(high["peak_rss_mb"] / low["first"]["peak_rss_mb"], 3),
        "recrawl_of_small": low["recrawl"],
    }
