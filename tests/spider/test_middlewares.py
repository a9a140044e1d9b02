"""The same-site guard: host and port of MAYADEEN_BASE_URL, http(s) only."""

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from mayadeen.middlewares import SameSiteGuardMiddleware
from mayadeen.spiders.articles import ArticlesSpider


@pytest.fixture
def guard():
    crawler = get_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": "http://127.0.0.1:8765"})
    crawler.stats.open_spider()
    return SameSiteGuardMiddleware.from_crawler(crawler), crawler.stats


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765/", "http://127.0.0.1:8765/news?page=2", "http://127.0.0.1:8765"]
)
def test_target_requests_pass(guard, url):
    middleware, _ = guard
    assert middleware.process_request(Request(url)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8766/news",  # another local service
        "http://127.0.0.1/news",  # port 80
        "https://english.almayadeen.net/news",
        "ftp://127.0.0.1:8765/news",
    ],
)
def test_other_sites_refused(guard, url):
    middleware, stats = guard
    with pytest.raises(IgnoreRequest, match="off-site or non-HTTP request refused"):
        middleware.process_request(Request(url))
    assert stats.get_value("mayadeen/off_site_refused") == 1


def test_default_ports():
    crawler = get_crawler(ArticlesSpider)  # the live site, https
    middleware = SameSiteGuardMiddleware.from_crawler(crawler)
    assert middleware.process_request(Request("https://english.almayadeen.net:443/x")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://english.almayadeen.net/x"))
