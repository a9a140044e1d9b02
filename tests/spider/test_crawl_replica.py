"""The whole spider against a running replica: every manifest article once, every field equal."""

import json
import urllib.request
from collections import Counter

import pytest
from scrapy_runner import replica_url_of, scrapy

from mayadeen import items, site
from mayadeen.replica import anchors


@pytest.fixture
def replica_url(request) -> str:
    return replica_url_of(request)


def _manifest(base_url: str) -> list[dict]:
    with urllib.request.urlopen(base_url + "/__replica__/manifest.jsonl", timeout=30) as answer:
        return [json.loads(line) for line in answer.read().decode("utf-8").splitlines() if line]


def _feed(path) -> tuple[list[dict], list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "post_id" in r], [r for r in rows if "post_id" not in r]


def test_crawl_yields_every_manifest_article_once_with_every_field(replica_url, tmp_path):
    out = tmp_path / "out.jsonl"
    done = scrapy("crawl", "articles", "-O", str(out), base_url=replica_url)
    assert done.returncode == 0, done.stderr[-3000:]
    articles, breaking = _feed(out)
    manifest = _manifest(replica_url)

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
    assert all(b["seen_on"].startswith(replica_url) and b["first_seen_at"] for b in breaking)


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
