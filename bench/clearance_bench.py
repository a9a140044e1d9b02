"""Clearance mode benchmark: a replica behind a managed challenge (`--challenge site`), crawled
with clearance mode on, then with reuse off (the control: every page rendered in chromium).
Prints, for each crawl, requests, pages fetched (responses the crawl used), renders and their
share of the pages, solves, pages fetched plain with a clearance, articles exact against the
manifest, and time.

The control runs without plain retries and without backoff before its renders
(MAYADEEN_CHALLENGE_RETRIES=0, MAYADEEN_BROWSER_RETRY_BACKOFF=0): the cheapest way to render
every page, so the figure is what the mode saves at the least.
Usage: python bench/clearance_bench.py [--articles 300] [--seed 1] [--clearance-requests 0]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testground.replica.compare import compare_to_manifest  # noqa: E402
from testground.replica.process import ReplicaProcess, crawl_command, scrapy_env  # noqa: E402

CONTROL = {
    "MAYADEEN_CLEARANCE_ENABLED": "False",
    "MAYADEEN_CHALLENGE_RETRIES": "0",
    "MAYADEEN_BROWSER_RETRY_BACKOFF": "0",
}
# robots.txt is challenged before the mode can judge: its browser retry without the 10 s backoff.
ON = {"MAYADEEN_BROWSER_RETRY_BACKOFF": "0"}


def crawl(
    replica: ReplicaProcess, workdir: Path, name: str, label: str, settings: dict[str, str]
) -> dict:
    stats_file, feed = workdir / f"{name}.stats.json", workdir / f"{name}.jsonl"
    command = crawl_command(
        replica.base_url, "-O", str(feed), LOG_LEVEL="INFO", LOG_FILE=str(workdir / f"{name}.log"),
        FEEDS="{}", TELNETCONSOLE_ENABLED="False", MAYADEEN_REPORTS_DIR=str(workdir / "reports"),
        MAYADEEN_DATABASE_URL=f"sqlite:///{workdir / (name + '.sqlite3')}",
        MAYADEEN_STATS_FILE=str(stats_file), **settings,
    )  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=scrapy_env(), check=False)
    seconds = time.monotonic() - started
    stats = json.loads(stats_file.read_text())
    rows = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    report = compare_to_manifest([r for r in rows if "post_id" in r], replica.manifest())
    # Pages fetched: the responses the crawl used (challenges re-queued or retried are not).
    pages = stats["response_received_count"]
    renders = stats.get("mayadeen/browser/renders", 0)
    return {
        "run": label,
        "exit_code": done.returncode,
        "requests": stats["downloader/request_count"],
        "pages": pages,
        "renders": renders,
        "render_share": round(renders / pages, 4),
        "solves": stats.get("mayadeen/clearance/solves", 0),
        "pages_with_clearance": stats.get("mayadeen/clearance/pages", 0),
        "articles_exact": report.exact,
        "articles_expected": report.expected,
        "complete": report.ok,
        "seconds": round(seconds, 1),
    }


def run(
    articles: int, seed: int = 1, clearance_requests: int = 0, workdir: Path | None = None
) -> dict[str, Any]:
    """Mode on, then the control, against one replica behind a managed challenge."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="mayadeen-clearance-bench-"))
    options: dict[str, Any] = {"challenge": "site"}
    if clearance_requests:
        options["clearance_requests"] = clearance_requests
    with ReplicaProcess(articles, seed, log_path=workdir / "replica.log", **options) as replica:
        on = crawl(replica, workdir, "on", "clearance mode on", ON)
        off = crawl(replica, workdir, "control", "reuse off (control)", CONTROL)
    return {
        "replica_articles": articles,
        "seed": seed,
        "clearance_requests": clearance_requests,
        "runs": [on, off],
        "render_share": on["render_share"],
        "time_ratio": round(off["seconds"] / on["seconds"], 2),
        "render_ratio": round(off["renders"] / max(on["renders"], 1), 1),
    }


def table(result: dict[str, Any]) -> list[str]:
    """The Markdown table of the two crawls."""
    lines = [
        "| crawl | requests | pages fetched | renders (share of pages) | solves "
        "| pages plain with a clearance | articles exact | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['run']} | {r['requests']} | {r['pages']} | {r['renders']} "
            f"({r['render_share']:.1%}) | "
            f"{r['solves']} | {r['pages_with_clearance']} | "
            f"{r['articles_exact']}/{r['articles_expected']} | {r['seconds']} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clearance-requests", type=int, default=0, help="0: no expiry")
    args = parser.parse_args()
    result = run(args.articles, args.seed, args.clearance_requests)
    print(f"replica: {args.articles} articles, seed {args.seed}, --challenge site")
    print("\n".join(table(result)))
    print(
        f"mode on: renders {result['render_share']:.1%} of pages fetched; the control took "
        f"{result['time_ratio']}x the time and {result['render_ratio']}x the renders"
    )


if __name__ == "__main__":
    main()
