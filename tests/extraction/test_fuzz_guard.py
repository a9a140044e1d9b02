"""Counted drops, and exceptions left to Scrapy: nothing leaves a callback unseen."""

import logging

import pytest
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Request, Response

from mayadeen.extraction import ArticlePage
from mayadeen.spiders.articles import ArticlesSpider
from testground.replica import fuzzing, mutations
from testground.replica.mutations import Mutated


@pytest.fixture(scope="module")
def page() -> fuzzing.ReplicaPage:
    return fuzzing.replica_pages(1)[0]


def _spider(**arguments: str) -> ArticlesSpider:
    return fuzzing.article_spider(**arguments)


def _response(page: fuzzing.ReplicaPage) -> HtmlResponse:
    return fuzzing.response_for(page.url, Mutated(page.html.encode("utf-8")))


def _counts(spider: ArticlesSpider, prefix: str) -> dict:
    stats = spider.crawler.stats.get_stats()
    return {k: v for k, v in stats.items() if k.startswith(prefix)}


def test_an_exception_in_a_callback_is_left_to_scrapy(page, monkeypatch):
    # Nothing hides it: Scrapy's scraper logs and counts it (tests/spider/test_callback_errors.py).
    def broken(self, scraped_at=None):
        raise RuntimeError("a bug the fuzzing missed")

    monkeypatch.setattr(ArticlePage, "to_item", broken)
    spider = _spider()
    with pytest.raises(RuntimeError, match="a bug the fuzzing missed"):
        list(spider.parse_article(_response(page)))
    assert _counts(spider, "mayadeen/") == {}


def test_what_a_callback_yielded_before_failing_comes_out_first(page, monkeypatch):
    # parse_listing yields lazily: the ticker items and article requests come out before the
    # error, and Scrapy keeps what came out.
    from mayadeen.extraction.listing import ListingPage

    def next_page_url(self):
        raise KeyError("next")

    monkeypatch.setattr(ListingPage, "next_page_url", next_page_url)
    spider = _spider()
    found = []
    with pytest.raises(KeyError, match="next"):
        for output in spider.parse_listing(_response(page)):
            found.append(output)
    requests = [r for r in found if isinstance(r, Request)]
    assert len(requests) == len(found) - 10  # the page furniture's ten ticker lines come first
    assert requests and all(r.callback == spider.parse_article for r in requests)


def test_close_spider_leaves_the_callback_after_its_item(page):
    spider = _spider(max_articles="1")
    with pytest.raises(CloseSpider):
        list(spider.parse_article(_response(page)))
    assert spider.articles_emitted == 1


def test_a_binary_body_is_a_counted_drop_not_an_error(page, caplog):
    spider = _spider()
    response = Response(page.url, body=b"\x89PNG\r\n\x1a\n\x00\x00", request=Request(page.url))
    with caplog.at_level(logging.WARNING):
        assert list(spider.parse_article(response)) == []
    assert _counts(spider, "mayadeen/") == {
        "mayadeen/drop/not_html": 1,
        "mayadeen/not_article_pages": 1,  # the run monitor's input, as before
    }
    assert f"page dropped (not_html): {page.url}" in caplog.text


def test_listing_and_sitemap_callbacks_read_a_binary_body_as_an_empty_page(page):
    # Found by fuzzing: ListingPage, the ticker and Scrapy's Sitemap raised on such bodies.
    spider = _spider()
    binary = Response(page.url, body=b"\x00\x01", request=Request(page.url))
    for callback in (
        spider.parse_home,
        spider.parse_listing,
        spider.parse_sitemap_index,
        spider.parse_sitemap_month,
    ):
        assert list(callback(binary)) == []


def test_every_listing_mutation_is_read_without_an_error():
    tally = fuzzing.Tally()
    for number, (url, html) in enumerate(fuzzing.replica_listing_pages()):
        for kind in mutations.kinds():
            tally.add(fuzzing.run_listing(url, mutations.mutate(kind, html, number)), kind)
    assert tally.failures == []
    assert tally.tried == 4 * len(mutations.kinds())


def test_a_second_page_of_the_same_post_is_a_counted_drop(page):
    spider = _spider()
    assert (
        len([r for r in spider.parse_article(_response(page)) if not isinstance(r, Request)]) == 1
    )
    assert [r for r in spider.parse_article(_response(page)) if not isinstance(r, Request)] == []
    assert _counts(spider, "mayadeen/drop/") == {"mayadeen/drop/duplicate": 1}
