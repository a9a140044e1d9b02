"""`scrapy crawl` with the run monitors against the replica: the report's exact figures, coverage
counted over unchanged articles on a recrawl, and exit code 3 naming what failed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mayadeen.extensions.coverage import is_filled
from mayadeen.extraction.article import FIELD_LAYERS
from mayadeen.items import ARTICLE_FIELDS
from mayadeen.monitoring import checks
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, scrapy_command, scrapy_env

# No feeds: the tests read the reports (and the stats in the log).
TEST_SETTINGS = {"LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": "False", "FEEDS": "{}"}
ARTICLES = 120


def crawl(base_url: str, workdir: Path, *args: str, **settings: str):
    """A monitored crawl storing into workdir/db.sqlite3, reports in workdir/reports."""
    command = scrapy_command(
        "crawl", "articles", *args, base_url=base_url, **TEST_SETTINGS,
        MAYADEEN_DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MAYADEEN_REPORTS_DIR=str(workdir / "reports"), MAYADEEN_WARC_DIR=str(workdir / "warc"),
        **settings,
    )  # fmt: skip
    done = subprocess.run(command, cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    reports = sorted((workdir / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime)
    report = json.loads(reports[-1].read_text("utf-8")) if reports else None
    return done, report


@pytest.fixture(scope="module")
def replica_process(tmp_path_factory):
    log = tmp_path_factory.mktemp("monitored") / "replica.log"
    with ReplicaProcess(articles=ARTICLES, seed=5, log_path=log) as replica:
        yield replica


def _expected_coverage(manifest: list[dict]) -> dict[str, float]:
    return {
        field: round(sum(is_filled(m.get(field)) for m in manifest) / len(manifest), 4)
        for field in ARTICLE_FIELDS
        if field != "scraped_at"
    }


def test_first_crawl_and_unchanged_recrawl_report_the_same_coverage(replica_process, tmp_path):
    manifest = replica_process.manifest()
    expected = _expected_coverage(manifest)

    first, report = crawl(replica_process.base_url, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert report["verdict"] == "passed"
    assert [c["status"] for c in report["checks"]] == ["passed"] * len(checks.CHECKS)
    # The layer table: every article counted once per field; on the default replica every
    # field mostly came from its expected layer (the fallback check is quiet).
    assert {field: sum(counts.values()) for field, counts in report["layers"].items()} == {
        field: len(manifest) for field in FIELD_LAYERS
    }
    assert report["layers"]["body"].get("structure") is None
    assert report["counts"]["articles_extracted"] == len(manifest)
    assert report["counts"]["articles_new"] == len(manifest)
    assert {k: v for k, v in report["coverage"].items() if k != "scraped_at"} == expected
    text = (tmp_path / "reports" / f"{report['run']}.txt").read_text("utf-8")
    assert text.startswith(f"Run {report['run']} of spider articles: PASSED\n")
    assert f"  articles_extracted   {len(manifest)}\n" in text

    # A full recrawl of an unchanged site: nothing exported, yet every article counted in the
    # coverage.
    second, again = crawl(replica_process.base_url, tmp_path, "-a", "full=true")
    assert second.returncode == 0, second.stderr[-3000:]
    assert again["counts"]["articles_new"] == 0
    assert again["counts"]["articles_unchanged"] == len(manifest)
    assert again["counts"]["articles_extracted"] == len(manifest)
    assert again["coverage"] == report["coverage"]
    assert again["verdict"] == "passed"

    # The default, incremental recrawl fetches only the revisit window: it passes too.
    third, last = crawl(replica_process.base_url, tmp_path)
    assert third.returncode == 0, third.stderr[-3000:]
    assert last["verdict"] == "passed"
    assert last["counts"]["articles_new"] == 0
    assert 0 < last["counts"]["articles_extracted"] < len(manifest)


def test_a_field_below_its_threshold_fails_the_run_and_is_named(replica_process, tmp_path):
    manifest = replica_process.manifest()
    body = _expected_coverage(manifest)["body"]
    thresholds = {"title": 1.0, "body": 0.99, "tags": 0.5}
    done, report = crawl(
        replica_process.base_url, tmp_path,
        MAYADEEN_MONITOR_FIELD_COVERAGE=json.dumps(thresholds),
        MAYADEEN_MONITOR_MIN_ARTICLES=str(len(manifest) + 1),
    )  # fmt: skip
    assert done.returncode == 3
    assert "2 run monitor(s) failed: exit code 3" in done.stderr
    failed = {c["name"]: c["message"] for c in report["checks"] if c["status"] == "failed"}
    assert failed == {
        "article_count": f"{len(manifest)} articles extracted (minimum {len(manifest) + 1})",
        "field_coverage": f"coverage dropped: body {body:.1%} < 99%",
    }
    assert report["verdict"] == "failed" and report["monitors_failed"] == 2


def test_blocked_responses_fail_the_run(replica, tmp_path):
    # No plain retry of a challenge: the browser retries some, the rest are lost, and the run
    # says so.
    base_url = replica(articles=60, seed=3, faults="challenge=0.2")
    done, report = crawl(base_url, tmp_path, MAYADEEN_CHALLENGE_RETRIES="0")
    assert done.returncode == 3
    checks = {c["name"]: c for c in report["checks"]}
    blocked = checks["blocked"]["details"]
    assert checks["blocked"]["status"] == "failed"
    assert blocked["blocked"] == blocked["challenges_given_up"] > 0
    assert blocked["challenges"] > blocked["blocked"]
    assert checks["blocked"]["message"] == (
        f"{blocked['blocked']} blocked responses (maximum 0); "
        f"{blocked['challenges']} challenges met"
    )
    # Each block is logged as an error too.
    assert checks["errors"]["status"] == "failed"
    assert checks["errors"]["details"]["errors_logged"] >= blocked["blocked"]


def test_monitors_off_by_their_one_switch_run_nothing_and_exit_0(replica_process, tmp_path):
    # Thresholds no run could meet: had any monitor run, the crawl would exit 3.
    done, report = crawl(
        replica_process.base_url, tmp_path, "-a", "max_articles=5",
        SPIDERMON_ENABLED="False", MAYADEEN_MONITOR_MIN_ARTICLES="100000",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert report is None and not (tmp_path / "reports").exists()
    assert "Monitors:" not in done.stderr
    assert "'mayadeen/monitors/failed'" not in done.stderr
    assert "'mayadeen/coverage/articles'" not in done.stderr  # nor the coverage they read
    assert "'finish_reason': 'max_articles=5 reached'" in done.stderr
    assert "'item_scraped_count': 15" in done.stderr  # 5 articles and the 10 ticker lines
