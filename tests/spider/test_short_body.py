"""An article page cut short (whole document, body far under the metadata's word count): retried
through Scrapy's retry budget and stats, never emitted, dropped loudly when retries run out."""

import re

import pytest
from scrapy.http import HtmlResponse, Request

from mayadeen.extraction.metadata import Metadata
from mayadeen.spiders.articles import ArticlesSpider
from mayadeen.spiders.provenance import layer_key
from mayadeen.spiders.short_body import declared_word_count, is_short_body
from testground.projectsettings import project_crawler
from testground.replica import anchors
from testground.replica.render import Renderer
from testground.replica.render_furniture import Furniture
from testground.replica.server import short_page

BASE = "http://127.0.0.1:8765"


def test_declared_word_count_reads_the_site_shape_only() -> None:
    found = [declared_word_count(Metadata({"word_count": v})) for v in
             ("578", " 12 ", "0", 40, "12.5", "x", "", -3, True, None, ["5"])]  # fmt: skip
    assert found == [578, 12, 0, 40, None, None, None, None, None, None, None]
    assert declared_word_count(Metadata(None)) is None


def test_far_shorter_means_under_the_ratio() -> None:
    assert is_short_body(49, 100, 0.5) and not is_short_body(50, 100, 0.5)
    assert not is_short_body(0, 0, 0.5)  # a video page declares no words
    assert not is_short_body(0, None, 0.5)  # no declared count: not judged
    assert not is_short_body(0, 100, 0.0)  # the check turned off


@pytest.fixture(scope="module")
def seed_pages() -> tuple[str, str, str]:
    articles = {a.index: a for a in anchors.resolved(BASE)}
    seed = articles[anchors.SEED_INDEX]
    furniture = Furniture(ticker=(), most_read=(), read_next=(), coverage=())
    renderer = Renderer(BASE)
    cut = short_page(renderer, seed, furniture)
    assert cut is not None
    return seed.url(BASE), renderer.article_page(seed, furniture), cut


def _spider(**settings: object) -> ArticlesSpider:
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": BASE, **settings})
    spider = ArticlesSpider.from_crawler(crawler, follow_tags="false")
    crawler.spider = spider
    return spider


def _response(url: str, html: str, retry_times: int = 0) -> HtmlResponse:
    request = Request(url, meta={"retry_times": retry_times} if retry_times else {})
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=request)


def test_a_short_page_is_retried_not_emitted(seed_pages) -> None:
    url, whole, cut = seed_pages
    spider = _spider(RETRY_TIMES=3)
    (retry,) = list(spider.parse_article(_response(url, cut)))
    assert isinstance(retry, Request) and retry.url == url and retry.dont_filter
    assert retry.meta["retry_times"] == 1
    stats = spider.crawler.stats.get_stats()
    assert stats["mayadeen/short_body"] == 1 and stats["retry/reason_count/short_body"] == 1
    # The retry's answer is whole: the item, once (the short page did not claim its post id).
    (item,) = list(spider.parse_article(_response(url, whole, retry_times=1)))
    assert item["post_id"] == anchors.SEED.post_id and item["word_count"] == 578


def test_a_page_short_on_every_retry_is_dropped_and_counted(seed_pages) -> None:
    url, _, cut = seed_pages
    spider = _spider(RETRY_TIMES=2)
    assert list(spider.parse_article(_response(url, cut, retry_times=2))) == []
    stats = spider.crawler.stats.get_stats()
    assert stats["mayadeen/short_body_dropped"] == 1 and stats["retry/max_reached"] == 1
    # Turned off, the same page is an item (its body short).
    (item,) = list(_spider(MAYADEEN_SHORT_BODY_RATIO=0).parse_article(_response(url, cut)))
    assert item["word_count"] < 578 / 4


@pytest.mark.parametrize(
    ("settings", "meta"),
    [({}, {"dont_retry": True}), ({"RETRY_ENABLED": False}, {})],
    ids=["dont_retry", "RETRY_ENABLED=False"],
)
def test_no_retry_of_a_short_page_when_retries_are_off(seed_pages, settings, meta) -> None:
    # As Scrapy's RetryMiddleware decides; the short page is still never emitted: dropped.
    url, _, cut = seed_pages
    spider = _spider(RETRY_TIMES=3, **settings)
    request = Request(url, meta=meta)
    response = HtmlResponse(url, body=cut.encode(), encoding="utf-8", request=request)
    assert list(spider.parse_article(response)) == []
    stats = spider.crawler.stats.get_stats()
    assert stats["mayadeen/short_body"] == 1 and stats["mayadeen/short_body_dropped"] == 1
    assert "retry/count" not in stats


def _moved_out_of_the_container(whole: str) -> str:
    """The page with its container closed after the first paragraph: the rest of the body
    follows it in the page (markup the profile's container no longer holds)."""
    moved, count = re.subn(r'(<div class="p-content"><p>.*?</p>)', r"\1</div><div>", whole,
                           count=1)  # fmt: skip
    assert count == 1
    return moved


@pytest.mark.parametrize("ratio", [0.5, 0.8])
def test_a_page_the_structure_fallback_completes_is_emitted_not_retried(seed_pages, ratio):
    # The container holds one paragraph of 578 declared words; the body found by structure,
    # run before the page is judged (at the check's own ratio), holds all of them.
    url, whole, _ = seed_pages
    spider = _spider(RETRY_TIMES=3, MAYADEEN_SHORT_BODY_RATIO=ratio)
    (item,) = list(spider.parse_article(_response(url, _moved_out_of_the_container(whole))))
    assert item["word_count"] == 578
    stats = spider.crawler.stats.get_stats()
    assert "mayadeen/short_body" not in stats and "retry/count" not in stats
    # The layer table counts it (added to the stats in batches, the rest at spider_closed): the
    # body from the structure, the title from the metadata.
    spider.layer_counts.flush()
    stats = spider.crawler.stats.get_stats()
    assert stats[layer_key("body", "structure")] == 1
    assert stats[layer_key("title", "metadata")] == 1
