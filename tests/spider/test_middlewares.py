"""The same-site guard: host and port of MAYADEEN_BASE_URL, http(s) only."""

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from mayadeen.downloadermiddlewares.samesite import SameSiteGuardMiddleware
from mayadeen.spiders.articles import ArticlesSpider
from testground.projectsettings import project_crawler


@pytest.fixture
def guard():
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": "http://127.0.0.1:8765"})
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
    crawler = project_crawler(ArticlesSpider)  # the live site, https
    middleware = SameSiteGuardMiddleware.from_crawler(crawler)
    assert middleware.process_request(Request("https://english.almayadeen.net:443/x")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://english.almayadeen.net/x"))


def test_challenge_retried_then_reported(caplog):
    from scrapy.http import HtmlResponse

    from mayadeen.downloadermiddlewares.challenge import ChallengeMiddleware
    from testground.replica.render import Renderer

    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_CHALLENGE_RETRIES": 1})
    crawler.stats.open_spider()
    crawler.spider = ArticlesSpider.from_crawler(crawler)
    middleware = ChallengeMiddleware.from_crawler(crawler)
    url = "http://127.0.0.1:8765/rss"
    body = Renderer("http://127.0.0.1:8765").challenge_page().encode()
    request = Request(url)
    challenge = HtmlResponse(url, status=403, body=body, request=request)

    retry = middleware.process_response(request, challenge)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    with pytest.raises(IgnoreRequest, match="Cloudflare challenge"):
        middleware.process_response(retry, challenge.replace(request=retry))
    assert crawler.stats.get_value("mayadeen/challenge") == 2
    assert crawler.stats.get_value("mayadeen/challenge_blocked") == 1
    assert "blocked by a Cloudflare challenge (HTTP 403): " + url in caplog.text

    page = HtmlResponse(url, status=200, body=b"<html><h1>News</h1></html>", request=request)
    assert middleware.process_response(request, page) is page


def test_truncated_html_retried_then_dropped(caplog):
    from scrapy.http import HtmlResponse

    from mayadeen.downloadermiddlewares.truncated import TruncatedPageMiddleware

    crawler = project_crawler(ArticlesSpider, {"RETRY_TIMES": 1})
    crawler.stats.open_spider()
    crawler.spider = ArticlesSpider.from_crawler(crawler)
    middleware = TruncatedPageMiddleware.from_crawler(crawler)
    url = "http://127.0.0.1:8765/news/politics/a"
    request = Request(url)
    headers = {"Content-Type": "text/html; charset=utf-8"}
    cut = HtmlResponse(url, body=b"<html><body><p>Half a pa", headers=headers, request=request)
    whole = HtmlResponse(url, body=b"<html><p>x</p></HTML>\n", headers=headers, request=request)

    assert middleware.process_response(request, whole) is whole
    retry = middleware.process_response(request, cut)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    with pytest.raises(IgnoreRequest, match="truncated page"):
        middleware.process_response(retry, cut.replace(request=retry))
    assert crawler.stats.get_value("mayadeen/truncated") == 2
    assert "truncated page, given up: " + url in caplog.text
    xml = HtmlResponse(url, body=b"<urlset>", headers={"Content-Type": "application/xml"})
    assert middleware.process_response(request, xml) is xml
