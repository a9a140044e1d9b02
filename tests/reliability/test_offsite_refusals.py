"""Only the configured origin is fetched: the same-site guard's reasons, and a crawl of a hostile
site (bench/reliability_security.py) whose links and redirects lead everywhere else, behind a trap
that would receive any request the guard let through."""

from __future__ import annotations

from collections import Counter

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from bench.reliability_security import NOT_A_REQUEST, crawl_hostile, expected_refusals
from mayadeen.downloadermiddlewares.samesite import SameSiteGuardMiddleware, is_private_host
from mayadeen.spiders.articles import ArticlesSpider
from testground.projectsettings import project_crawler

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def guard():
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": BASE})
    crawler.stats.open_spider()
    return SameSiteGuardMiddleware.from_crawler(crawler), crawler.stats


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (BASE + "/news", None),
        ("data:text/html,<b>x</b>", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("ftp://127.0.0.1:8765/", "scheme"),
        ("https://127.0.0.1:8765/news", "private_address"),  # same host and port, other scheme
        ("http://127.0.0.1:5432/", "private_address"),
        ("http://localhost:8765/", "private_address"),
        ("http://2130706433:8765/", "private_address"),
        ("http://0x7f.0.0.1/", "private_address"),
        ("http://[::ffff:169.254.169.254]/", "private_address"),
        ("http://169.254.169.254/latest/meta-data/", "private_address"),
        ("http://172.16.0.1/", "private_address"),
        ("http://100.64.0.1/", "private_address"),  # carrier-grade NAT
        ("http://224.0.0.1/", "private_address"),  # multicast
        ("http://english.almayadeen.net/", "off_site"),
        ("http://8.8.8.8/", "off_site"),
    ],
)
def test_refusal_reasons(guard, url, reason):
    middleware, stats = guard
    assert middleware.refusal(Request(url)) == reason
    if reason is None:
        assert middleware.process_request(Request(url)) is None
        return
    with pytest.raises(IgnoreRequest, match=rf"refused \({reason}\)"):
        middleware.process_request(Request(url))
    assert stats.get_value(f"mayadeen/refused/{reason}") == 1
    assert stats.get_value("mayadeen/off_site_refused") == 1


def test_a_redirect_away_is_refused_as_a_redirect(guard, caplog):
    middleware, stats = guard
    away = Request("https://example.net/landing", meta={"redirect_urls": [BASE + "/news/x"]})
    for _ in range(3):
        with pytest.raises(IgnoreRequest):
            middleware.process_request(away)
    assert stats.get_value("mayadeen/refused/redirect") == 3
    # Logged once, with where the redirect came from.
    assert caplog.text.count("refused (redirect): https://example.net/landing") == 1
    assert f"(redirected from {BASE}/news/x)" in caplog.text
    within = Request(BASE + "/news/y", meta={"redirect_urls": [BASE + "/news/x"]})
    assert middleware.process_request(within) is None


def test_private_hosts():
    assert [is_private_host(h) for h in ("10.1.2.3", "fd00::1", "x.localhost", "127.1")] == [
        True, True, True, True,
    ]  # fmt: skip
    assert [is_private_host(h) for h in ("example.com", "1.1.1.1", "2606:4700::1111")] == [
        False, False, False,
    ]  # fmt: skip


def test_a_hostile_site_reaches_nothing_but_itself(tmp_path):
    run = crawl_hostile(tmp_path)
    assert run.returncode == 0, run.log[-3000:]
    assert {reason: run.refused(reason) for reason in expected_refusals()} == dict(
        expected_refusals()
    )
    assert expected_refusals() == Counter(
        {"private_address": 15, "off_site": 7, "scheme": 3, "redirect": 2, NOT_A_REQUEST: 2}
    )
    assert run.trap_connections == 0
    assert run.stats["hostile/fetched"] == 2
    assert run.logged_once()
    # The site itself saw the page, its two on-site links and the four redirecting paths.
    assert run.hits == Counter(
        {"/hostile": 1, "/ok": 1, "/ok?via=redirect": 1, "/redirect/same": 1,
         "/redirect/off-site": 1, "/redirect/private": 1, "/redirect/metadata": 1,
         "/redirect/meta-refresh": 1}
    )  # fmt: skip
