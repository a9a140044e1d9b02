"""A crawl of the replica at the reliability issue's fault rates: every manifest article exactly
once, every field equal, and every fault the replica served detected and retried (none stored)."""

import json
import urllib.request
from collections import Counter

from crawl_tools import crawl

from testground.replica.compare import compare_to_manifest
from testground.replica.faults import FAULT_KINDS, ISSUE_RATES


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.read()


def test_crawl_at_the_issue_fault_rates(replica, tmp_path):
    base_url = replica(articles=300, seed=1, faults=ISSUE_RATES)
    done = crawl(base_url, f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, "faults",
                 MAYADEEN_REPORTS_DIR=str(tmp_path / "reports"))  # fmt: skip
    manifest = [
        json.loads(line) for line in _get(base_url + "/__replica__/manifest.jsonl").splitlines()
    ]
    replica_stats = json.loads(_get(base_url + "/__replica__/stats"))
    served, stats = replica_stats["faults"], done.stats

    # Every kind of fault was served (a quarter of the slow pages hang past DOWNLOAD_TIMEOUT).
    assert {kind for kind, n in served.items() if n} == set(FAULT_KINDS) | {"hang"}
    # Every manifest article exactly once, every field equal; the run's monitors passed.
    assert Counter(a["post_id"] for a in done.articles) == Counter(m["post_id"] for m in manifest)
    assert max(Counter(a["post_id"] for a in done.articles).values()) == 1
    result = compare_to_manifest(done.articles, manifest)
    assert result.ok, result.describe()
    assert stats["mayadeen/items/new"] == len(manifest) == 311
    assert stats["mayadeen/monitors/failed"] == 0

    # Each served fault was seen for what it is and retried: none stored, none given up.
    assert stats["mayadeen/truncated"] == stats["retry/reason_count/truncated_html"]
    assert stats["mayadeen/truncated"] == served["truncate"]
    assert stats["mayadeen/short_body"] == stats["retry/reason_count/short_body"]
    assert stats["mayadeen/short_body"] == served["short"]
    assert stats["mayadeen/challenge"] == stats["retry/reason_count/cloudflare_challenge"]
    assert stats["mayadeen/challenge"] == served["challenge"]
    errors = (stats.get(f"retry/reason_count/{code}", 0) for code in
              ("500 Internal Server Error", "503 Service Unavailable"))  # fmt: skip
    assert sum(errors) == served["error"]
    assert stats["retry/reason_count/429 Unknown Status"] == served["throttle"]
    timeouts = stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"]
    assert timeouts >= served["hang"]  # a page slowed by the loaded machine may time out too
    given_up = ("retry/max_reached", "mayadeen/truncated_dropped", "mayadeen/short_body_dropped",
                "mayadeen/challenge_blocked")  # fmt: skip
    assert {key: stats[key] for key in given_up if key in stats} == {}

    # Retry-After honoured: every 429 paused the crawl, no throttled URL was asked again early.
    assert stats["mayadeen/retry_after/count"] == served["throttle"]
    assert replica_stats["early_retries"] == 0
