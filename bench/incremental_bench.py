"""Incremental crawl benchmark: a first crawl of an N-article replica, a second with nothing new,
a third after `advance?new=20&edit=5`, into one SQLite database. Prints requests, items and time
of each run. Usage: python bench/incremental_bench.py [--articles 10000] [--seed 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testground.replica.process import ReplicaProcess, crawl_command, scrapy_env  # noqa: E402


def crawl(base_url: str, workdir: Path, name: str) -> dict:
    stats_file, feed = workdir / f"{name}.stats.json", workdir / f"{name}.jsonl"
    command = crawl_command(
        base_url, "-O", str(feed), LOG_LEVEL="WARNING", FEEDS="{}", TELNETCONSOLE_ENABLED="False",
        MAYADEEN_DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MAYADEEN_STATS_FILE=str(stats_file), MAYADEEN_WARC_DIR=str(workdir / "warc"),
    )  # fmt: skip
    archive_before = archive_bytes(workdir / "warc")
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=scrapy_env(), check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    stats = json.loads(stats_file.read_text())
    items = sum(1 for line in feed.read_text("utf-8").splitlines() if '"post_id"' in line)
    return {"run": name, "requests": stats["downloader/request_count"], "articles": items,
            "seconds": round(seconds, 1),
            "archive_bytes": archive_bytes(workdir / "warc") - archive_before}  # fmt: skip


def archive_bytes(directory: Path) -> int:
    """Bytes of the WARC files in a directory (the web archive the crawls write)."""
    return sum(path.stat().st_size for path in directory.glob("*.warc.gz"))


def run(articles: int, seed: int = 5, workdir: Path | None = None) -> dict:
    """Three crawls of one replica into one database: first, no change, after an advance."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="mayadeen-incremental-bench-"))
    with ReplicaProcess(articles, seed, log_path=workdir / "replica.log") as replica:
        rows = [crawl(replica.base_url, workdir, name) for name in ("first", "second")]
        replica.advance(new=20, edit=5)
        rows.append(crawl(replica.base_url, workdir, "third (+20 new, 5 edited)"))
    share = rows[1]["requests"] / rows[0]["requests"]
    archive_share = rows[1]["archive_bytes"] / max(1, rows[0]["archive_bytes"])
    return {"replica_articles": articles, "seed": seed, "runs": rows, "recrawl_share": share,
            "archive_growth_share": archive_share}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    result = run(args.articles, args.seed)
    print(f"replica: {args.articles} articles, seed {args.seed}")
    print(f"{'run':<28}{'requests':>10}{'articles':>10}{'seconds':>10}{'WARC bytes':>14}")
    for row in result["runs"]:
        print(f"{row['run']:<28}{row['requests']:>10}{row['articles']:>10}{row['seconds']:>10}"
              f"{row['archive_bytes']:>14,}")  # fmt: skip
    print(f"second crawl: {result['recrawl_share']:.2%} of the first crawl's requests, "
          f"{result['archive_growth_share']:.2%} of its archive bytes")


if __name__ == "__main__":
    main()
