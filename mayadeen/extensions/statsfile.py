"""`StatsFile`: the crawl's final stats as JSON in the file named by MAYADEEN_STATS_FILE, for
tests, benchmarks and schedulers that compare runs (request counts, items, finish reason)."""

from __future__ import annotations

import json

from mayadeen.extensions.pathsetting import PathSettingExtension


class StatsFile(PathSettingExtension):
    setting = "MAYADEEN_STATS_FILE"

    def spider_closed(self, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), "utf-8")
