"""Browser renders against plain requests, in one run on one replica.

Fetches N replica article pages plainly, then renders the same N pages in chromium through the
project's browser path (scrapy-playwright's handler; contexts rotated by
mayadeen/browser/contexts.py, images aborted), and reports requests per second of each and
chromium's peak memory (RSS and PSS of its process tree, sampled every 0.2 s by this script,
beside the crawl's own stats).

    .venv/bin/python bench/browser_bench.py [--renders 300] [--articles 500]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from mayadeen import settings as project_settings
from mayadeen.browser.addon import find_browser
from mayadeen.browser.memory import browser_pss, browser_rss
from testground.projectsettings import project_settings as with_project_settings
from testground.replica.process import REPLICA_CRAWL_SETTINGS, ReplicaProcess

MIB = 2**20


class MemorySampler(threading.Thread):
    """Peak RSS and PSS of chromium's process tree, sampled until stopped."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak_rss = max(self.peak_rss, browser_rss())
            self.peak_pss = max(self.peak_pss, browser_pss())
            self.samples += 1


class BenchSpider(scrapy.Spider):
    """Phase 1: every URL plainly; phase 2, once phase 1 is done: every URL in the browser."""

    name = "browser_bench"

    def __init__(self, urls: list[str], results: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.results = results
        self.plain = self.rendered = 0

    async def start(self):
        self.phase_start = time.monotonic()
        for url in self.urls:
            yield scrapy.Request(url, callback=self.plain_done, dont_filter=True)

    def plain_done(self, response: scrapy.http.Response):
        self.plain += 1
        if self.plain < len(self.urls):
            return
        now = time.monotonic()
        self.results["plain_seconds"] = now - self.phase_start
        self.phase_start = now
        for url in self.urls:
            yield scrapy.Request(
                url, callback=self.render_done, dont_filter=True, meta={"playwright": True}
            )

    def render_done(self, response: scrapy.http.Response) -> None:
        self.rendered += 1
        assert b"tawsiyat-metadata" in response.body or b"<h1" in response.body
        if self.rendered == len(self.urls):
            self.results["render_seconds"] = time.monotonic() - self.phase_start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    found, why_not = find_browser(with_project_settings())
    if found is None:
        sys.exit(f"no browser: {why_not}")

    with ReplicaProcess(articles=args.articles) as replica:
        urls = [m["url"] for m in replica.manifest()][: args.renders]
        settings = Settings()
        settings.setmodule(project_settings, priority="project")
        settings.update(
            {
                **REPLICA_CRAWL_SETTINGS,
                "MAYADEEN_BASE_URL": replica.base_url,
                "CONCURRENT_REQUESTS": args.concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
                "ITEM_PIPELINES": {},
                "FEEDS": {},
                "LOG_LEVEL": "WARNING",
                "TELNETCONSOLE_ENABLED": False,
                "ROBOTSTXT_OBEY": False,
                # It renders pages and extracts no article: the run monitors would fail it.
                "SPIDERMON_ENABLED": False,
            },
            priority="cmdline",
        )
        results: dict[str, Any] = {}
        sampler = MemorySampler()
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(BenchSpider)
        sampler.start()
        process.crawl(crawler, urls=urls, results=results)
        process.start()
        sampler.done.set()
        sampler.join()
        stats = crawler.stats.get_stats()

    n = len(urls)
    report = {
        "pages": n,
        "concurrency": args.concurrency,
        "plain_requests_per_second": round(n / results["plain_seconds"], 1),
        "renders_per_second": round(n / results["render_seconds"], 1),
        "plain_requests_per_render": round(results["render_seconds"] / results["plain_seconds"], 1),
        "chromium_peak_rss_mib": round(sampler.peak_rss / MIB),
        "chromium_peak_pss_mib": round(sampler.peak_pss / MIB),
        "memory_samples": sampler.samples,
        "contexts_opened": stats.get("playwright/context_count", 0),
        "contexts_closed": stats.get("mayadeen/browser/contexts_closed", 0),
        "requests_aborted": stats.get("playwright/request_count/aborted", 0),
        "pages_per_context": settings.getint("MAYADEEN_BROWSER_PAGES_PER_CONTEXT"),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
