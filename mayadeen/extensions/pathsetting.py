"""`PathSettingExtension`: the shape of an extension that one setting naming a path turns on, and
that acts when the spider closes (FinishedJobReset with JOBDIR, StatsFile with
MAYADEEN_STATS_FILE)."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class PathSettingExtension:
    """Off (NotConfigured) unless the setting named by ``setting`` names a path; then
    ``spider_closed(reason)`` runs when the spider closes, with the path in ``self.path``."""

    setting = ""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        value = crawler.settings.get(cls.setting)
        if not value:
            raise NotConfigured(f"{cls.setting} is not set")
        extension = cls(crawler, Path(value))
        crawler.signals.connect(extension.spider_closed, signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        raise NotImplementedError
