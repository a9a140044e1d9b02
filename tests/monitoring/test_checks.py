"""The checks and the coverage counter on exact stats: verdicts, messages, named fields."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from mayadeen import settings as project_settings
from mayadeen.extensions.coverage import FieldCoverage, coverage_key, is_filled
from mayadeen.items import ARTICLE_FIELDS, ArticleItem
from mayadeen.monitoring import checks
from mayadeen.monitoring.report import RunReport
from mayadeen.pipelines.database import UnchangedItem
from mayadeen.pipelines.validation import InvalidItem

LIMITS = checks.Thresholds(
    min_articles=10,
    field_coverage={"title": 1.0, "body": 0.8, "tags": 0.5},
    coverage_min_articles=20,
)


def _stats(**values: int) -> dict:
    return {key.replace("__", "/"): value for key, value in values.items()}


def _covered(total: int, **fields: int) -> dict:
    stats = {checks.ARTICLES_EXTRACTED: total}
    stats.update({coverage_key(name): n for name, n in fields.items()})
    return stats


def test_thresholds_from_the_project_settings():
    limits = checks.Thresholds.from_settings(Settings(vars(project_settings)))
    assert limits.min_articles == 1
    assert limits.field_coverage["body"] == 0.75
    assert limits.field_coverage["published_at"] == 1.0
    assert limits.finish_reasons == ("finished", "shutdown", r"max_articles=\d+ reached")


def test_a_dropped_field_is_named_with_its_coverage():
    stats = _covered(100, title=100, body=31, tags=60)
    check = checks.field_coverage(stats, LIMITS)
    assert check.status == checks.FAILED
    assert check.message == "coverage dropped: body 31.0% < 80%"
    assert check.details["below_threshold"] == {"body": {"coverage": 0.31, "threshold": 0.8}}
    assert check.details["coverage"] == {"title": 1.0, "body": 0.31, "tags": 0.6}


def test_coverage_of_too_few_articles_is_reported_not_judged():
    check = checks.field_coverage(_covered(5, title=5, body=0, tags=5), LIMITS)
    assert check.status == checks.SKIPPED
    assert check.message == "5 articles: too few to judge coverage (at least 20)"
    assert check.details["below_threshold"] == {"body": {"coverage": 0.0, "threshold": 0.8}}


def test_article_count_counts_unchanged_articles():
    stats = {checks.ARTICLES_EXTRACTED: 12, "mayadeen/items/unchanged": 12}
    check = checks.article_count(stats, LIMITS)
    assert (check.status, check.message) == (checks.PASSED, "12 articles extracted (minimum 10)")
    assert check.details["exported"] == 0 and check.details["unchanged"] == 12
    assert checks.article_count({}, LIMITS).status == checks.FAILED


def test_errors_retries_blocks_and_finish_reason():
    stats = {
        "log_count/ERROR": 2,
        "downloader/request_count": 200,
        "retry/count": 60,
        "retry/max_reached": 1,
        "retry/reason_count/504 Gateway Time-out": 60,
        "mayadeen/challenge": 5,
        "mayadeen/challenge_blocked": 1,
        "httperror/response_ignored_status_count/403": 2,
        "finish_reason": "max_articles=10 reached",
        "spider_exceptions/count": 1,
        "spider_exceptions/ValueError": 1,
        "mayadeen/drop/no_title": 3,
        "mayadeen/refused/off_site": 4,
        "mayadeen/off_site_refused": 4,
    }
    results = {c.name: c for c in checks.run_checks(stats, LIMITS)}
    assert results["errors"].message == "2 errors logged (maximum 0); 1 pages failed in a callback"
    assert {k: results["errors"].details[k] for k in (
        "pages_dropped", "requests_refused", "spider_exceptions",
    )} == {
        "pages_dropped": {"no_title": 3}, "requests_refused": {"off_site": 4},
        "spider_exceptions": {"ValueError": 1},
    }  # fmt: skip
    assert results["retries"].message == (
        "60 retries over 200 requests (30.0%, maximum 25%); 1 given up (maximum 0)"
    )
    assert results["retries"].details["reasons"] == {"504 Gateway Time-out": 60}
    assert results["blocked"].message == "3 blocked responses (maximum 0); 5 challenges met"
    assert results["finish_reason"].status == checks.PASSED
    assert [c.name for c in results.values() if c.failed] == [
        "article_count", "errors", "retries", "blocked",
    ]  # fmt: skip
    # Stopped by the operator, to be resumed: not a fault (the defaults are settings.py's).
    assert checks.finish_reason({"finish_reason": "shutdown"}, LIMITS).status == checks.PASSED
    timeout = checks.finish_reason({"finish_reason": "closespider_timeout"}, LIMITS)
    assert timeout.message == (
        "finish reason 'closespider_timeout' "
        "(expected ['finished', 'shutdown', 'max_articles=\\\\d+ reached'])"
    )


def test_not_article_pages_share():
    stats = {checks.NOT_ARTICLE_PAGES: 3, checks.ARTICLES_EXTRACTED: 27}
    check = checks.not_article_pages(stats, LIMITS)
    assert check.failed
    assert check.message == "3 article pages without a title or date (10.0%, maximum 5%)"


def test_is_filled():
    assert [is_filled(v) for v in (None, "", "  ", [], {}, 0, "x", ["a"], {"k": 1})] == [
        False, False, False, False, False, True, True, True, True,
    ]  # fmt: skip


def test_coverage_counts_exported_unchanged_and_invalid_articles_once():
    crawler = get_crawler()
    stats = crawler.stats
    counter = FieldCoverage(crawler)
    item = ArticleItem({field: None for field in ARTICLE_FIELDS})
    item.update(title="T", tags=[], body="")
    counter.item_scraped(item)
    counter.item_dropped(item, UnchangedItem("same"))
    counter.item_dropped(item, InvalidItem("no date"))
    counter.item_dropped(item, DropItem("again"))  # dropped for another reason: not counted
    counter.item_scraped({"text": "a ticker line"})  # not an article
    # Counted in a batch, added to the stats when the spider closes (before the monitors run).
    assert stats.get_value(checks.ARTICLES_EXTRACTED) is None
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert stats.get_value(checks.ARTICLES_EXTRACTED) == 3
    assert stats.get_value(coverage_key("title")) == 3
    assert stats.get_value(coverage_key("tags")) is None


def test_report_text_marks_a_low_field():
    stats = _covered(100, title=100, body=31, tags=60) | {"finish_reason": "finished"}
    results = checks.run_checks(stats, LIMITS)
    report = RunReport.build(stats, results, failed=2)
    text = report.text()
    assert report.verdict == "failed" and report.run == "unknown-start"
    assert "  [FAILED ] field_coverage: coverage dropped: body 31.0% < 80%" in text
    assert "  body                 31.0%  (threshold 80%, LOW)" in text
    assert "  tags                 60.0%  (threshold 50%)" in text
    assert report.coverage["image_url"] == 0.0
