"""`scrapy reparse`: the archived article pages extracted again (the `reparse` spider), with a
summary at the end. No request goes to the site. Exit codes as `scrapy crawl`'s (mayadeen/
commands/crawl.py): 1 when it failed to start, 3 when a run monitor failed.

    scrapy reparse                                   # every archived article page
    scrapy reparse -a run=12                         # the pages crawl run 12 archived
    scrapy reparse -a since=2026-01-01 -a until=2026-01-31   # captured in January
    scrapy reparse -s MAYADEEN_SITE_PROFILE=mended.toml      # with a mended site profile
"""

from __future__ import annotations

import argparse

from scrapy.commands import BaseRunSpiderCommand

from mayadeen.commands.crawl import run_judged
from mayadeen.spiders.reparse import ReparseSpider, summary


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Extract the archived article pages again, without the site"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise SystemExit(f"scrapy reparse takes no positional argument, got {args}")
        assert self.crawler_process is not None
        # Exit codes as `scrapy crawl`'s: 1 start-up failed, 3 a run monitor failed.
        self.exitcode, crawler = run_judged(self.crawler_process, ReparseSpider, opts.spargs)
        if self.crawler_process.bootstrap_failed:
            return
        print(summary(crawler.stats.get_stats() if crawler.stats else {}))
