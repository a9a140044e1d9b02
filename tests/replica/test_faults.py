"""Fault spec parsing, deterministic decisions, and the short page the server serves."""

from __future__ import annotations

import json
import urllib.request

import pytest

from mayadeen.extraction import ArticlePage
from testground.replica import anchors
from testground.replica.faults import (
    CLEAN_AFTER,
    ISSUE_RATES,
    PER_ATTEMPT_KINDS,
    SHORT_SHARE,
    Faults,
    parse_faults,
    short_blocks,
    truncate,
)
from testground.replica.model import Block


def test_parse() -> None:
    rates = parse_faults(
        "error=0.05,throttle=0.02,slow=0.02,truncate=0.02,challenge=0.01,"
        "redirect=0.02,tracking=0.02"
    )
    assert rates["error"] == 0.05 and rates["challenge"] == 0.01 and rates["tracking"] == 0.02
    assert set(parse_faults("").values()) == {0.0}
    assert parse_faults(ISSUE_RATES) == {
        "error": 0.05, "throttle": 0.02, "slow": 0.02, "truncate": 0.01, "short": 0.01,
        "challenge": 0.01, "redirect": 0.02, "tracking": 0.02,
    }  # fmt: skip
    for bad, message in [
        ("boom=0.1", "unknown fault kind"),
        ("error", "expected kind=rate"),
        ("error=x", "not a number"),
        ("error=2", "between 0 and 1"),
        ("error=0.6,throttle=0.6", "more than 1"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_faults(bad)


def test_decisions_deterministic_and_retry_succeeds() -> None:
    rates = parse_faults("error=0.3,throttle=0.2,slow=0.1,truncate=0.05,short=0.05,challenge=0.1")
    a, b, c = Faults(rates, 1), Faults(rates, 1), Faults(rates, 2)
    urls = [f"/news/politics/story-{n}" for n in range(400)]
    first = [a.next_attempt(u) for u in urls]
    assert first == [b.next_attempt(u) for u in urls]
    assert first != [c.next_attempt(u) for u in urls]
    kinds = {f.kind for f in first if f}
    assert kinds == {"error", "throttle", "slow", "hang", "truncate", "short", "challenge"}
    # "short" is counted where the server can apply it (an article page), not when drawn.
    assert set(a.served) == kinds - {"short"}
    assert sum(a.served.values()) == sum(1 for f in first if f and f.kind != "short")
    assert 0.7 < sum(1 for f in first if f) / len(urls) < 0.9
    for u in urls:
        a.next_attempt(u)
        assert a.next_attempt(u) is None  # attempt CLEAN_AFTER
    assert CLEAN_AFTER == 2


def test_fault_shapes() -> None:
    always = Faults(parse_faults("throttle=1"), 1)
    fault = always.next_attempt("/x")
    assert (fault.status, fault.retry_after) == (429, 1)
    assert {Faults(parse_faults("error=1"), 1).decide(f"/{n}", 0).status for n in range(50)} == {
        500,
        503,
    }
    assert truncate(b"<html><body><p>text</p></body></html>", 0.5) == b"<html><body><p>tex"


def test_redirect_and_tracking_are_per_url() -> None:
    f = Faults(parse_faults("redirect=0.5,tracking=0.5"), 3)
    paths = [f"/news/politics/story-{n}" for n in range(200)]
    redirects = [f.redirect(p) for p in paths]
    assert redirects == [f.redirect(p) for p in paths]
    assert {r for r in redirects} == {None, 301, 302}
    queries = [f.tracking_query("/news", p) for p in paths]
    assert any(q is None for q in queries)
    assert all(q.startswith("utm_source=") for q in queries if q)


def test_short_blocks_keep_at_most_a_quarter_of_the_words() -> None:
    blocks = (
        Block("p", "one two three four five"),  # 5 words
        Block("related", "Related News", url="/news/x"),  # noise: no words counted
        Block("h2", "six seven"),  # 7
        Block("p", " ".join(["w"] * 13)),  # 20
    )
    assert SHORT_SHARE == 0.25
    assert short_blocks(blocks, 0.25) == blocks[:2]  # 5 <= 5.0 words; 7 would be over
    assert short_blocks(blocks, 0.2) == ()  # even the first paragraph is over 4 words
    assert short_blocks(blocks, 1.0) == blocks
    assert short_blocks((Block("tweet", "a tweet"),), 0.25) is None  # no text to cut


def test_early_retries_of_a_throttled_url_are_counted() -> None:
    faults = Faults(parse_faults("throttle=1"), 1)
    fault = faults.next_attempt("/news")
    assert fault is not None and fault.retry_after == 1
    faults.note_throttled("/news", fault, now=100.0)
    faults.note_request("/news", now=100.5)  # half a second after a 429 saying 1 s
    assert faults.early_retries == 1
    faults.note_throttled("/news", fault, now=200.0)
    faults.note_request("/news", now=201.0)  # on time
    faults.note_request("/news", now=201.1)  # no 429 pending: not a retry of one
    assert faults.early_retries == 1
    assert "short" in PER_ATTEMPT_KINDS


def test_server_serves_a_short_page_whole_but_cut(replica) -> None:
    base = replica(articles=30, faults="short=1")
    url = base + anchors.SEED.path

    def fetch(path: str) -> bytes:
        with urllib.request.urlopen(base + path, timeout=10) as answer:
            return answer.read()

    pages = [fetch(anchors.SEED.path) for _ in range(3)]
    first, clean = (ArticlePage.from_html(p.decode(), url) for p in (pages[0], pages[2]))
    assert pages[0].rstrip().endswith(b"</html>")  # a whole document: no truncation to see
    declared = int(first.metadata.text("word_count"))
    assert declared == int(clean.metadata.text("word_count")) == len(clean.body().split()) == 578
    assert len(first.body().split()) <= SHORT_SHARE * declared
    assert first.field("title") == clean.field("title") and first.body() != clean.body()
    assert pages[1] == pages[0] and pages[2] != pages[0]  # attempt CLEAN_AFTER is whole
    assert b"</html>" in fetch("/news")[-100:]  # a listing: no body to cut, served whole
    with urllib.request.urlopen(base + "/__replica__/stats", timeout=10) as answer:
        assert json.loads(answer.read())["faults"] == {"short": 2}


def test_a_hang_outlasts_the_project_download_timeout() -> None:
    # Otherwise a "hang" would only be a slow page to a crawl with the project's settings.
    from mayadeen import settings
    from testground.replica.faults import HANG_SECONDS

    assert HANG_SECONDS > settings.DOWNLOAD_TIMEOUT == 60
