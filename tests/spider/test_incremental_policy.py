"""IncrementalPolicy alone: what a run fetches given a hand-made memory (no crawl, no database)."""

from datetime import datetime

import pytest

from mayadeen.spiders.incremental import IncrementalPolicy, parse_lastmod
from mayadeen.storage.memory import CrawlMemory, StoredArticle

BASE = "https://english.almayadeen.net"
NEWEST = BASE + "/news/politics/newest"  # published 2025-06-12 12:00 +03:00: the site's "now"
FRESH = BASE + "/news/politics/fresh"  # 2 days older: inside the 3-day revisit window
OLD = BASE + "/news/politics/old"  # 2025-05-01, updated 2025-05-03
UNKNOWN = BASE + "/news/politics/unknown"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def memory() -> CrawlMemory:
    stored = {
        NEWEST: StoredArticle(_at("2025-06-12T12:00:00+03:00"), _at("2025-06-12T12:00:00+03:00")),
        FRESH: StoredArticle(_at("2025-06-10T12:00:00+03:00"), _at("2025-06-10T12:00:00+03:00")),
        OLD: StoredArticle(_at("2025-05-01T08:00:00+03:00"), _at("2025-05-03T09:30:00+03:00")),
    }
    baseline = {(2025, 5): _at("2025-05-03T09:30:00+03:00")}
    return CrawlMemory(stored, complete=True, month_baseline=baseline)


def test_parse_lastmod_accepts_w3c_datetimes_and_refuses_the_rest():
    assert parse_lastmod("2025-05-03T09:30:00Z") == _at("2025-05-03T09:30:00+00:00")
    assert parse_lastmod(" 2025-05-03T09:30:00+03:00 ") == _at("2025-05-03T09:30:00+03:00")
    assert parse_lastmod("2025-05-03T09:30:00") is None  # naive: cannot be compared
    assert parse_lastmod("yesterday") is None
    assert parse_lastmod("") is None and parse_lastmod(None) is None


def test_an_empty_memory_fetches_everything():
    policy = IncrementalPolicy(CrawlMemory())
    assert policy.enabled is False and policy.cutoff is None
    assert policy.wants_article(OLD) and policy.wants_sitemap_article(OLD, "2020-01-01T00:00:00Z")
    assert policy.wants_month(2025, 5, "2020-01-01T00:00:00Z")
    assert policy.follows_listing([OLD]) and policy.follows_tags(OLD)
    assert IncrementalPolicy.full().enabled is False


def test_revisit_window_is_measured_from_the_newest_stored_article(memory):
    policy = IncrementalPolicy(memory, revisit_days=3)
    assert policy.cutoff == _at("2025-06-09T12:00:00+03:00")
    assert [policy.wants_article(u) for u in (NEWEST, FRESH, OLD, UNKNOWN)] == [
        True, True, False, True
    ]  # fmt: skip
    # A shorter window leaves the 2-day-old article alone.
    assert IncrementalPolicy(memory, revisit_days=1).wants_article(FRESH) is False


def test_sitemap_articles_are_refetched_only_when_lastmod_is_newer(memory):
    policy = IncrementalPolicy(memory)
    assert policy.wants_sitemap_article(OLD, "2025-05-03T06:30:00Z") is False  # same instant
    assert policy.wants_sitemap_article(OLD, "2025-05-03T06:30:01Z") is True
    assert policy.wants_sitemap_article(OLD, None) is True  # no lastmod: cannot tell
    assert policy.wants_sitemap_article(OLD, "not a date") is True
    assert policy.wants_sitemap_article(UNKNOWN, "2000-01-01T00:00:00Z") is True


def test_months_are_skipped_only_when_a_whole_site_run_vouches_for_them(memory):
    policy = IncrementalPolicy(memory)
    assert policy.wants_month(2025, 5, "2025-05-03T09:30:00+03:00") is False
    assert policy.wants_month(2025, 5, "2025-05-04T00:00:00+03:00") is True
    assert policy.wants_month(2025, 4, "2025-04-01T00:00:00+03:00") is True  # no baseline
    assert policy.wants_month(2025, 5, None) is True
    memory.complete = False  # the last whole-site run did not finish: every month is checked
    assert IncrementalPolicy(memory).wants_month(2025, 5, "2025-05-03T09:30:00+03:00") is True


def test_listings_are_followed_while_a_page_can_hold_something_to_fetch(memory):
    policy = IncrementalPolicy(memory)
    assert policy.follows_listing([NEWEST, FRESH]) is True  # all within the window
    assert policy.follows_listing([NEWEST, OLD]) is False  # the oldest card is stored and old
    assert policy.follows_listing([OLD, UNKNOWN]) is True  # an unknown article
    assert policy.follows_listing([]) is True  # an empty page says nothing: go on


def test_tags_are_walked_from_newly_found_articles_only(memory):
    policy = IncrementalPolicy(memory)
    assert policy.follows_tags(UNKNOWN) is True
    assert policy.follows_tags(NEWEST) is False
