"""The spider's arguments: parsed values, clear errors, warnings for unknown ones."""

import logging
from datetime import date

import pytest

from mayadeen.spiders.arguments import CrawlOptions, Selection, parse_arguments
from mayadeen.spiders.articles import ArticlesSpider
from testground.projectsettings import project_crawler


def test_defaults():
    assert parse_arguments({}) == CrawlOptions()


def test_every_argument_parsed():
    options = parse_arguments(
        {
            "sections": "politics, Opinion,news,asia",
            "since": "2022-01-05",
            "until": "2022-03-31",
            "max_articles": "25",
            "follow_tags": "false",
            "sitemaps": "no",
        }
    )
    assert options == CrawlOptions(
        selection=Selection(
            listing_paths=("/news/politics", "/articles/opinion", "/news", "/region/asia"),
            article_prefixes=(),  # a region selects articles of any section
        ),
        since=date(2022, 1, 5),
        until=date(2022, 3, 31),
        max_articles=25,
        follow_tags=False,
        sitemaps=False,
    )


def test_sections_without_region_filter_article_paths():
    options = parse_arguments({"sections": "politics,Arts&Culture,/articles/blog"})
    assert options.selection == Selection(
        ("/news/politics", "/news/arts-culture", "/articles/blog"),
        ("/news/politics/", "/news/arts-culture/", "/articles/blog/"),
    )
    assert options.wants_article_path("/news/politics/some-slug")
    assert not options.wants_article_path("/news/economy/some-slug")


def test_window_months():
    options = parse_arguments({"since": "2022-01-15", "until": "2022-03-01"})
    assert [m for m in range(1, 13) if options.month_in_window(2022, m)] == [1, 2, 3]
    assert not options.month_in_window(2021, 12)
    assert options.in_window(date(2022, 1, 15)) and not options.in_window(date(2022, 1, 14))
    assert options.in_window(date(2022, 3, 1)) and not options.in_window(date(2022, 3, 2))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sections": "cooking"}, "sections: unknown section 'cooking'"),
        ({"sections": " , "}, "sections: give at least one section"),
        ({"since": "2022-13-01"}, "since: '2022-13-01' is not a valid date"),
        ({"since": "yesterday"}, "since: expected a date YYYY-MM-DD, got 'yesterday'"),
        ({"until": "2022/01/01"}, "until: expected a date YYYY-MM-DD, got '2022/01/01'"),
        ({"since": "2022-02-01", "until": "2022-01-01"}, "since: 2022-02-01 is after until"),
        ({"max_articles": "0"}, "max_articles: expected a whole number > 0, got '0'"),
        ({"max_articles": "ten"}, "max_articles: expected a whole number > 0, got 'ten'"),
        ({"follow_tags": "maybe"}, "follow_tags: expected true or false, got 'maybe'"),
    ],
)
def test_bad_values_raise_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        parse_arguments(kwargs)


def test_unknown_arguments_warned_scrapyd_ones_silent():
    options = parse_arguments({"colour": "red", "_job": "abc", "_version": "1", "setting": "x"})
    assert options.warnings == ("unknown spider argument 'colour' ignored",)


def test_spider_logs_each_unknown_argument_once(caplog):
    crawler = project_crawler(ArticlesSpider, {"MAYADEEN_BASE_URL": "http://127.0.0.1:9999"})
    with caplog.at_level(logging.WARNING):
        spider = ArticlesSpider.from_crawler(crawler, colour="red", size="xl", _job="j1")
    assert [r.getMessage() for r in caplog.records] == [
        "unknown spider argument 'colour' ignored",
        "unknown spider argument 'size' ignored",
    ]
    assert spider.base_url == "http://127.0.0.1:9999"
    assert spider.allowed_domains == ["127.0.0.1"]
    assert not hasattr(spider, "colour")


def test_spider_rejects_bad_value_at_construction():
    crawler = project_crawler(ArticlesSpider)
    with pytest.raises(ValueError, match="max_articles"):
        ArticlesSpider.from_crawler(crawler, max_articles="-3")
