"""The browser path with real chromium, against the replica: the JavaScript-only listing read in
full, challenged pages read through the browser, and the same crawls without a browser."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from parsel import Selector
from scrapy_runner import scrapy

from mayadeen.browser.addon import find_browser
from testground.projectsettings import project_settings
from testground.replica.compare import compare_to_manifest
from testground.replica.faults import Faults, parse_faults
from testground.replica.process import ReplicaProcess

pytestmark = pytest.mark.skipif(
    find_browser(project_settings())[0] is None,
    reason="chromium is missing: `make test` installs it",
)
JS_LISTING = "/in-pictures"
ONLY_THE_LISTING = ("-a", "sections=in-pictures", "-a", "sitemaps=false", "-a", "follow_tags=false")
MISSING_BROWSER = {"MAYADEEN_BROWSER_EXECUTABLE": "/nonexistent/chromium"}
CHALLENGES = "challenge=0.4"
CHALLENGE_SEED = 3
# One plain retry, then the browser: the replica's third attempt at a URL is never challenged.
CHALLENGE_SETTINGS = {"MAYADEEN_CHALLENGE_RETRIES": "1", "MAYADEEN_BROWSER_RETRY_BACKOFF": "0.2"}
NO_BROWSER_WARNING = "no browser (MAYADEEN_BROWSER_EXECUTABLE=/nonexistent/chromium is not an"


def _get(base_url: str, path: str) -> bytes:
    with urllib.request.urlopen(base_url + path, timeout=60) as answer:
        return answer.read()


def _manifest(base_url: str) -> list[dict]:
    return [json.loads(line) for line in _get(base_url, "/__replica__/manifest.jsonl").splitlines()]


def _stats(log: str) -> dict[str, int]:
    """The crawl's integer stats, from the stats dump at its end."""
    return {k: int(v) for k, v in re.findall(r"'((?:mayadeen|playwright)/[^']+)': (\d+)", log)}


def _crawl(
    base_url: str, out, *args: str, exit_code: int = 0, **settings: str
) -> tuple[list[dict], dict, str]:
    done = scrapy("crawl", "articles", *args, "-O", str(out), base_url=base_url, **settings)
    assert done.returncode == exit_code, done.stderr[-3000:]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "post_id" in r], _stats(done.stderr), done.stderr


def _js_listing_manifest(base_url: str) -> list[dict]:
    return [m for m in _manifest(base_url) if urlsplit(m["url"]).path.startswith(JS_LISTING + "/")]


def test_js_listing_is_read_in_full_through_the_browser(replica, tmp_path):
    base_url = replica(articles=1000)
    expected = _js_listing_manifest(base_url)
    assert len(expected) == 43  # three load-more pages: 20 + 20 + 3

    articles, stats, _ = _crawl(base_url, tmp_path / "out.jsonl", *ONLY_THE_LISTING)

    report = compare_to_manifest(articles, expected)
    assert report.ok, report.describe()
    assert len(articles) == 43
    # Page 1 plain, then one render: two clicks that load pages 2 and 3, one that finds no more.
    assert stats["mayadeen/browser/load_more_clicks"] == 3
    assert stats["mayadeen/browser/renders"] == 1
    assert stats["playwright/page_count"] == stats["playwright/page_count/closed"] == 1
    assert stats["playwright/request_count/navigation"] == 1
    # The cards' images were never fetched (nor anything off the replica).
    assert (
        stats["playwright/request_count/aborted"]
        == stats["playwright/request_count/resource_type/image"]
    )
    assert stats["mayadeen/browser/rss_peak_mib"] > 0
    assert "mayadeen/browser/load_more_incomplete" not in stats
    assert "mayadeen/browser/skipped" not in stats


def test_js_listing_without_a_browser_gives_page_one_and_one_warning(replica, tmp_path):
    base_url = replica(articles=1000)
    # The listing's own cards on its plain page 1 (the furniture around them links elsewhere).
    cards = Selector(_get(base_url, JS_LISTING).decode()).css(".media-item__title a::attr(href)")
    page_one = {base_url + href for href in cards.getall()}
    assert len(page_one) == 20

    articles, stats, log = _crawl(
        base_url, tmp_path / "out.jsonl", *ONLY_THE_LISTING, **MISSING_BROWSER
    )

    assert {a["url"] for a in articles} == page_one
    assert len(articles) == 20
    assert stats["mayadeen/browser/skipped"] == 1
    assert log.count(NO_BROWSER_WARNING) == 1
    assert "Launching browser" not in log
    assert not [k for k in stats if k.startswith("playwright/")]  # the handler is not installed


def _twice_challenged(visited: set[str], seed: int) -> set[str]:
    """The URLs (path and query) whose first two attempts the replica answers with a challenge."""
    faults = Faults(parse_faults(CHALLENGES), seed)
    return {
        url
        for url in visited
        if all((f := faults.decide(url, n)) is not None and f.kind == "challenge" for n in (0, 1))
    }


def _visited(log: str, base_url: str) -> set[str]:
    """Every HTML page the crawl downloaded (any attempt), as path and query: the pages the
    replica may fault (never robots.txt, sitemaps or a 404)."""
    # A challenged attempt is logged as "Retrying", the page that comes through as "Crawled".
    found = re.findall(r"(?:Crawled \((\d+)\)|Retrying) <GET ([^>]+)>", log)
    paths = {url[len(base_url) :] for status, url in found if status != "404"}
    return {p for p in paths if p != "/robots.txt" and not p.startswith("/sitemaps/")}


def _challenge_crawl(
    tmp_path, name: str, exit_code: int = 0, **settings: str
) -> tuple[list, dict, str, str, list]:
    with ReplicaProcess(
        articles=60, seed=CHALLENGE_SEED, faults=CHALLENGES, log_path=tmp_path / f"{name}.log"
    ) as replica:
        articles, stats, log = _crawl(
            replica.base_url, tmp_path / f"{name}.jsonl", LOG_LEVEL="DEBUG",
            exit_code=exit_code, **CHALLENGE_SETTINGS, **settings,
        )  # fmt: skip
        return articles, stats, log, replica.base_url, replica.manifest()


def test_challenged_pages_are_read_through_the_browser(tmp_path):
    # Two pages per context: contexts rotate and close several times (PLAYWRIGHT_MAX_CONTEXTS
    # is 2, so a context left open would stall the third).
    articles, stats, log, base_url, manifest = _challenge_crawl(
        tmp_path, "browser", MAYADEEN_BROWSER_PAGES_PER_CONTEXT="2"
    )

    report = compare_to_manifest(articles, manifest)
    assert report.ok, report.describe()
    # Exactly the pages challenged on both plain attempts went to the browser, and got through.
    twice = _twice_challenged(_visited(log, base_url), CHALLENGE_SEED)
    assert len(twice) > 5
    assert stats["mayadeen/browser/challenge_retries"] == len(twice)
    assert stats["mayadeen/browser/renders"] == len(twice)
    assert stats["playwright/page_count"] == stats["playwright/page_count/closed"] == len(twice)
    assert stats["playwright/context_count"] == (len(twice) + 1) // 2
    assert stats["mayadeen/browser/contexts_closed"] == len(twice) // 2
    assert "mayadeen/challenge_blocked" not in stats
    assert "mayadeen/browser/challenge_blocked" not in stats
    assert "Gave up retrying" not in log


def test_challenged_pages_without_a_browser_are_blocked_and_counted(tmp_path):
    # Pages lost to blocks fail the run monitors: `scrapy crawl` exits 3.
    articles, stats, log, base_url, manifest = _challenge_crawl(
        tmp_path, "plain", exit_code=3, **MISSING_BROWSER
    )
    assert "blocked responses (maximum 0)" in log

    twice = _twice_challenged(_visited(log, base_url), CHALLENGE_SEED)
    assert stats["mayadeen/challenge_blocked"] == len(twice) > 5
    assert log.count("blocked by a Cloudflare challenge") == len(twice)
    # The sitemaps lead to every article: what is lost is exactly the blocked article pages
    # (which the browser run above read in full).
    expected_urls = {m["url"] for m in manifest}
    lost = expected_urls - {a["url"] for a in articles}
    assert lost == {base_url + path for path in twice} & expected_urls
    assert len(lost) > 5
    assert "mayadeen/browser/challenge_retries" not in stats
