"""URL shapes (spiders/shapes.py) and the exploration of unknown ones (spiders/exploration.py)."""

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from mayadeen import site
from mayadeen.spiders.exploration import DROP, PROBE, WAIT, Explorer
from mayadeen.spiders.shapes import (
    ARTICLE,
    AUTHOR,
    COVERAGE,
    HOME,
    LISTING,
    OTHER,
    TAG,
    ShapeBook,
    ShapeCount,
    path_shape,
    profile_additions,
    profile_kind,
    profile_kind_of_shape,
)

SITE = "https://x.example"


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/news/politics/kazakhstan---critical-red", "/news/<sub>/<slug>"),
        ("/articles/opinion", "/articles/<sub>"),
        ("/articles/some-opinion-piece", "/articles/<slug>"),
        ("/region/asia/", "/region/<sub>"),
        ("/video/the-drone-strike-footage", "/video/<slug>"),
        ("/newscast/2024/3/5/evening-bulletin-on-gaza", "/newscast/<n>/<n>/<n>/<slug>"),
        ("/tag/gaza/", "/tag/<slug>"),
        ("/topic/economy", "/topic/<slug>"),  # a profile subsection name, not under a section
        ("/video/page/3/", "/video"),  # a listing's pages are the listing's
        ("/about-us", "/about-us"),
        ("/", "/"),
        ("/section/world/the-long-talks-resume", "/section/world/<slug>"),
    ],
)
def test_path_shape(path, shape):
    assert path_shape(path) == shape


def test_profile_kinds():
    assert profile_kind("/") == HOME
    assert profile_kind("/news/politics/a-b") == ARTICLE
    assert profile_kind("/news/politics") == LISTING
    assert profile_kind("/tags/iran") == TAG
    assert profile_kind("/authors/jane") == AUTHOR
    assert profile_kind("/coverage/war-on-gaza") == COVERAGE
    assert profile_kind("/video/a-b-c") is None
    assert profile_kind_of_shape("/news/<sub>/<slug>") == ARTICLE
    assert profile_kind_of_shape("/video/<slug>") is None


def test_profile_entries_of_learned_shapes(monkeypatch):
    monkeypatch.setattr(site, "LISTING_SHAPES", ("/topic/<slug>",))  # as a profile file set it
    rows = [
        ShapeCount(ARTICLE, "/video/<slug>", 40, in_profile=False),
        ShapeCount(ARTICLE, "/news/<sub>/<slug>", 9, in_profile=True),
        ShapeCount(LISTING, "/tag/<slug>", 12, in_profile=False),
        ShapeCount(ARTICLE, "/newscast/<n>/<n>/<n>/<slug>", 3, in_profile=False),
        ShapeCount(OTHER, "/help", 1, in_profile=False),
    ]
    assert [row.profile_entry() for row in rows] == [
        "ARTICLE_SHAPES",
        None,
        "LISTING_SHAPES",
        "ARTICLE_SHAPES",
        "OTHER_SHAPES",
    ]
    assert profile_additions(rows) == {
        "ARTICLE_SHAPES": ["/video/<slug>", "/newscast/<n>/<n>/<n>/<slug>"],
        "LISTING_SHAPES": ["/topic/<slug>", "/tag/<slug>"],
        "OTHER_SHAPES": [*site.OTHER_SHAPES, "/help"],
    }


def _explorer(probes=2, max_requests=10, max_depth=2) -> Explorer:
    crawler = get_crawler()
    crawler.stats = MemoryStatsCollector(crawler)
    return Explorer(ShapeBook(probes), max_requests, max_depth, crawler)


def test_two_probes_learn_a_shape_and_release_the_links_it_held():
    explorer = _explorer()
    urls = [f"{SITE}/video/clip-number-{i}-of-the-day" for i in range(5)]
    steps = [explorer.route(url, 1) for url in urls]
    assert [s.action for s in steps] == [PROBE, PROBE, WAIT, WAIT, WAIT]
    assert explorer.route(urls[0], 1).action == DROP  # asked for already
    assert explorer.answered(urls[0], ARTICLE) == []  # one answer is not enough
    released = explorer.answered(urls[1], ARTICLE)
    assert [(s.action, s.url) for s in released] == [(ARTICLE, u) for u in urls[2:]]
    # Learned: later links of the shape are requested as articles, never explored.
    later = explorer.route(f"{SITE}/video/another-clip-of-the-week", 1)
    assert later.action == ARTICLE
    assert explorer.requests == 2
    assert explorer.crawler.stats.get_value("mayadeen/explore/requests") == 2
    assert explorer.crawler.stats.get_value("mayadeen/explore/learned/article") == 1


def test_a_shape_of_other_pages_drops_the_links_it_held():
    explorer = _explorer()
    urls = [f"{SITE}/search/term-{i}" for i in range(4)]
    assert [explorer.route(u, 1).action for u in urls] == [PROBE, PROBE, WAIT, WAIT]
    explorer.answered(urls[0], OTHER)
    assert explorer.answered(urls[1], OTHER) == []
    assert explorer.crawler.stats.get_value("mayadeen/explore/dropped") == 2
    assert explorer.route(f"{SITE}/search/term-9", 1).action == DROP


def test_a_listing_answer_makes_a_listing_shape():
    explorer = _explorer()
    urls = [f"{SITE}/tag/{name}" for name in ("gaza", "iran", "iraq")]
    [explorer.route(u, 1) for u in urls]
    explorer.answered(urls[0], OTHER)  # a tag page with a single card
    released = explorer.answered(urls[1], LISTING)
    assert [(s.action, s.url) for s in released] == [(LISTING, urls[2])]


def test_disagreeing_probes_explore_each_link():
    explorer = _explorer()
    urls = [f"{SITE}/p/item-{i}" for i in range(4)]
    [explorer.route(u, 1) for u in urls]
    explorer.answered(urls[0], ARTICLE)
    released = explorer.answered(urls[1], LISTING)
    assert [s.action for s in released] == [PROBE, PROBE]
    assert explorer.route(f"{SITE}/p/item-9", 1).action == PROBE


def test_failed_probes_hand_over_to_a_held_link_then_give_up():
    explorer = _explorer()
    urls = [f"{SITE}/gone/page-{i}" for i in range(4)]
    [explorer.route(u, 1) for u in urls]
    (step,) = explorer.failed(urls[0])
    assert (step.action, step.url) == (PROBE, urls[2])
    assert explorer.failed(urls[1]) == []  # two failures and no page: leads nowhere
    assert explorer.route(f"{SITE}/gone/page-9", 1).action == DROP


def test_budget_and_depth():
    explorer = _explorer(probes=1, max_requests=2, max_depth=1)
    assert explorer.route(f"{SITE}/a", 2).action == DROP  # too deep
    assert [explorer.route(f"{SITE}/{x}", 1).action for x in "bcd"] == [PROBE, PROBE, DROP]
    stats = explorer.crawler.stats
    assert stats.get_value("mayadeen/explore/over_budget") == 1
    assert stats.get_value("mayadeen/explore/too_deep") == 1


def test_shapes_added_to_the_profile_are_never_explored(monkeypatch):
    monkeypatch.setattr(site, "ARTICLE_SHAPES", ("/video/<slug>",))
    monkeypatch.setattr(site, "LISTING_SHAPES", ("/tag/<slug>",))
    monkeypatch.setattr(site, "OTHER_SHAPES", ("/about",))
    explorer = _explorer()
    assert explorer.route(f"{SITE}/video/a-clip-of-the-day", 1).action == ARTICLE
    assert explorer.route(f"{SITE}/tag/gaza", 1).action == LISTING
    assert explorer.route(f"{SITE}/about", 1).action == DROP
    assert explorer.requests == 0


def test_links_left_waiting_are_probed_again_when_the_crawl_is_idle():
    explorer = _explorer()
    urls = [f"{SITE}/clip/number-{i}-of-the-day" for i in range(5)]
    [explorer.route(u, 1) for u in urls]  # two probes, three waiting
    explorer.answered(urls[0], ARTICLE)  # the second probe never answers (a duplicate request)
    again = explorer.stalled()
    assert [(s.action, s.url) for s in again] == [(PROBE, urls[2])]
    released = explorer.answered(urls[2], ARTICLE)
    assert [(s.action, s.url) for s in released] == [(ARTICLE, u) for u in urls[3:]]
    assert explorer.stalled() == [] and explorer.waiting() == 0
