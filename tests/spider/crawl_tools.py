"""Crawls run for the incremental, resume and distributed tests: a crawl's feed split into
articles and ticker lines, and its final stats (the StatsFile extension)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scrapy_runner import TEST_SETTINGS

from testground.replica.process import PACKAGE_ROOT, crawl_command, scrapy_env


@dataclass
class Crawl:
    articles: list[dict]
    breaking: list[dict]
    stats: dict

    @property
    def requests(self) -> int:
        return self.stats["downloader/request_count"]


def feed_rows(feed: Path) -> tuple[list[dict], list[dict]]:
    rows = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    return [r for r in rows if "post_id" in r], [r for r in rows if "post_id" not in r]


def crawl_process(
    base_url: str, database: str, workdir: Path, name: str, *args: str, **settings: str
) -> subprocess.Popen:
    """Start `scrapy crawl articles` writing workdir/<name>.jsonl and workdir/<name>.stats.json."""
    command = crawl_command(
        base_url, "-O", str(workdir / f"{name}.jsonl"), *args,
        **{**TEST_SETTINGS, "MAYADEEN_DATABASE_URL": database,
           "MAYADEEN_STATS_FILE": str(workdir / f"{name}.stats.json"),
           "LOG_FILE": str(workdir / f"{name}.log"),
           "MAYADEEN_WARC_DIR": str(workdir / "warc"), **settings},
    )  # fmt: skip
    return subprocess.Popen(command, cwd=PACKAGE_ROOT, env=scrapy_env())


def finished(process: subprocess.Popen, workdir: Path, name: str, timeout: float = 300) -> Crawl:
    code = process.wait(timeout)
    assert code == 0, (workdir / f"{name}.log").read_text()[-3000:]
    stats = json.loads((workdir / f"{name}.stats.json").read_text())
    return Crawl(*feed_rows(workdir / f"{name}.jsonl"), stats)


def crawl(base_url: str, database: str, workdir: Path, name: str, *args: str, **settings) -> Crawl:
    process = crawl_process(base_url, database, workdir, name, *args, **settings)
    return finished(process, workdir, name)
