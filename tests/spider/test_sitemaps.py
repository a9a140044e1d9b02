"""Sitemaps found the standard way and read whatever their names (spiders/sitemaps.py and the
spider's sitemap callbacks), without a reactor."""

import gzip
from datetime import date, datetime, timedelta, timezone

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from mayadeen import settings as project
from mayadeen.spiders.articles import ArticlesSpider
from mayadeen.spiders.incremental import IncrementalPolicy
from mayadeen.spiders.sitemaps import (
    Period,
    file_period,
    lists_no_articles,
    needed_for_window,
    sitemap_body,
)
from mayadeen.storage.memory import CrawlMemory, StoredArticle

BASE = "http://127.0.0.1:8765"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("/sitemaps/all/sitemap-2024-3.xml", Period(2024, 3)),
        ("/post-sitemap-2024-03.xml", Period(2024, 3)),
        ("/sitemap_2024_11.xml.gz", Period(2024, 11)),
        ("/sitemaps/2024/03/posts.xml", Period(2024, 3)),
        ("/sitemap-202403.xml", Period(2024, 3)),
        ("/archive/2023/sitemap-2024-1.xml", Period(2024, 1)),  # the file's own month wins
        ("/sitemap-2024.xml", Period(2024, None)),
        ("/post-sitemap2.xml", None),
        ("/news-sitemap.xml", None),
        ("/sitemap-20240315.xml", None),  # a day stamp: no month read from it
    ],
)
def test_file_period(name, period):
    assert file_period(BASE + name) == period


def test_period_window():
    assert Period(2024, 3).in_window(date(2024, 3, 31), None)
    assert not Period(2024, 3).in_window(date(2024, 4, 1), None)
    assert not Period(2024, 3).in_window(None, date(2024, 2, 29))
    assert Period(2024, None).in_window(date(2024, 12, 31), date(2025, 1, 5))
    assert Period(2024, 12).in_window(date(2024, 12, 31), None)


@pytest.mark.parametrize(
    ("name", "no_articles"),
    [
        ("/page-sitemap.xml", True),
        ("/post_tag-sitemap.xml", True),
        ("/category-sitemap.xml", True),
        ("/sitemap-authors.xml", True),
        ("/post-sitemap-2024-03.xml", False),
        ("/news-sitemap.xml", False),
        ("/video-sitemap.xml", False),
        ("/sitemaps/all/sitemap-2024-3.xml", False),
    ],
)
def test_sitemaps_of_no_articles_are_known_by_name(name, no_articles):
    assert lists_no_articles(BASE + name) is no_articles


def test_needed_for_window_by_name_then_lastmod():
    since, until = date(2024, 4, 1), date(2024, 4, 30)
    assert needed_for_window(BASE + "/s-2024-03.xml", None, since, until) is False
    assert needed_for_window(BASE + "/s-2024-04.xml", None, since, until) is True
    assert needed_for_window(BASE + "/post-sitemap1.xml", "2024-03-31T10:00:00+03:00",
                             since, until) is False  # fmt: skip
    assert needed_for_window(BASE + "/post-sitemap2.xml", "2024-04-28T10:00:00+03:00",
                             since, until) is None  # fmt: skip
    assert needed_for_window(BASE + "/post-sitemap3.xml", None, since, until) is None
    # A news sitemap holds its last two days: one changed long after the window is not needed.
    assert needed_for_window(BASE + "/news-sitemap.xml", "2024-06-10T10:00:00+03:00",
                             since, until) is False  # fmt: skip


def test_sitemap_body_plain_gzip_and_html():
    xml = f'<?xml version="1.0"?><urlset xmlns="{NS}"></urlset>'.encode()
    plain = XmlResponse(BASE + "/s.xml", body=xml)
    assert sitemap_body(plain, 10_000) == xml
    packed = Response(BASE + "/s.xml.gz", body=gzip.compress(xml))
    assert sitemap_body(packed, 10_000) == xml
    assert sitemap_body(packed, 10) is None  # over the size limit once unpacked
    no_extension = TextResponse(BASE + "/sitemap", body=xml, encoding="utf-8")
    assert sitemap_body(no_extension, 10_000) == xml
    html = HtmlResponse(BASE + "/sitemap", body=b"<html><body>Not found</body></html>")
    assert sitemap_body(html, 10_000) is None


def _spider(**kwargs) -> ArticlesSpider:
    explore = {name: getattr(project, name) for name in dir(project) if "EXPLORE" in name}
    crawler = get_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": BASE, **explore})
    spider = ArticlesSpider.from_crawler(crawler, **kwargs)
    crawler.stats = MemoryStatsCollector(crawler)
    return spider


def _index(*entries: tuple[str, str | None]) -> bytes:
    body = "".join(
        f"<sitemap><loc>{BASE}{path}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</sitemap>"
        for path, lastmod in entries
    )
    return f'<?xml version="1.0"?><sitemapindex xmlns="{NS}">{body}</sitemapindex>'.encode()


def _response(url: str, body: bytes, **meta) -> XmlResponse:
    return XmlResponse(url, body=body, request=Request(url, meta=meta))


def test_robots_sitemaps_first_then_the_profile_index_then_the_usual_places():
    spider = _spider()
    robots = TextResponse(
        BASE + "/robots.txt",
        body=f"User-agent: *\nSitemap: {BASE}/sitemap-index.xml\n"
        "Sitemap: https://cdn.example/other.xml\n".encode(),
        request=Request(BASE + "/robots.txt"),
    )
    (first,) = list(spider.parse_robots(robots))
    assert first.url == BASE + "/sitemap-index.xml"
    # It gives nothing: the profile's index is tried, then /sitemap.xml, /sitemap_index.xml.
    tried = []
    response = HtmlResponse(first.url, body=b"<html>Not found</html>", request=first)
    for _ in range(3):
        (following,) = [r for r in spider.parse_sitemap_index(response) if r.url != BASE + "/"]
        tried.append(following.url.removeprefix(BASE))
        response = HtmlResponse(following.url, body=b"<html>x</html>", request=following)
    assert tried == ["/sitemaps/all.xml", "/sitemap.xml", "/sitemap_index.xml"]
    # The last one fails too: a date-window run would walk the listings (a full one does).
    assert list(spider.parse_sitemap_index(response)) == []


def test_robots_without_sitemaps_goes_to_the_profile_index():
    spider = _spider()
    robots = TextResponse(BASE + "/robots.txt", body=b"User-agent: *\nAllow: /\n",
                          request=Request(BASE + "/robots.txt"))  # fmt: skip
    assert [r.url for r in spider.parse_robots(robots)] == [BASE + "/sitemaps/all.xml"]


def test_an_index_is_followed_whatever_its_files_are_named():
    spider = _spider()
    index = _index(
        ("/post-sitemap-2024-03.xml", None),
        ("/post-sitemap-2024-04.xml.gz", None),
        ("/post-sitemap3.xml", None),
        ("/news-sitemap.xml", None),
        ("/page-sitemap.xml", None),
        ("/post_tag-sitemap.xml", None),
        ("/video/video-sitemap.xml", None),
        ("https://elsewhere.example/post-sitemap-2024-05.xml", None),
    )
    requests = list(spider.parse_sitemap_index(_response(BASE + "/sitemap_index.xml", index)))
    assert [r.url.removeprefix(BASE) for r in requests] == [
        "/post-sitemap-2024-03.xml",
        "/post-sitemap-2024-04.xml.gz",
        "/post-sitemap3.xml",
        "/news-sitemap.xml",
        "/video/video-sitemap.xml",
    ]
    assert spider.crawler.stats.get_value("mayadeen/sitemaps/no_articles_skipped") == 2


def test_a_window_reads_only_the_files_it_needs_where_names_carry_months(caplog):
    spider = _spider(since="2024-04-01", until="2024-04-30")
    index = _index(
        ("/post-sitemap-2024-03.xml", "2024-03-31T20:00:00+03:00"),
        ("/post-sitemap-2024-04.xml", "2024-04-30T20:00:00+03:00"),
        ("/post-sitemap-2024-05.xml", "2024-05-31T20:00:00+03:00"),
    )
    requests = list(spider.parse_sitemap_index(_response(BASE + "/sitemap_index.xml", index)))
    assert [r.url for r in requests] == [BASE + "/post-sitemap-2024-04.xml"]
    assert spider.crawler.stats.get_value("mayadeen/sitemaps/outside_window") == 2
    assert "carry no month" not in caplog.text


def test_a_window_reads_every_file_it_cannot_rule_out_and_says_so(caplog):
    spider = _spider(since="2024-03-15", until="2024-04-10")
    index = _index(
        ("/post-sitemap1.xml", "2024-02-29T20:00:00+03:00"),  # changed before the window
        ("/post-sitemap2.xml", "2024-03-31T20:00:00+03:00"),
        ("/post-sitemap3.xml", "2024-04-30T20:00:00+03:00"),
        ("/post-sitemap4.xml", None),
    )
    requests = list(spider.parse_sitemap_index(_response(BASE + "/sitemap_index.xml", index)))
    assert [r.url.removeprefix(BASE) for r in requests] == [
        "/post-sitemap2.xml",
        "/post-sitemap3.xml",
        "/post-sitemap4.xml",
    ]
    assert "3 sitemap files carry no month in their names" in caplog.text
    assert spider.crawler.stats.get_value("mayadeen/sitemaps/window_unknown") == 3


def test_a_gzipped_list_of_pages_and_a_nested_index():
    spider = _spider()
    urlset = (
        f'<?xml version="1.0"?><urlset xmlns="{NS}" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{BASE}/news/politics/a-b-c</loc><news:news><news:title>T</news:title>"
        "</news:news></url>"
        f"<url><loc>{BASE}/news/politics</loc></url>"
        f"<url><loc>{BASE}/tags/gaza</loc></url>"
        f"<url><loc>{BASE}/video/the-clip-of-the-day</loc></url>"
        "</urlset>"
    ).encode()
    response = Response(
        BASE + "/news-sitemap.xml.gz",
        body=gzip.compress(urlset),
        request=Request(BASE + "/news-sitemap.xml.gz", meta={"mayadeen_sitemap_child": True}),
    )
    requests = list(spider.parse_sitemap_month(response))
    assert [(r.url, r.callback.__name__) for r in requests] == [
        (BASE + "/news/politics/a-b-c", "parse_article"),
        (BASE + "/video/the-clip-of-the-day", "parse_page"),  # unknown shape: explored
    ]
    assert spider.crawler.stats.get_value("mayadeen/sitemaps/not_article_urls") == 2
    nested = _index(("/sitemaps/posts-2024-1.xml", None))
    (child,) = spider.parse_sitemap_month(
        _response(BASE + "/sitemaps/posts.xml", nested, mayadeen_sitemap_child=True)
    )
    assert child.url == BASE + "/sitemaps/posts-2024-1.xml"


def test_incremental_files_without_a_month_by_lastmod():
    tz = timezone(timedelta(hours=3))
    newest = datetime(2024, 4, 30, 20, 0, tzinfo=tz)
    memory = CrawlMemory(
        {"u": StoredArticle(newest, newest)},
        complete=True,
        month_baseline={(2024, 4): newest, (2024, 3): newest - timedelta(days=31)},
    )
    policy = IncrementalPolicy(memory)
    assert not policy.wants_sitemap_file(None, "2024-04-30T20:00:00+03:00")
    assert policy.wants_sitemap_file(None, "2024-05-01T08:00:00+03:00")
    assert policy.wants_sitemap_file(None, None)
    assert not policy.wants_sitemap_file((2024, 3), "2024-03-30T20:00:00+03:00")
    assert IncrementalPolicy(CrawlMemory(complete=False)).wants_sitemap_file(None, "x")
