"""The run checks: pure functions of a crawl's stats and the thresholds of the settings.

The spidermon monitors (monitors.py) assert these checks and the run report (report.py) shows
them, so the verdict and the report can never disagree. A check whose input is too small to judge
(coverage over a handful of articles) is reported as skipped, never as failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapy.settings import BaseSettings

from mayadeen import settings as project
from mayadeen.downloadermiddlewares.samesite import REFUSED_PREFIX
from mayadeen.extensions.coverage import COVERAGE_ARTICLES, coverage_key
from mayadeen.extraction.article import (
    FIELD_LAYERS,
    JSON_LD,
    LINE_SEARCH,
    META_TAGS,
    METADATA,
    POSTID_META,
    STRUCTURE,
    URL,
    VISIBLE,
)
from mayadeen.spiders.guard import DROP_PREFIX, SPIDER_EXCEPTIONS_PREFIX
from mayadeen.spiders.provenance import NO_LAYER, layer_table

PASSED, FAILED, SKIPPED, WARNING = "passed", "failed", "skipped", "warning"

# Every article extracted in the run: exported (scraped) or held back as unchanged since the last
# run; invalid ones count too, they are what a broken selector produces.
ARTICLES_EXTRACTED = COVERAGE_ARTICLES
NOT_ARTICLE_PAGES = "mayadeen/not_article_pages"
CHALLENGES = "mayadeen/challenge"
CHALLENGES_BLOCKED = "mayadeen/challenge_blocked"
BLOCKED_STATUSES = (403, 429)


@dataclass(frozen=True)
class Thresholds:
    """What a healthy run looks like: the MAYADEEN_MONITOR_* settings, whose defaults (those of
    settings.py) are also the defaults here."""

    min_articles: int = project.MAYADEEN_MONITOR_MIN_ARTICLES
    field_coverage: Mapping[str, float] = field(
        default_factory=lambda: dict(project.MAYADEEN_MONITOR_FIELD_COVERAGE)
    )
    coverage_min_articles: int = project.MAYADEEN_MONITOR_COVERAGE_MIN_ARTICLES
    max_errors: int = project.MAYADEEN_MONITOR_MAX_ERRORS
    max_retry_share: float = project.MAYADEEN_MONITOR_MAX_RETRY_SHARE
    max_retries_exhausted: int = project.MAYADEEN_MONITOR_MAX_RETRIES_EXHAUSTED
    max_blocked: int = project.MAYADEEN_MONITOR_MAX_BLOCKED
    max_not_article_share: float = project.MAYADEEN_MONITOR_MAX_NOT_ARTICLE_SHARE
    finish_reasons: tuple[str, ...] = tuple(project.MAYADEEN_MONITOR_FINISH_REASONS)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Thresholds:
        return cls(
            min_articles=settings.getint("MAYADEEN_MONITOR_MIN_ARTICLES"),
            field_coverage={
                name: float(share)
                for name, share in settings.getdict("MAYADEEN_MONITOR_FIELD_COVERAGE").items()
            },
            coverage_min_articles=settings.getint("MAYADEEN_MONITOR_COVERAGE_MIN_ARTICLES"),
            max_errors=settings.getint("MAYADEEN_MONITOR_MAX_ERRORS"),
            max_retry_share=settings.getfloat("MAYADEEN_MONITOR_MAX_RETRY_SHARE"),
            max_retries_exhausted=settings.getint("MAYADEEN_MONITOR_MAX_RETRIES_EXHAUSTED"),
            max_blocked=settings.getint("MAYADEEN_MONITOR_MAX_BLOCKED"),
            max_not_article_share=settings.getfloat("MAYADEEN_MONITOR_MAX_NOT_ARTICLE_SHARE"),
            finish_reasons=tuple(settings.getlist("MAYADEEN_MONITOR_FINISH_REASONS")),
        )


@dataclass(frozen=True)
class Check:
    """One verdict: its name, status, a one-line message and the figures behind it."""

    name: str
    status: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == FAILED


def _status(ok: bool) -> str:
    return PASSED if ok else FAILED


def article_count(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    count = stats.get(ARTICLES_EXTRACTED, 0)
    details = {
        "articles": count,
        "exported": stats.get("mayadeen/items/new", 0) + stats.get("mayadeen/items/updated", 0),
        "unchanged": stats.get("mayadeen/items/unchanged", 0),
        "invalid": stats.get("item_dropped_reasons_count/InvalidItem", 0),
        "minimum": limits.min_articles,
    }
    return Check(
        "article_count",
        _status(count >= limits.min_articles),
        f"{count} articles extracted (minimum {limits.min_articles})",
        details,
    )


def field_coverage(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    """Share of the run's articles with a non-empty value, per field; names every field under
    its threshold (the first sign of a broken selector on the live site)."""
    total = stats.get(ARTICLES_EXTRACTED, 0)
    shares = {
        name: round(stats.get(coverage_key(name), 0) / total, 4) if total else None
        for name in limits.field_coverage
    }
    low = {
        name: {"coverage": shares[name], "threshold": threshold}
        for name, threshold in limits.field_coverage.items()
        if shares[name] is not None and shares[name] < threshold
    }
    details = {"articles": total, "coverage": shares, "thresholds": dict(limits.field_coverage)}
    if total < limits.coverage_min_articles:
        return Check(
            "field_coverage",
            SKIPPED,
            f"{total} articles: too few to judge coverage (at least "
            f"{limits.coverage_min_articles})",
            details | {"below_threshold": low},
        )
    if low:
        listed = ", ".join(
            f"{name} {v['coverage']:.1%} < {v['threshold']:.0%}" for name, v in low.items()
        )
        message = f"coverage dropped: {listed}"
        return Check("field_coverage", FAILED, message, details | {"below_threshold": low})
    return Check(
        "field_coverage",
        PASSED,
        f"{len(shares)} fields at or above their thresholds over {total} articles",
        details | {"below_threshold": {}},
    )


def counts_under(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """The stats named ``prefix<name>``, by name."""
    return {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}


def errors(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    """Errors logged, with what explains them: exceptions raised in callbacks (Scrapy's
    spider_exceptions, by type), download exceptions, pages dropped with a reason, and requests
    the same-site guard refused."""
    count = stats.get("log_count/ERROR", 0)
    spider_exceptions = counts_under(stats, SPIDER_EXCEPTIONS_PREFIX)
    failed_pages = spider_exceptions.pop("count", 0)
    details = {
        "errors_logged": count,
        "maximum": limits.max_errors,
        "spider_exceptions": spider_exceptions,
        "download_exceptions": counts_under(stats, "downloader/exception_type_count/"),
        "pages_dropped": counts_under(stats, DROP_PREFIX),
        "requests_refused": counts_under(stats, REFUSED_PREFIX),
    }
    return Check(
        "errors",
        _status(count <= limits.max_errors),
        f"{count} errors logged (maximum {limits.max_errors})"
        + (f"; {failed_pages} pages failed in a callback" if failed_pages else ""),
        details,
    )


def retries(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    requests = stats.get("downloader/request_count", 0)
    count = stats.get("retry/count", 0)
    exhausted = stats.get("retry/max_reached", 0)
    share = count / requests if requests else 0.0
    reasons = counts_under(stats, "retry/reason_count/")
    ok = share <= limits.max_retry_share and exhausted <= limits.max_retries_exhausted
    return Check(
        "retries",
        _status(ok),
        f"{count} retries over {requests} requests ({share:.1%}, maximum "
        f"{limits.max_retry_share:.0%}); {exhausted} given up (maximum "
        f"{limits.max_retries_exhausted})",
        {
            "retries": count,
            "requests": requests,
            "share": round(share, 4),
            "given_up": exhausted,
            "reasons": reasons,
        },
    )


def blocked(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    """Responses the site refused: challenges given up on (ChallengeMiddleware) and 403/429
    answers left after retries (HttpErrorMiddleware's count)."""
    given_up = stats.get(CHALLENGES_BLOCKED, 0)
    statuses = {
        status: stats.get(f"httperror/response_ignored_status_count/{status}", 0)
        for status in BLOCKED_STATUSES
    }
    count = given_up + sum(statuses.values())
    return Check(
        "blocked",
        _status(count <= limits.max_blocked),
        f"{count} blocked responses (maximum {limits.max_blocked}); "
        f"{stats.get(CHALLENGES, 0)} challenges met",
        {
            "blocked": count,
            "challenges": stats.get(CHALLENGES, 0),
            "challenges_given_up": given_up,
            "ignored_status": {str(k): v for k, v in statuses.items()},
        },
    )


def not_article_pages(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    """Article-URL pages with no title or date: the spider yields nothing for them, so a broken
    title or date shows here, not in the coverage."""
    count = stats.get(NOT_ARTICLE_PAGES, 0)
    pages = count + stats.get(ARTICLES_EXTRACTED, 0)
    share = count / pages if pages else 0.0
    return Check(
        "not_article_pages",
        _status(share <= limits.max_not_article_share),
        f"{count} article pages without a title or date ({share:.1%}, maximum "
        f"{limits.max_not_article_share:.0%})",
        {"pages": count, "share": round(share, 4)},
    )


def finish_reason(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    reason = str(stats.get("finish_reason") or "")
    ok = any(re.fullmatch(pattern, reason) for pattern in limits.finish_reasons)
    return Check(
        "finish_reason",
        _status(ok),
        f"finish reason {reason!r}" + ("" if ok else f" (expected {list(limits.finish_reasons)})"),
        {"finish_reason": reason, "allowed": list(limits.finish_reasons)},
    )


# The site-profile entry (mayadeen/site.py) a field's expected layer hangs on.
PROFILE_ENTRY = {
    METADATA: "METADATA_SELECTOR",
    META_TAGS: "META",
    POSTID_META: "POSTID_META_SELECTOR",
    URL: "ARTICLE_PATH_RE",
}
VISIBLE_ENTRY = {"body": "BODY_CONTAINER_SELECTOR", "images": "BODY_CONTAINER_SELECTOR",
                 "summary": "LEDE_SELECTOR", "source": "SOURCE_RE", "shares": "SHARES_RE",
                 "read_time_minutes": "READ_TIME_RE"}  # fmt: skip
LAYER_WORDS = {STRUCTURE: "the structural fallback", JSON_LD: "JSON-LD", META_TAGS: "the meta tags",
               VISIBLE: "the visible page", URL: "the URL", POSTID_META: "the postid meta tag",
               METADATA: "the metadata block",
               LINE_SEARCH: "other spellings in the visible lines"}  # fmt: skip


def expected_layer(field: str) -> str:
    """The layer the site profile expects a field from: its first layer, JSON-LD aside (a
    standard the page may or may not carry, never a guess of the profile)."""
    return next(layer for layer, _ in FIELD_LAYERS[field] if layer != JSON_LD)


def fallback_layers(stats: Mapping[str, Any], limits: Thresholds) -> Check:
    """Warns (never fails) when a field came from a layer after its expected one on more than
    half of the run's articles: the profile entry behind the expected layer failed there."""
    table = layer_table(stats)
    lines: list[str] = []
    fallbacks: dict[str, Any] = {}
    for name, counts in table.items():
        if name not in FIELD_LAYERS:
            continue
        expected = expected_layer(name)
        total = sum(counts.values())
        others = {layer: n for layer, n in counts.items()
                  if layer not in (expected, NO_LAYER) and n}  # fmt: skip
        if not total or sum(others.values()) * 2 <= total:
            continue
        if expected == VISIBLE:
            entry = VISIBLE_ENTRY.get(name, f"the visible {name}")
        else:
            entry = PROFILE_ENTRY[expected]
        got = counts.get(expected, 0)
        came = ", ".join(f"{LAYER_WORDS.get(layer, layer)} ({n})" for layer, n in others.items())
        fallbacks[name] = {"entry": entry, "expected_layer": expected, "matched": got,
                           "articles": total, "from": others}  # fmt: skip
        lines.append(f"{entry} matched {got} of {total} articles; {name} came from {came}")
    if not lines:
        return Check("fallback_layers", PASSED,
                     "every field came from its expected layer on most articles",
                     {"fallbacks": {}})  # fmt: skip
    return Check("fallback_layers", WARNING, "; ".join(lines), {"fallbacks": fallbacks})


CHECKS = (
    article_count,
    field_coverage,
    errors,
    retries,
    blocked,
    not_article_pages,
    finish_reason,
    fallback_layers,
)


def run_checks(stats: Mapping[str, Any], limits: Thresholds) -> list[Check]:
    return [check(stats, limits) for check in CHECKS]
