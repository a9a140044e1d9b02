"""`scrapy reparse`: the archived article pages extracted again (the `reparse` spider), with a
summary at the end. No request goes to the site.

    scrapy reparse                                   # every archived article page
    scrapy reparse -a run=12                         # the pages crawl run 12 archived
    scrapy reparse -a since=2026-01-01 -a until=2026-01-31   # captured in January
    scrapy reparse -s MAYADEEN_BODY_CONTAINER_SELECTOR=div.article-body   # with a mended profile
"""

from __future__ import annotations

import argparse

from scrapy.commands import BaseRunSpiderCommand

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
        crawler = self.crawler_process.create_crawler(ReparseSpider)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        print(summary(crawler.stats.get_stats() if crawler.stats else {}))
