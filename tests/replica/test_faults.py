"""Fault spec parsing and deterministic decisions."""

from __future__ import annotations

import pytest

from mayadeen.replica.faults import CLEAN_AFTER, Faults, parse_faults, truncate


def test_parse() -> None:
    rates = parse_faults(
        "error=0.05,throttle=0.02,slow=0.02,truncate=0.02,challenge=0.01,"
        "redirect=0.02,tracking=0.02"
    )
    assert rates["error"] == 0.05 and rates["challenge"] == 0.01 and rates["tracking"] == 0.02
    assert set(parse_faults("").values()) == {0.0}
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
    rates = parse_faults("error=0.3,throttle=0.2,slow=0.1,truncate=0.1,challenge=0.1")
    a, b, c = Faults(rates, 1), Faults(rates, 1), Faults(rates, 2)
    urls = [f"/news/politics/story-{n}" for n in range(400)]
    first = [a.next_attempt(u) for u in urls]
    assert first == [b.next_attempt(u) for u in urls]
    assert first != [c.next_attempt(u) for u in urls]
    kinds = {f.kind for f in first if f}
    assert kinds == {"error", "throttle", "slow", "hang", "truncate", "challenge"}
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
