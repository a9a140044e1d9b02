"""The catalog: distributions, listings, determinism, the slug collision, advance."""

from __future__ import annotations

import time
from collections import Counter

import fake_anchors
import pytest

from mayadeen import site
from testground.replica import anchors, prose
from testground.replica.catalog import PAGE_SIZE, Catalog

BASE = "http://127.0.0.1:8089"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(articles=2000, seed=1, base_url=BASE)


def test_sizes_and_anchor_merge(catalog: Catalog) -> None:
    assert catalog.size == 2000 + len(anchors.ANCHORS)
    home = catalog.listing_indices("home", "")
    assert len(home) == catalog.size and len(set(home)) == catalog.size
    dates = [catalog.card(i).published for i in home]
    assert dates == sorted(dates, reverse=True)
    assert catalog.by_path(anchors.SEED.path).post_id == anchors.SEED.post_id


def test_distribution(catalog: Catalog) -> None:
    arts = [catalog.article(i) for i in range(2000)]
    kinds = Counter(a.content_type for a in arts)
    assert kinds["news"] > 1000 and set(kinds) == set(site.CONTENT_TYPES)
    share = lambda pred: sum(1 for a in arts if pred(a)) / len(arts)  # noqa: E731
    assert 0.55 < share(lambda a: a.region is not None) < 0.70
    assert 0.30 < share(lambda a: a.coverage is not None) < 0.50
    assert 0.03 < share(lambda a: not a.variant.has_metadata) < 0.08
    assert 0.03 < share(lambda a: not a.variant.has_meta_tags) < 0.08
    assert not any(not a.variant.has_metadata and not a.variant.has_meta_tags for a in arts)
    assert 0.06 < share(lambda a: a.variant.lede_repeated) < 0.14
    assert 0.62 < share(lambda a: a.variant.metadata_category) < 0.76
    assert 0.07 < share(lambda a: not a.tags) < 0.13
    assert 0.16 < share(lambda a: a.source is None) < 0.24
    assert 0.10 < share(lambda a: a.updated != a.published) < 0.20
    assert {a.variant.template for a in arts} == {0, 1, 2}
    assert {a.published.utcoffset().total_seconds() for a in arts} == {7200, 10800}
    assert any(a.top == "articles" and a.sub is None for a in arts)
    assert {b.kind for a in arts for b in a.blocks} == {
        "p",
        "h2",
        "h3",
        "blockquote",
        "tweet",
        "readmore",
        "related",
        "figure",
    }
    personal = [a for a in arts if a.section in ("Opinion", "Analysis")]
    assert all(a.authors[0] not in prose.HOUSE_BYLINES for a in personal)
    assert any(len(a.authors) == 2 for a in personal)
    assert all(a.authors[0] in prose.HOUSE_BYLINES for a in arts if a.top == "news")
    assert all(a.video_url and not a.body_blocks for a in arts if a.top == "videos")
    assert all(a.gallery for a in arts if a.top in ("infographs", "in-pictures"))
    assert all("," not in t for a in arts for t in a.tags)


def test_slug_collision_pair(catalog: Catalog) -> None:
    by_slug: dict[str, set[str]] = {}
    for i in range(2000):
        a = catalog.card(i)
        by_slug.setdefault(a.slug, set()).add(a.title)
    twins = [titles for titles in by_slug.values() if len(titles) > 1]
    assert twins
    a, b = (catalog.by_path(p) for p in catalog._paths if site.slugify(sorted(twins[0])[0]) in p)
    assert a.slug == b.slug and a.title != b.title and a.path != b.path
    assert len(a.slug) == site.SLUG_MAX_LENGTH


def test_pagination_covers_listing_once(catalog: Catalog) -> None:
    for kind, key in [
        ("section", "news/politics"),
        ("region", "asia"),
        ("tag", "csto"),
        ("author", "al-mayadeen-net"),
        ("coverage", "war-on-gaza"),
    ]:
        everything = catalog.listing_indices(kind, key)
        pages, seen, page = None, [], 1
        while True:
            found = catalog.page_indices(kind, key, page)
            if found is None:
                break
            indices, pages = found
            assert len(indices) == PAGE_SIZE or page == pages
            seen += indices
            page += 1
        assert seen == everything and page - 1 == pages
        assert catalog.page_indices(kind, key, pages + 1) is None


def test_listing_articles_belong(catalog: Catalog) -> None:
    listing = catalog.listing("tag", "csto", 1)
    assert listing.title == "CSTO" and listing.path == "/tags/csto"
    assert all("CSTO" in a.tags for a in listing.articles)
    listing = catalog.listing("section", "in-pictures", 1)
    assert listing.load_more_url == "/in-pictures/load-more?page=2" and listing.pages > 1
    assert catalog.listing("section", "in-pictures", 2) is None
    cards, following = catalog.load_more(2)
    assert following == "/in-pictures/load-more?page=3"
    assert [c.index for c in cards] == catalog.listing_indices("section", "in-pictures")[20:40]
    assert catalog.listing("tag", "no-such-tag", 1) is None


def test_months_partition_articles(catalog: Catalog) -> None:
    seen = [i for y, m in catalog.months() for i in catalog.month_indices(y, m)]
    assert sorted(seen) == sorted(catalog.listing_indices("home", ""))
    for y, m in catalog.months()[:5]:
        assert all(
            (a.published.year, a.published.month) == (y, m) for a in catalog.month_articles(y, m)
        )
    assert catalog.months()[0] == (2025, 6) and catalog.months()[-1] == (2021, 7)


def test_determinism() -> None:
    a, b = Catalog(200, seed=5, base_url=BASE), Catalog(200, seed=5, base_url=BASE)
    c = Catalog(200, seed=6, base_url=BASE)
    assert [a.article(i) for i in range(200)] == [b.article(i) for i in range(200)]
    assert [a.title_of(i) for i in range(200)] != [c.title_of(i) for i in range(200)]


def test_advance_adds_new_on_top_and_edits() -> None:
    cat = Catalog(300, seed=2, base_url=BASE, anchors=fake_anchors)
    before_top = cat.listing_indices("home", "")[:5]
    old = {i: cat.article(i) for i in range(300)}
    changes = cat.advance(new=4, edit=3)
    home = cat.listing_indices("home", "")
    assert home[:4] == [303, 302, 301, 300] and home[4:9] == before_top
    assert [c["url"] for c in changes["new"]] == [BASE + cat.path_of(i) for i in home[:4]]
    assert all(cat.card(i).published > old[before_top[0]].published for i in home[:4])
    edited = [i for i in range(300) if cat.article(i) != old[i]]
    assert len(edited) == 3 and len(changes["edited"]) == 3
    for i in edited:
        new = cat.article(i)
        assert new.revision == 1 and new.updated > old[i].updated
        assert new.title == old[i].title and new.published == old[i].published
        if new.top in ("news", "articles"):
            assert new.blocks != old[i].blocks
    ticker = cat.furniture().ticker
    assert len(ticker) == 10 and ticker[0][1] == BASE + cat.path_of(303)
    assert ticker[4][0] == fake_anchors.SEED_TICKER[0]
    twin = Catalog(300, seed=2, base_url=BASE, anchors=fake_anchors)
    assert twin.advance(new=4, edit=3) == changes


def test_prose_is_fast_and_readable() -> None:
    cat = Catalog(500, seed=3, base_url=BASE)
    start = time.perf_counter()
    arts = [cat.article(i) for i in range(500)]
    per_article = (time.perf_counter() - start) / 500
    print(f"full article: {per_article * 1e6:.0f} us")  # measured, not asserted
    text = " ".join(b.text for a in arts for b in a.body_blocks)
    assert "lorem" not in text.lower() and "{" not in text


def test_large_catalog_starts() -> None:
    start = time.perf_counter()
    cat = Catalog(100_000, seed=1, base_url=BASE)
    print(f"100,000-article catalog: {time.perf_counter() - start:.2f}s")  # measured only
    assert cat.size == 100_000 + len(anchors.ANCHORS)
    assert cat.cached == 0
    assert cat.article(99_999).index == 99_999
    # Plain headlines are varied enough: under 1% need the "Day N:" fallback to stay unique.
    numbered = sum(1 for i in range(100_000) if cat.title_of(i).startswith("Day "))
    assert numbered < 1000
