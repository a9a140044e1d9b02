"""`make demo`: serve the embedded replica, crawl it with `scrapy crawl articles`, summarise.

Writes output/articles.jsonl (and .parquet), output/breaking.jsonl and output/mayadeen.sqlite3
(fresh each run), and checks the crawl against the replica's manifest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from mayadeen.browse import DEFAULT_PORT
from mayadeen.items import ARTICLE_FIELDS, BREAKING_FIELDS
from testground.replica.compare import compare_to_manifest
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, crawl_command


def demo_feeds(output: Path) -> dict[str, dict[str, object]]:
    """One JSON Lines feed per item class, fixed field order; the articles also as Parquet."""
    articles = {"item_classes": ["mayadeen.items.ArticleItem"], "fields": list(ARTICLE_FIELDS)}
    return {
        str(output / "articles.jsonl"): {
            "format": "jsonlines", "encoding": "utf8", "overwrite": True, **articles,
        },
        str(output / "articles.parquet"): {"format": "parquet", "overwrite": True, **articles},
        str(output / "breaking.jsonl"): {
            "format": "jsonlines", "encoding": "utf8", "overwrite": True,
            "item_classes": ["mayadeen.items.BreakingItem"], "fields": list(BREAKING_FIELDS),
        },
    }  # fmt: skip


def read_jsonl(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def table(title: str, counts: Counter[str]) -> str:
    width = max((len(k) for k in counts), default=0)
    rows = [f"  {k:<{width}}  {v:>5}" for k, v in counts.most_common()]
    return "\n".join([title, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500, help="articles in the replica")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=PACKAGE_ROOT / "output")
    args = parser.parse_args(argv)

    output: Path = args.output
    output.mkdir(parents=True, exist_ok=True)
    database = output / "mayadeen.sqlite3"
    database.unlink(missing_ok=True)  # the demo shows a first crawl: start from an empty database
    shutil.rmtree(output / "warc", ignore_errors=True)  # its archive index went with the database
    log = output / "demo-crawl.log"
    log.unlink(missing_ok=True)

    print(f"Starting the replica ({args.articles} articles, seed {args.seed}) ...", flush=True)
    with ReplicaProcess(articles=args.articles, seed=args.seed,
                        log_path=output / "demo-replica.log") as replica:  # fmt: skip
        print(f"Replica at {replica.base_url}/ ; crawling with `scrapy crawl articles` ...",
              flush=True)  # fmt: skip
        cmd = crawl_command(
            replica.base_url,
            MAYADEEN_DATABASE_URL=f"sqlite:///{database}",
            FEEDS=json.dumps(demo_feeds(output)),
            LOG_FILE=str(log),
            LOG_LEVEL="INFO",
            MAYADEEN_WARC_DIR=str(output / "warc"),
        )
        started = time.monotonic()
        crawl = subprocess.run(cmd, cwd=PACKAGE_ROOT, check=False)
        elapsed = time.monotonic() - started
        manifest = replica.manifest()

    items = read_jsonl(output / "articles.jsonl")
    breaking = read_jsonl(output / "breaking.jsonl")
    comparison = compare_to_manifest(items, manifest)
    print()
    print(f"Crawled {len(items)} articles and {len(breaking)} breaking-ticker lines in "
          f"{elapsed:.1f}s ({len(items) / elapsed:.0f} articles/s).")  # fmt: skip
    print(table("Articles per section:", Counter(str(i.get("section")) for i in items)))
    print(table("Articles per content type:", Counter(str(i.get("content_type")) for i in items)))
    print("Against the replica's manifest: " + comparison.describe())
    print(f"Output: {output / 'articles.jsonl'}, {output / 'articles.parquet'}, "
          f"{output / 'breaking.jsonl'}, {database}")  # fmt: skip
    print(f"Crawl log: {log}")
    print(f"Browse, search and plot it: `make browse` (or `python -m mayadeen.browse --db "
          f"{database}`), then open http://127.0.0.1:{DEFAULT_PORT}/ in a browser.")  # fmt: skip
    if crawl.returncode != 0:
        print(f"The crawl exited with code {crawl.returncode}.", file=sys.stderr)
        return crawl.returncode
    return 0 if comparison.ok else 1


if __name__ == "__main__":
    sys.exit(main())
