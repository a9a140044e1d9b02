"""`scrapy crawl`, exiting with MONITORS_FAILED_EXIT_CODE when a run monitor failed.

Scrapy's own command exits 1 only when the crawler failed to start; a crawl that ran but met a
failed monitor (too few articles, a field's coverage dropped, blocked responses...) would exit 0,
and cron and Scrapyd users would never know. The monitors' verdict is in the crawler's stats
(mayadeen/monitors/failed), which outlive the crawl.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler, CrawlerProcessBase

from mayadeen.monitoring.monitors import MONITORS_FAILED

logger = logging.getLogger(__name__)
# 1 is Scrapy's start-up failure, 2 a usage error: 3 says "ran, but a monitor failed".
MONITORS_FAILED_EXIT_CODE = 3


def run_judged(
    process: CrawlerProcessBase, spider: str | type[Spider], spargs: dict[str, Any]
) -> tuple[int, Crawler]:
    """Run one spider to its end; the exit code and the crawler (its stats outlive the crawl):
    1 when it failed to start, MONITORS_FAILED_EXIT_CODE when a run monitor failed, else 0.

    Scrapy's run() with the crawler kept: its stats hold the verdict after the crawl, when
    CrawlerProcess.crawlers no longer lists it. Public API only (create_crawler, crawl, start,
    bootstrap_failed)."""
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **spargs)
    process.start()
    if process.bootstrap_failed:
        return 1, crawler
    failed = (crawler.stats.get_value(MONITORS_FAILED) or 0) if crawler.stats else 0
    if failed:
        logger.error("%d run monitor(s) failed: exit code %d", failed,
                     MONITORS_FAILED_EXIT_CODE)  # fmt: skip
        return MONITORS_FAILED_EXIT_CODE, crawler
    return 0, crawler


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Not kept from Scrapy's run(): its warning that FEEDS are set but the FeedExporter
        # extension is off (it is always on in this project).
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process
        self.exitcode, _ = run_judged(self.crawler_process, args[0], opts.spargs)
