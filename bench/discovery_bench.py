"""Discovery benchmark: one crawl per replica skin with the default profile (site.py as it is):
manifest articles found (each once), items that are no manifest article, requests, and the
requests spent exploring links of unknown shape (``mayadeen/explore/requests``; target <= 10%
of the crawl's requests), with the URL shapes the crawl learned.
Usage: python bench/discovery_bench.py [--articles 1000] [--skins default,urls-a,urls-b,wild]
       python bench/discovery_bench.py --quick   (150 articles)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mayadeen.monitoring.report import url_shapes  # noqa: E402
from testground.replica.process import ReplicaProcess, crawl_command, scrapy_env  # noqa: E402

SKINS = ("default", "urls-a", "urls-b", "wild")
TARGET_SHARE = 0.10


def crawl_skin(skin: str, articles: int, workdir: Path) -> dict[str, Any]:
    """One first crawl of an N-article replica in this skin, into a fresh database."""
    stats_file, feed = workdir / f"{skin}.stats.json", workdir / f"{skin}.jsonl"
    with ReplicaProcess(articles, log_path=workdir / f"{skin}-replica.log", skin=skin) as replica:
        manifest = replica.manifest()
        command = crawl_command(
            replica.base_url, "-O", str(feed), LOG_LEVEL="INFO", FEEDS="{}",
            TELNETCONSOLE_ENABLED="False", LOG_FILE=str(workdir / f"{skin}.log"),
            MAYADEEN_DATABASE_URL=f"sqlite:///{workdir / f'{skin}.sqlite3'}",
            MAYADEEN_STATS_FILE=str(stats_file), MAYADEEN_REPORTS_DIR=str(workdir / skin),
        )  # fmt: skip
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, env=scrapy_env(), check=False)
        seconds = time.monotonic() - started
    stats = json.loads(stats_file.read_text())
    rows = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    by_url = {m["url"]: m["post_id"] for m in manifest}
    found = Counter(r["post_id"] or by_url.get(r["url"], r["url"]) for r in rows if "body" in r)
    wanted = {m["post_id"] for m in manifest}
    requests = stats.get("downloader/request_count", 0)
    explore = stats.get("mayadeen/explore/requests", 0)
    return {
        "skin": skin,
        "manifest": len(wanted),
        "found": len(wanted & set(found)),
        "found_twice": sum(1 for n in found.values() if n > 1),
        "not_in_manifest": len(set(found) - wanted),
        "requests": requests,
        "explore_requests": explore,
        "explore_share": round(explore / requests, 4) if requests else None,
        "learned_shapes": [
            f"{row['kind']} {row['shape']} ({row['pages']})"
            for row in url_shapes(stats)
            if not row["in_profile"]
        ],
        "seconds": round(seconds, 1),
    }


def run(articles: int, skins: tuple[str, ...] = SKINS, workdir: Path | None = None) -> dict:
    workdir = workdir or Path(tempfile.mkdtemp(prefix="mayadeen-discovery-bench-"))
    rows = [crawl_skin(skin, articles, workdir) for skin in skins]
    url_skins = [r for r in rows if r["skin"] != "default"]
    worst = max((r["explore_share"] or 0 for r in url_skins), default=0.0)
    return {"replica_articles": articles, "runs": rows, "worst_explore_share": worst}


def table(result: dict) -> list[str]:
    """The results as Markdown table lines."""
    lines = [
        "| skin | manifest articles | found | found twice | not in manifest | requests | "
        "exploring | share | learned shapes (pages) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        share = "-" if r["explore_share"] is None else f"{r['explore_share']:.1%}"
        lines.append(
            f"| {r['skin']} | {r['manifest']} | {r['found']} ({r['found'] / r['manifest']:.1%}) "
            f"| {r['found_twice']} | {r['not_in_manifest']} | {r['requests']} | "
            f"{r['explore_requests']} | {share} | {'; '.join(r['learned_shapes']) or '-'} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--skins", default=",".join(SKINS))
    parser.add_argument("--quick", action="store_true", help="150 articles")
    args = parser.parse_args()
    articles = 150 if args.quick else args.articles
    result = run(articles, tuple(s for s in args.skins.split(",") if s))
    print("\n".join(table(result)))
    print(f"worst exploration share on a URL skin: {result['worst_explore_share']:.1%} "
          f"(target <= {TARGET_SHARE:.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
