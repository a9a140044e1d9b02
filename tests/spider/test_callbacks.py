"""The spider's callbacks on rendered replica pages, without a reactor: what each one yields."""

import dataclasses

import pytest
from scrapy.http import HtmlResponse, Request

from mayadeen import items, site
from mayadeen.spiders.articles import ArticlesSpider
from testground.projectsettings import project_crawler
from testground.replica import anchors
from testground.replica.render import Renderer
from testground.replica.render_furniture import Furniture
from testground.replica.render_listing import Listing

BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def site_pages():
    by_index = {a.index: a for a in anchors.resolved(BASE)}
    ticker = tuple(
        (text, "/news/politics/x" if i == 0 else None) for i, text in enumerate(anchors.SEED_TICKER)
    )
    furniture = Furniture(
        ticker=ticker,
        most_read=tuple(by_index[i] for i in anchors.MOST_READ),
        read_next=tuple(by_index[i] for i in anchors.READ_NEXT),
        coverage=anchors.COVERAGE_LINKS,
    )
    return Renderer(BASE), furniture, by_index


def _spider(**kwargs) -> ArticlesSpider:
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": BASE})
    return ArticlesSpider.from_crawler(crawler, **kwargs)


def _response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=Request(url))


def _split(results):
    requests = [r for r in results if isinstance(r, Request)]
    return requests, [r for r in results if not isinstance(r, Request)]


def test_home_walks_every_menu_listing_and_emits_the_ticker_once(site_pages):
    renderer, furniture, by_index = site_pages
    seed = by_index[anchors.SEED_INDEX]
    html = renderer.home_page((("News", "/news", (seed,)),), furniture)
    spider = _spider()
    requests, found = _split(list(spider.parse_home(_response(BASE + "/", html))))
    listings = [r.url for r in requests if r.callback == spider.parse_listing]
    expected = ["/news", "/articles", "/videos", "/infographs", "/in-pictures"]
    for top, (_, subs) in site.SECTIONS.items():
        expected += [f"/{top}/{sub}" for sub, _ in subs]
    expected += [f"/region/{r}" for r, _ in site.REGIONS]
    assert sorted(listings) == sorted(BASE + p for p in expected)
    assert seed.url(BASE) in [r.url for r in requests if r.callback == spider.parse_article]
    assert [dict(i)["text"] for i in found] == list(anchors.SEED_TICKER)
    first = dict(found[0])
    assert first["url"] == BASE + "/news/politics/x"
    assert first["seen_on"] == BASE + "/"
    assert dict(found[1])["url"] is None
    assert all(tuple(i) == items.BREAKING_FIELDS for i in found)
    # A second page with the same ticker emits nothing new.
    _, again = _split(list(spider.parse_home(_response(BASE + "/", html))))
    assert again == []


def test_a_ticker_repeating_its_lines_gives_each_line_once(site_pages):
    renderer, furniture, _ = site_pages
    repeated = dataclasses.replace(furniture, ticker=furniture.ticker + furniture.ticker[:2])
    html = renderer.home_page((), repeated)
    spider = _spider()
    _, found = _split(list(spider.parse_home(_response(BASE + "/", html))))
    assert [dict(i)["text"] for i in found] == list(anchors.SEED_TICKER)


def test_home_with_sections_walks_only_those(site_pages):
    renderer, furniture, _ = site_pages
    html = renderer.home_page((), furniture)
    spider = _spider(sections="politics,asia")
    requests, _ = _split(list(spider.parse_home(_response(BASE + "/", html))))
    assert [r.url for r in requests] == [BASE + "/news/politics", BASE + "/region/asia"]


def test_listing_follows_articles_and_next_page(site_pages):
    renderer, furniture, by_index = site_pages
    articles = tuple(by_index[i] for i in (-1, -2, -3))
    listing = Listing("Politics", "/news/politics", "section", articles, page=2, pages=3)
    spider = _spider()
    url = BASE + "/news/politics?page=2"
    response = _response(url, renderer.listing_page(listing, furniture))
    requests, _ = _split(list(spider.parse_listing(response)))
    article_urls = [r.url for r in requests if r.callback == spider.parse_article]
    for article in articles:
        assert article.url(BASE) in article_urls
    assert [r.url for r in requests if r.callback == spider.parse_listing] == [
        BASE + "/news/politics?page=3"
    ]


def test_last_listing_page_has_no_next(site_pages):
    renderer, furniture, by_index = site_pages
    listing = Listing("Asia", "/region/asia", "region", (by_index[-1],), page=3, pages=3)
    spider = _spider()
    response = _response(BASE + "/region/asia?page=3", renderer.listing_page(listing, furniture))
    requests, _ = _split(list(spider.parse_listing(response)))
    assert [r for r in requests if r.callback == spider.parse_listing] == []


def test_article_item_and_tag_pages(site_pages):
    renderer, furniture, by_index = site_pages
    seed = by_index[anchors.SEED_INDEX]
    spider = _spider()
    response = _response(seed.url(BASE), renderer.article_page(seed, furniture))
    requests, found = _split(list(spider.parse_article(response)))
    assert [r.url for r in requests] == [BASE + "/tags/" + site.slugify(t) for t in seed.tags]
    assert len(found) == 1 and tuple(found[0]) == items.ARTICLE_FIELDS
    assert found[0]["post_id"] == "1548720"
    # The same post again (another URL, e.g. from a sitemap): not emitted twice.
    _, again = _split(list(spider.parse_article(response)))
    assert again == []


def test_article_without_tag_following_and_outside_window(site_pages):
    renderer, furniture, by_index = site_pages
    seed = by_index[anchors.SEED_INDEX]
    response = _response(seed.url(BASE), renderer.article_page(seed, furniture))
    assert list(_spider(follow_tags="false", since="2022-01-08").parse_article(response)) == []
    kept = list(_spider(follow_tags="false", until="2022-01-07").parse_article(response))
    assert [i["post_id"] for i in kept] == ["1548720"]


def test_max_articles_closes_the_spider(site_pages):
    from scrapy.exceptions import CloseSpider

    renderer, furniture, by_index = site_pages
    spider = _spider(follow_tags="false", max_articles="1")
    first, second = by_index[-1], by_index[-2]
    out = []
    with pytest.raises(CloseSpider) as closed:
        for x in spider.parse_article(
            _response(first.url(BASE), renderer.article_page(first, furniture))
        ):
            out.append(x)
    assert closed.value.reason == "max_articles=1 reached"
    assert [i["post_id"] for i in out] == [first.post_id]
    page = _response(second.url(BASE), renderer.article_page(second, furniture))
    assert list(spider.parse_article(page)) == []


def test_sitemaps_only_wanted_months(site_pages):
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(
            f"<sitemap><loc>{BASE}/sitemaps/all/sitemap-{y}-{m}.xml</loc></sitemap>"
            for y, m in ((2021, 12), (2022, 1), (2022, 2))
        )
        + "</sitemapindex>"
    )
    spider = _spider(since="2022-01-10", until="2022-01-20")
    response = HtmlResponse(BASE + "/sitemaps/all.xml", body=index.encode(), encoding="utf-8")
    assert [r.url for r in spider.parse_sitemap_index(response)] == [
        BASE + "/sitemaps/all/sitemap-2022-1.xml"
    ]
    month = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BASE}/news/politics/a-b?utm_source=s</loc></url>"
        f"<url><loc>{BASE}/news/politics</loc></url>"
        "<url><loc>https://elsewhere.example/news/politics/c</loc></url>"
        "</urlset>"
    )
    response = HtmlResponse(
        BASE + "/sitemaps/all/sitemap-2022-1.xml", body=month.encode(), encoding="utf-8"
    )
    assert [r.url for r in spider.parse_sitemap_month(response)] == [BASE + "/news/politics/a-b"]


def test_unrelated_page_is_no_article(site_pages):
    renderer, furniture, _ = site_pages
    spider = _spider()
    response = _response(BASE + "/news/politics/gone", renderer.not_found_page(furniture))
    assert [x for x in spider.parse_article(response) if not isinstance(x, Request)] == []


def test_dataclass_variants_render_for_every_template(site_pages):
    renderer, furniture, by_index = site_pages
    seed = by_index[anchors.SEED_INDEX]
    for template in (0, 1, 2):
        variant = dataclasses.replace(seed.variant, template=template)
        article = dataclasses.replace(seed, variant=variant)
        spider = _spider(follow_tags="false")
        response = _response(seed.url(BASE), renderer.article_page(article, furniture))
        (item,) = list(spider.parse_article(response))
        assert item["image_caption"] == "Riot police in Kazakhstan"


def test_date_window_reads_sitemaps_not_listings(site_pages):
    renderer, furniture, by_index = site_pages
    seed = by_index[anchors.SEED_INDEX]
    spider = _spider(since="2022-01-01")
    home = _response(BASE + "/", renderer.home_page((("News", "/news", (seed,)),), furniture))
    requests, found = _split(list(spider.parse_home(home)))
    assert requests == [] and len(found) == len(anchors.SEED_TICKER)
    article = _response(seed.url(BASE), renderer.article_page(seed, furniture))
    assert [type(x).__name__ for x in spider.parse_article(article)] == ["ArticleItem"]


def test_date_window_walks_listings_when_sitemaps_are_missing(site_pages):
    renderer, furniture, _ = site_pages
    spider = _spider(since="2022-01-01")
    empty = HtmlResponse(BASE + "/sitemaps/all.xml", body=b"<html>Not found</html>")
    (again,) = list(spider.parse_sitemap_index(empty))
    assert (again.url, again.callback, again.dont_filter) == (BASE + "/", spider.parse_home, True)
    home = _response(BASE + "/", renderer.home_page((), furniture))
    requests, _ = _split(list(spider.parse_home(home)))
    assert BASE + "/news/politics" in [r.url for r in requests]
    # Only once, however many failures.
    assert list(spider.sitemaps_failed(type("F", (), {"value": "404"})())) == []
