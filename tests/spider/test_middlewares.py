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


def _middleware(cls, **settings):
    """A downloader middleware of ``cls`` with its crawler's spider and stats open."""
    crawler = project_crawler(ArticlesSpider, settings)
    crawler.stats.open_spider()
    crawler.spider = ArticlesSpider.from_crawler(crawler)
    return cls.from_crawler(crawler), crawler.stats


def test_challenge_retried_then_reported(caplog):
    from scrapy.http import HtmlResponse

    from mayadeen.downloadermiddlewares.challenge import ChallengeMiddleware
    from testground.replica.render import Renderer

    middleware, _ = _middleware(ChallengeMiddleware, MAYADEEN_CHALLENGE_RETRIES=1)
    crawler = middleware.crawler
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

    middleware, stats = _middleware(TruncatedPageMiddleware, RETRY_TIMES=1)
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
    assert stats.get_value("mayadeen/truncated") == 2
    assert "truncated page, given up: " + url in caplog.text
    xml = HtmlResponse(url, body=b"<urlset>", headers={"Content-Type": "application/xml"})
    assert middleware.process_response(request, xml) is xml


def _cut_page_middleware(**settings):
    from mayadeen.downloadermiddlewares.truncated import TruncatedPageMiddleware

    return _middleware(TruncatedPageMiddleware, **{"RETRY_TIMES": 2, **settings})


def _cut_page(request):
    from scrapy.http import HtmlResponse

    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(request.url, body=b"<html><p>Half", headers=headers, request=request)


@pytest.mark.parametrize(
    ("settings", "meta"),
    [({}, {"dont_retry": True}), ({"RETRY_ENABLED": False}, {})],
    ids=["dont_retry", "RETRY_ENABLED=False"],
)
def test_a_page_retry_honours_dont_retry_and_retry_enabled(settings, meta, caplog):
    # As Scrapy's RetryMiddleware: no retry. The cut page is still never passed on: given up.
    middleware, stats = _cut_page_middleware(**settings)
    request = Request("http://127.0.0.1:8765/news/politics/a", meta=meta)
    with pytest.raises(IgnoreRequest, match="truncated page, given up"):
        middleware.process_response(request, _cut_page(request))
    assert stats.get_value("mayadeen/truncated") == 1
    assert stats.get_value("mayadeen/truncated_dropped") == 1
    assert stats.get_value("retry/count") is None


def test_a_page_retry_reads_max_retry_times_from_meta_first():
    middleware, stats = _cut_page_middleware()  # RETRY_TIMES=2
    request = Request("http://127.0.0.1:8765/news/politics/a", meta={"max_retry_times": 0})
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, _cut_page(request))
    request = Request("http://127.0.0.1:8765/news/politics/a", meta={"max_retry_times": 5})
    retry = request
    for attempt in range(1, 6):
        retry = middleware.process_response(retry, _cut_page(retry))
        assert retry.meta["retry_times"] == attempt
    assert stats.get_value("retry/reason_count/truncated_html") == 5


def test_no_browser_retry_of_a_challenge_under_dont_retry():
    from scrapy.http import HtmlResponse

    from mayadeen.browser import BrowserChallengeMiddleware
    from testground.replica.render import Renderer

    middleware, stats = _middleware(
        BrowserChallengeMiddleware, MAYADEEN_CHALLENGE_RETRIES=0, MAYADEEN_BROWSER_AVAILABLE=True
    )
    url = "http://127.0.0.1:8765/rss"
    body = Renderer("http://127.0.0.1:8765").challenge_page().encode()

    request = Request(url)
    browser = middleware.process_response(request, HtmlResponse(url, status=403, body=body))
    assert isinstance(browser, Request) and browser.meta["playwright"] is True
    request = Request(url, meta={"dont_retry": True})
    with pytest.raises(IgnoreRequest, match="Cloudflare challenge"):
        middleware.process_response(request, HtmlResponse(url, status=403, body=body))
    assert stats.get_value("mayadeen/browser/challenge_retries") == 1
    assert stats.get_value("mayadeen/challenge_blocked") == 1
