"""The web archive's figures on one replica (issue 16): crawl throughput with the archive on
against off, archive bytes per article page, and `scrapy reparse` pages/s against the crawl's.

Runs of the real commands: `scrapy crawl articles` with MAYADEEN_WARC_ENABLED=False and with the
archive on, alternately, twice each (each into its own database; the best of each is kept, and the
CPU seconds are compared too: on a shared machine the wall time of one crawl varies more than the
archive costs). Then the mend that `scrapy reparse` is for, into a copy of that database: a first
reparse with a wrong body container stores wrong bodies (not timed), and the reparse timed
restores them with the right profile, so every article with a text body changes and gets a new
version and a feed line (the heaviest case).
Usage: python bench/archive_bench.py [--articles 5000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_bench import crawl, run_measured  # noqa: E402
from testground.replica.process import (  # noqa: E402
    PACKAGE_ROOT,
    ReplicaProcess,
    scrapy_command,
    scrapy_env,
)

ROUNDS = 2  # crawls with the archive off and on, alternately
# A site profile whose body container matches nothing, the body found by structure switched off
# (it would mend the bodies at once); with the short-body check off, the empty bodies are stored.
WRONG_PROFILE = 'BODY_CONTAINER_SELECTOR = "div.nowhere"\nBODY_STRUCTURE_FALLBACK = false\n'


def archive_bytes(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.glob("*.warc.gz"))


def copy_sqlite(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


def reparse(workdir: Path, database: Path, name: str, **settings: str) -> dict[str, Any]:
    stats_file = workdir / f"{name}.stats.json"
    command = scrapy_command(
        "reparse", "-a", "progress=false",
        MAYADEEN_DATABASE_URL=f"sqlite:///{database}", LOG_LEVEL="INFO",
        TELNETCONSOLE_ENABLED="False", MAYADEEN_STATS_FILE=str(stats_file),
        MAYADEEN_REPORTS_DIR=str(workdir / f"reports-{name}"),
        FEEDS=json.dumps({str(workdir / f"{name}.jsonl"): {"format": "jsonlines"}}),
        **settings,
    )  # fmt: skip
    result = run_measured(command, PACKAGE_ROOT, scrapy_env(), workdir / f"{name}.log")
    stats = json.loads(stats_file.read_text())
    pages = stats.get("mayadeen/reparse/pages_read", 0)
    elapsed = stats["elapsed_time_seconds"]
    return result | {
        "pages": pages,
        "updated": stats.get("mayadeen/items/updated", 0),
        "unchanged": stats.get("mayadeen/items/unchanged", 0),
        "elapsed_s": round(elapsed, 2),
        "pages_per_s": round(pages / elapsed, 1) if elapsed else 0.0,
    }


def run(articles: int, workdir: Path | None = None) -> dict[str, Any]:
    workdir = workdir or Path(tempfile.mkdtemp(prefix="mayadeen-archive-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    with ReplicaProcess(articles=articles, startup_timeout=600,
                        log_path=workdir / "replica.log") as replica:  # fmt: skip
        for n in range(ROUNDS):
            for mode, settings in (("off", {"MAYADEEN_WARC_ENABLED": "False"}), ("on", {})):
                name = f"archive-{mode}-{n}"  # the archive goes to warc-<name>/
                database = workdir / f"{name}.sqlite3"
                runs[mode].append(crawl(replica.base_url, workdir, name, database, **settings)
                                  | {"name": name, "database": database})  # fmt: skip
    off, on = (max(runs[m], key=lambda r: r["pages_per_s"]) for m in ("off", "on"))
    mended_db = workdir / "reparse.sqlite3"
    copy_sqlite(on["database"], mended_db)
    # The replica is stopped: the reparse reads the archive only.
    wrong_profile = workdir / "wrong-profile.toml"
    wrong_profile.write_text(WRONG_PROFILE, "utf-8")
    reparse(workdir, mended_db, "reparse-wrong", MAYADEEN_SITE_PROFILE=str(wrong_profile),
            MAYADEEN_SHORT_BODY_RATIO="0")  # fmt: skip
    mended = reparse(workdir, mended_db, "reparse")
    warc = workdir / f"warc-{on['name']}"
    size = archive_bytes(warc)
    return {
        "replica_articles": articles,
        "crawl_off": {k: v for k, v in off.items() if k != "database"},
        "crawl_on": {k: v for k, v in on.items() if k != "database"},
        "cpu_on_vs_off": round(
            min(r["cpu_s"] for r in runs["on"]) / min(r["cpu_s"] for r in runs["off"]), 3
        ),
        "reparse": mended,
        "archive_bytes": size,
        "archive_files": len(list(warc.glob("*.warc.gz"))),
        "bytes_per_article_page": round(size / max(1, on["articles"])),
        "on_vs_off": round(on["pages_per_s"] / off["pages_per_s"], 3),
        "reparse_vs_crawl": round(mended["pages_per_s"] / on["pages_per_s"], 2),
        "reparse_vs_crawl_articles": round(
            mended["pages_per_s"] / (on["articles"] / on["elapsed_s"]), 2
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    result = run(args.articles)
    off, on, mended = result["crawl_off"], result["crawl_on"], result["reparse"]
    print(f"replica: {args.articles} articles")
    print(f"crawl, archive off: {off['pages_per_s']} pages/s ({off['responses']} pages, "
          f"{off['elapsed_s']}s)")  # fmt: skip
    print(f"crawl, archive on:  {on['pages_per_s']} pages/s ({on['responses']} pages, "
          f"{on['elapsed_s']}s): {result['on_vs_off']:.2f}x off; CPU seconds "
          f"{result['cpu_on_vs_off']:.2f}x off")  # fmt: skip
    print(f"archive: {result['archive_bytes']:,} bytes in {result['archive_files']} files, "
          f"{result['bytes_per_article_page']:,} bytes per article page")  # fmt: skip
    print(f"reparse: {mended['pages_per_s']} pages/s ({mended['pages']} pages, "
          f"{mended['updated']} changed, {mended['elapsed_s']}s): "
          f"{result['reparse_vs_crawl']:.2f}x the crawl's pages/s, "
          f"{result['reparse_vs_crawl_articles']:.2f}x its article pages/s")  # fmt: skip


if __name__ == "__main__":
    main()
