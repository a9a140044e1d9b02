"""The whole spider against a running replica: every manifest article once, every field equal."""

import json
import urllib.request
from collections import Counter

import pytest
from scrapy_runner import scrapy

from mayadeen import items, site
from testground.replica import anchors

# Every fault kind the replica has, at rates that hit a few hundred pages several times.
FAULTS = (
    "error=0.05,throttle=0.03,slow=0.02,truncate=0.03,challenge=0.02,redirect=0.05,tracking=0.05"
)


@pytest.fixture(scope="module")
def replica_url(replica) -> str:
    return replica(articles=500)


def _manifest(base_url: str) -> list[dict]:
    with urllib.request.urlopen(base_url + "/__replica__/manifest.jsonl", timeout=30) as answer:
        return [json.loads(line) for line in answer.read().decode("utf-8").splitlines() if line]


def _feed(path) -> tuple[list[dict], list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "post_id" in r], [r for r in rows if "post_id" not in r]


def _assert_crawl_matches_manifest(base_url: str, out) -> list[dict]:
    done = scrapy("crawl", "articles", "-O", str(out), base_url=base_url)
    assert done.returncode == 0, done.stderr[-3000:]
    articles, breaking = _feed(out)
    manifest = _manifest(base_url)

    assert Counter(a["post_id"] for a in articles).most_common(1)[0][1] == 1
    assert sorted(a["post_id"] for a in articles) == sorted(m["post_id"] for m in manifest)
    by_id = {a["post_id"]: a for a in articles}
    mismatches = [
        (m["url"], field, by_id[m["post_id"]][field], value)
        for m in manifest
        for field, value in m.items()
        if by_id[m["post_id"]][field] != value
    ]
    assert mismatches == []
    assert all(tuple(a) == items.ARTICLE_FIELDS and a["scraped_at"] for a in articles)
    assert {a["content_type"] for a in articles} == set(site.CONTENT_TYPES)

    # The ticker, each line once, in page order, with where it was first seen.
    assert [b["text"] for b in breaking] == list(anchors.SEED_TICKER)
    assert all(tuple(b) == items.BREAKING_FIELDS for b in breaking)
    assert all(b["seen_on"].startswith(base_url) and b["first_seen_at"] for b in breaking)
    return articles


def test_crawl_yields_every_manifest_article_once_with_every_field(replica_url, tmp_path):
    articles = _assert_crawl_matches_manifest(replica_url, tmp_path / "out.jsonl")
    assert len(articles) > 500  # the 500 generated, the collision pair and the anchors


def test_crawl_through_every_fault_kind(replica, tmp_path):
    base_url = replica(articles=300, faults=FAULTS)
    _assert_crawl_matches_manifest(base_url, tmp_path / "out.jsonl")
    with urllib.request.urlopen(base_url + "/__replica__/stats", timeout=30) as answer:
        stats = json.loads(answer.read())
    # The crawl met every kind of fault and still got every article right.
    assert {k for k, n in stats["faults"].items() if n} >= {
        "error", "throttle", "truncate", "challenge", "redirect", "tracking"
    }  # fmt: skip


def test_crawl_of_a_date_window_and_a_section(replica_url, tmp_path):
    out = tmp_path / "out.jsonl"
    done = scrapy(
        "crawl", "articles", "-a", "since=2022-01-01", "-a", "until=2022-01-31",
        "-a", "sections=politics", "-O", str(out), base_url=replica_url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    articles, _ = _feed(out)
    expected = [
        m
        for m in _manifest(replica_url)
        if m["published_at"].startswith("2022-01") and "/news/politics/" in m["url"]
    ]
    assert expected  # the seed article at least
    assert sorted(a["post_id"] for a in articles) == sorted(m["post_id"] for m in expected)


def test_max_articles_stops_the_crawl(replica_url, tmp_path):
    out = tmp_path / "out.jsonl"
    done = scrapy("crawl", "articles", "-a", "max_articles=5", "-O", str(out), base_url=replica_url)
    assert done.returncode == 0, done.stderr[-3000:]
    articles, _ = _feed(out)
    assert len(articles) == 5
    assert "'finish_reason': 'max_articles=5 reached'" in done.stderr


def test_scrapy_check_passes_against_the_replica(replica_url):
    done = scrapy("check", "articles", base_url=replica_url)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Ran 9 contracts" in done.stderr
    assert done.stderr.rstrip().endswith("OK")


def test_bad_argument_stops_the_crawl_at_start(tmp_path):
    # Nothing is fetched: the spider refuses its arguments before the first request.
    done = scrapy(
        "crawl", "articles", "-a", "since=2022-02-30", "-O", str(tmp_path / "out.jsonl"),
        base_url="http://127.0.0.1:9",
    )  # fmt: skip
    assert done.returncode == 1
    assert "ValueError: since: '2022-02-30' is not a valid date" in done.stderr
