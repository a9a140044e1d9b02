"""`scrapy crawl`, exiting with MONITORS_FAILED_EXIT_CODE when a run monitor failed.

Scrapy's own command exits 1 only when the crawler failed to start; a crawl that ran but met a
failed monitor (too few articles, a field's coverage dropped, blocked responses...) would exit 0,
and cron and Scrapyd users would never know. The monitors' verdict is in the crawler's stats
(mayadeen/monitors/failed), which outlive the crawl.
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from mayadeen.monitoring.monitors import MONITORS_FAILED

logger = logging.getLogger(__name__)
# 1 is Scrapy's start-up failure, 2 a usage error: 3 says "ran, but a monitor failed".
MONITORS_FAILED_EXIT_CODE = 3


class Command(ScrapyCrawlCommand):
    def __init__(self) -> None:
        super().__init__()
        self.crawlers: list[Crawler] = []

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        if self.exitcode:
            return
        failed = sum((c.stats.get_value(MONITORS_FAILED) or 0) for c in self.crawlers if c.stats)
        if failed:
            logger.error("%d run monitor(s) failed: exit code %d", failed,
                         MONITORS_FAILED_EXIT_CODE)  # fmt: skip
            self.exitcode = MONITORS_FAILED_EXIT_CODE
