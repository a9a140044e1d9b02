"""Clearance mode with real chromium against the replica behind a managed challenge
(`--challenge site`): every article found once with every field equal, at the cost of a few
renders; a clearance that expires is solved again; with reuse off every page is rendered."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import pytest
from crawl_tools import Crawl, crawl

from mayadeen.browser.addon import find_browser
from testground.projectsettings import project_settings
from testground.replica.compare import compare_to_manifest

pytestmark = pytest.mark.skipif(
    find_browser(project_settings())[0] is None,
    reason="chromium is missing: `make test` installs it",
)
# robots.txt, the first page the crawl asks for, is challenged before the mode can judge: it
# goes the usual way (plain retries, then the browser), without the default 10 s backoff.
SETTINGS = {"MAYADEEN_BROWSER_RETRY_BACKOFF": "0.2", "LOG_LEVEL": "INFO"}
RENDERS = "mayadeen/browser/renders"
SECTION = "/news/economy/"
ONE_SECTION = ("-a", "sections=economy", "-a", "sitemaps=false", "-a", "follow_tags=false")


def _get_json(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(base_url + path, timeout=60) as answer:
        return json.loads(answer.read())


def _manifest(base_url: str) -> list[dict]:
    with urllib.request.urlopen(base_url + "/__replica__/manifest.jsonl", timeout=60) as answer:
        return [json.loads(line) for line in answer.read().splitlines()]


def _crawl(base_url: str, tmp_path, name: str, *args: str, **settings: str) -> Crawl:
    database = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    return crawl(
        base_url, database, tmp_path, name, *args,
        **{**SETTINGS, "MAYADEEN_REPORTS_DIR": str(tmp_path / "reports"), **settings},
    )  # fmt: skip


def _every_request_accounted_for(stats: dict) -> None:
    """Each request was a render, a plain page that came through with a clearance, or a plain
    request that met the challenge: nothing got through plain without a clearance."""
    assert stats["downloader/request_count"] == (
        stats[RENDERS] + stats.get("mayadeen/clearance/pages", 0) + stats["mayadeen/challenge"]
    )


def _every_response_plain_with_a_clearance_or_rendered(stats: dict) -> None:
    """The responses the crawl used (challenges re-queued or retried are not among them)."""
    used = stats["response_received_count"]
    assert stats["mayadeen/clearance/pages"] + stats[RENDERS] == used


def test_one_solve_lets_plain_requests_through_and_every_article_is_exact(replica, tmp_path):
    base_url = replica(articles=100, challenge="site")
    manifest = _manifest(base_url)
    assert len(manifest) == 111

    result = _crawl(base_url, tmp_path, "on")

    report = compare_to_manifest(result.articles, manifest)
    assert report.ok, report.describe()
    stats = result.stats
    assert stats["mayadeen/clearance/solves"] == 1
    assert "mayadeen/clearance/solve_failures" not in stats
    assert "mayadeen/clearance/expired" not in stats
    # A handful of renders (robots.txt and the first pages before the mode judged, the solve)
    # for some 400 pages: at most 5%; every other page came through plain with the clearance.
    assert stats[RENDERS] <= 0.05 * stats["response_received_count"]
    _every_response_plain_with_a_clearance_or_rendered(stats)
    assert stats["mayadeen/clearance/pages"] > len(manifest)
    _every_request_accounted_for(stats)
    assert "mayadeen/challenge_blocked" not in stats
    # The browser earned its clearances with the crawl's user agent, and the plain requests
    # carried it with that same user agent.
    gate = _get_json(base_url, "/__replica__/stats")["clearance"]
    assert gate["clearances"] >= 2  # the solve's, and the renders' before the mode was on
    assert "wrong_user_agent" not in gate and "failed_answers" not in gate
    # The run report says what passing the challenge cost.
    (report_text,) = [p.read_text() for p in (tmp_path / "reports").glob("*.txt")]
    assert "  clearance_solves     1\n" in report_text
    assert f"  browser_renders      {stats[RENDERS]}\n" in report_text
    assert f"  pages_with_clearance {stats['mayadeen/clearance/pages']}\n" in report_text


def test_a_clearance_valid_for_n_requests_is_solved_again_and_nothing_is_lost(replica, tmp_path):
    base_url = replica(articles=100, challenge="site", clearance_requests=60)

    result = _crawl(base_url, tmp_path, "expiry")

    report = compare_to_manifest(result.articles, _manifest(base_url))
    assert report.ok, report.describe()
    stats = result.stats
    solves = stats["mayadeen/clearance/solves"]
    # Some 400 pages, 60 per clearance: solved again each time the site stopped honouring it.
    assert solves >= 5
    assert stats["mayadeen/clearance/expired"] == solves - 1
    assert "mayadeen/clearance/solve_failures" not in stats
    assert stats[RENDERS] <= 0.05 * stats["response_received_count"]
    _every_request_accounted_for(stats)
    _every_response_plain_with_a_clearance_or_rendered(stats)
    assert "mayadeen/challenge_blocked" not in stats


def test_with_reuse_off_every_page_is_rendered(replica, tmp_path):
    base_url = replica(articles=100, challenge="site")
    # One section (a render costs some 80 plain requests): its listing and its 11 articles.
    expected = [m for m in _manifest(base_url) if urlsplit(m["url"]).path.startswith(SECTION)]
    assert len(expected) == 11

    result = _crawl(
        base_url, tmp_path, "control", *ONE_SECTION,
        MAYADEEN_CLEARANCE_ENABLED="False", MAYADEEN_CHALLENGE_RETRIES="0",
    )  # fmt: skip

    report = compare_to_manifest(result.articles, expected)
    assert report.ok, report.describe()
    stats = result.stats
    assert not [k for k in stats if k.startswith("mayadeen/clearance/")]
    # Every page the crawl read was challenged plain, then rendered.
    assert stats[RENDERS] == stats["mayadeen/browser/challenge_retries"] > len(expected)
    assert stats["mayadeen/challenge"] == stats[RENDERS]
    assert stats["response_received_count"] == stats[RENDERS]
    _every_request_accounted_for(stats)
    assert "mayadeen/challenge_blocked" not in stats
