"""Replica benchmark: startup time, serving throughput (pages/s) and RSS at N articles.

Starts the real server (`python -m testground.replica serve`) on a free loopback port, fetches a
bounded mix of article, listing and home pages with a concurrent aiohttp client, and prints a
table. Usage: python bench/replica_bench.py [--articles 100000] [--requests 3000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from testground.replica.process import ReplicaProcess


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _fetch_all(base: str, paths: list[str], concurrency: int) -> tuple[float, int]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    done = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                path = queue.get_nowait()
                async with session.get(base + path) as r:
                    await r.read()
                    done += r.status == 200

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - start, done


async def _paths(base: str, n: int, rng: random.Random) -> list[str]:
    """A crawl-like mix: 80% article pages (from the sitemaps), 15% listing pages, 5% home.
    Listing pages beyond a small replica's last page answer 404 (counted as not ok)."""
    async with aiohttp.ClientSession() as session:
        async with session.get(base + "/sitemaps/all.xml") as r:
            months = re.findall(r"<loc>([^<]+)</loc>", await r.text())
        articles: list[str] = []
        for month in rng.sample(months, min(12, len(months))):
            async with session.get(month) as r:
                articles += [
                    u.removeprefix(base) for u in re.findall(r"<loc>([^<]+)</loc>", await r.text())
                ]
    listings = ["/news", "/news/politics", "/articles/opinion", "/region/mena", "/videos"]
    out = []
    for _ in range(n):
        u = rng.random()
        if u < 0.8:
            out.append(rng.choice(articles))
        elif u < 0.95:
            out.append(f"{rng.choice(listings)}?page={rng.randint(1, 5)}")
        else:
            out.append("/")
    return out


async def run(articles: int, requests: int, concurrency: int) -> dict[str, float]:
    replica = ReplicaProcess(articles=articles, startup_timeout=300)
    start = time.perf_counter()
    with replica:
        startup = time.perf_counter() - start
        assert replica.process is not None
        base = replica.base_url
        rss_start = _rss_mb(replica.process.pid)
        paths = await _paths(base, requests, random.Random(1))
        elapsed, ok = await _fetch_all(base, paths, concurrency)
        rss_end = _rss_mb(replica.process.pid)
        stats = json.loads(replica.get("/__replica__/stats"))
    return {
        "articles": stats["articles"],
        "startup_s": startup,
        "requests": len(paths),
        "ok": ok,
        "pages_per_s": len(paths) / elapsed,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[300, 100_000])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    rows = [asyncio.run(run(n, args.requests, args.concurrency)) for n in args.articles]
    header = (
        "articles",
        "startup_s",
        "requests",
        "ok",
        "pages_per_s",
        "rss_start_mb",
        "rss_end_mb",
    )
    print(" | ".join(f"{h:>12}" for h in header))
    for row in rows:
        print(
            " | ".join(
                f"{row[h]:>12.1f}" if isinstance(row[h], float) else f"{row[h]:>12}" for h in header
            )
        )


if __name__ == "__main__":
    main()
