"""The run report: what a crawl did and how its checks went, as JSON and as readable text.

Written at spider close into MAYADEEN_REPORTS_DIR (default output/reports, next to the feeds) as
<run>.json and <run>.txt, <run> being the run's start time in the feeds' %(time)s format, so the
report of a run sorts and reads beside its feeds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter
from scrapy.settings import BaseSettings

from mayadeen.extensions.coverage import coverage_key
from mayadeen.extraction.article import LAYERS
from mayadeen.items import ARTICLE_FIELDS
from mayadeen.monitoring.checks import ARTICLES_EXTRACTED, Check
from mayadeen.pipelines.database import DUPLICATE_PAGES
from mayadeen.spiders.provenance import NO_LAYER, layer_table

# Stats shown in the report's counts section: (label, stat key).
COUNTS = (
    ("requests", "downloader/request_count"),
    ("responses", "response_received_count"),
    ("articles_extracted", ARTICLES_EXTRACTED),
    ("articles_new", "mayadeen/items/new"),
    ("articles_updated", "mayadeen/items/updated"),
    ("articles_unchanged", "mayadeen/items/unchanged"),
    ("articles_invalid", "item_dropped_reasons_count/InvalidItem"),
    ("articles_duplicate", DUPLICATE_PAGES),
    ("breaking_new", "mayadeen/breaking/new"),
    ("items_exported", "item_scraped_count"),
    ("retries", "retry/count"),
    # A site behind a challenge (mayadeen/browser/clearance.py): what passing it cost.
    ("challenges_met", "mayadeen/challenge"),
    ("browser_renders", "mayadeen/browser/renders"),
    ("clearance_solves", "mayadeen/clearance/solves"),
    ("pages_with_clearance", "mayadeen/clearance/pages"),
    ("errors_logged", "log_count/ERROR"),
    ("warnings_logged", "log_count/WARNING"),
)


def run_name(start_time: Any) -> str:
    """The feeds' %(time)s of a start time: UTC ISO seconds, colons as hyphens."""
    if isinstance(start_time, datetime):
        return start_time.replace(microsecond=0).isoformat().replace(":", "-")
    return "unknown-start"


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def field_coverage(stats: Mapping[str, Any]) -> dict[str, float | None]:
    """Every article field's coverage over the run's articles (None without articles)."""
    total = stats.get(ARTICLES_EXTRACTED, 0)
    return {
        field: round(stats.get(coverage_key(field), 0) / total, 4) if total else None
        for field in ARTICLE_FIELDS
    }


def _feeds(crawler: Crawler | None) -> list[dict[str, Any]]:
    exporter = crawler.get_extension(FeedExporter) if crawler is not None else None
    slots = getattr(exporter, "slots", None) or []
    return [{"uri": slot.uri, "items": slot.itemcount} for slot in slots]


def _position(field: str) -> int:
    """A field's place in the feed order (unknown names last)."""
    return ARTICLE_FIELDS.index(field) if field in ARTICLE_FIELDS else len(ARTICLE_FIELDS)


@dataclass
class RunReport:
    run: str
    spider: str | None
    verdict: str  # "passed" | "failed"
    monitors_failed: int
    start_time: str | None
    finish_time: str | None
    elapsed_seconds: float | None
    finish_reason: str | None
    counts: dict[str, int]
    checks: list[dict[str, Any]]
    coverage: dict[str, float | None]
    feeds: list[dict[str, Any]]
    # Articles per field by the layer that gave the field (mayadeen/spiders/provenance.py).
    layers: dict[str, dict[str, int]]

    @classmethod
    def build(
        cls,
        stats: Mapping[str, Any],
        checks: list[Check],
        failed: int,
        crawler: Crawler | None = None,
    ) -> RunReport:
        spider = crawler.spider if crawler is not None else None
        elapsed = stats.get("elapsed_time_seconds")
        return cls(
            run=run_name(stats.get("start_time")),
            spider=spider.name if spider is not None else None,
            verdict="failed" if failed else "passed",
            monitors_failed=failed,
            start_time=_plain(stats.get("start_time")),
            finish_time=_plain(stats.get("finish_time")),
            elapsed_seconds=round(elapsed, 3) if elapsed is not None else None,
            finish_reason=stats.get("finish_reason"),
            counts={label: stats.get(key, 0) for label, key in COUNTS},
            checks=[asdict(check) for check in checks],
            coverage=field_coverage(stats),
            feeds=_feeds(crawler),
            layers=layer_table(stats),
        )

    def verdict_line(self) -> str:
        failed = [c for c in self.checks if c["status"] == "failed"]
        if not failed:
            return f"all {len(self.checks)} checks passed or skipped"
        return f"{len(failed)} failed: " + "; ".join(c["message"] for c in failed)

    def text(self) -> str:
        """The readable summary."""
        lines = [
            f"Run {self.run} of spider {self.spider}: {self.verdict.upper()}",
            f"Finish reason: {self.finish_reason}; elapsed {self.elapsed_seconds or 0:.1f}s",
            "",
            "Checks:",
            *(f"  [{c['status'].upper():7}] {c['name']}: {c['message']}" for c in self.checks),
            "",
            "Counts:",
            *(f"  {label:<20} {value}" for label, value in self.counts.items()),
            "",
            "Field coverage (share of the run's articles with a value):",
        ]
        thresholds = next(
            (c["details"]["thresholds"] for c in self.checks if c["name"] == "field_coverage"), {}
        )
        for field, share in self.coverage.items():
            shown = "-" if share is None else f"{share:7.1%}"
            mark = ""
            if field in thresholds:
                low = share is not None and share < thresholds[field]
                mark = f"  (threshold {thresholds[field]:.0%}{', LOW' if low else ''})"
            lines.append(f"  {field:<18} {shown}{mark}")
        lines += self._layer_lines()
        if self.feeds:
            lines += ["", "Feeds:", *(f"  {f['uri']} ({f['items']} items)" for f in self.feeds)]
        return "\n".join(lines) + "\n"

    def _layer_lines(self) -> list[str]:
        """The layer table: a row per field, a column per layer (articles)."""
        if not self.layers:
            return []
        seen = {layer for counts in self.layers.values() for layer in counts}
        columns = [layer for layer in (*LAYERS, NO_LAYER) if layer in seen]
        columns += sorted(seen - set(columns))
        widths = [max(len(layer), 5) for layer in columns]

        def row(name: str, cells: list[str]) -> str:
            padded = (f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True))
            return f"  {name:<18} " + " ".join(padded)

        head = row("field", columns)
        rows = [
            row(field, [str(counts.get(c) or "-") for c in columns])
            for field, counts in sorted(self.layers.items(), key=lambda row: _position(row[0]))
        ]
        return ["", "Layers (articles per field, by the layer that gave it):", head, *rows]

    def write(self, settings: BaseSettings) -> Path | None:
        """Write <run>.json and <run>.txt; returns the JSON path (None when disabled by an
        empty MAYADEEN_REPORTS_DIR)."""
        directory = settings.get("MAYADEEN_REPORTS_DIR")
        if not directory:
            return None
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.run}.json"
        path.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n", "utf-8")
        path.with_suffix(".txt").write_text(self.text(), "utf-8")
        return path
