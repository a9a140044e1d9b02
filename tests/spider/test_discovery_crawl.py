"""Whole crawls of a site whose URL scheme the profile does not know (crafted_site.py): every
article found once through sitemaps announced in robots.txt and listings of unknown shape, the
shapes learned and reported, non-articles never items, date windows read by file name or not."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from crafted_site import ARTICLES, CraftedSite
from crawl_tools import Crawl, crawl

EXPECTED = sorted(p.path for p in ARTICLES)


def _crawl(site: CraftedSite, workdir: Path, *args: str) -> Crawl:
    return crawl(
        site.base_url, f"sqlite:///{workdir / 'db.sqlite3'}", workdir, "crawl", *args,
        MAYADEEN_REPORTS_DIR=str(workdir / "reports"),
    )  # fmt: skip


def _paths(crawl: Crawl, base_url: str) -> list[str]:
    return sorted(a["url"].removeprefix(base_url) for a in crawl.articles)


def _sitemaps_read(paths: list[str]) -> list[str]:
    return sorted(p for p in set(paths) if "sitemap" in p)


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    """The site (served for the module's tests), its first crawl, the crawl's folder, and the
    paths that crawl asked for."""
    workdir = tmp_path_factory.mktemp("discovery")
    with CraftedSite() as site:
        done = _crawl(site, workdir)
        yield site, done, workdir, list(site.paths)


def test_every_article_once_and_nothing_else(full_crawl):
    site, done, _, _ = full_crawl
    assert _paths(done, site.base_url) == EXPECTED
    assert Counter(a["post_id"] or a["url"] for a in done.articles).most_common(1)[0][1] == 1
    by_path = {p.path: p for p in ARTICLES}
    assert all(a["title"] == by_path[a["url"].removeprefix(site.base_url)].title
               for a in done.articles)  # fmt: skip
    # About, contact, search, the writers' index, tag and writer pages: no item.
    assert done.stats["mayadeen/explore/pages/other"] == 4
    assert "mayadeen/not_article_pages" not in done.stats


def test_sitemaps_through_robots_any_name_gzip_and_no_page_sitemap(full_crawl):
    _, done, _, paths = full_crawl
    assert _sitemaps_read(paths) == [
        "/news-sitemap.xml", "/post-sitemap-2024-03.xml", "/post-sitemap-2024-04.xml.gz",
        "/sitemap_index.xml",
    ]  # fmt: skip
    assert done.stats["mayadeen/sitemaps/no_articles_skipped"] == 1  # page-sitemap.xml


def test_shapes_learned_and_reported(full_crawl):
    _, done, workdir, paths = full_crawl
    stats = done.stats
    for shape in ("/video/<slug>", "/newscast/<n>/<n>/<n>/<slug>", "/story/<slug>"):
        assert stats[f"mayadeen/shapes/article{shape}"] == 12
    assert stats["mayadeen/shapes/article/news/<sub>/<slug>"] == 12
    assert stats["mayadeen/explore/learned/article"] == 3
    # Listings of every pagination form were walked to their last page.
    assert stats["mayadeen/shapes/listing/video"] == 3  # /video, /video/page/2/, /page/3/
    assert stats["mayadeen/shapes/listing/newscast"] == 3
    assert stats["mayadeen/shapes/listing/story"] == 3
    assert stats["mayadeen/shapes/listing/topic/<slug>"] == 3 * 4  # 16 articles per topic
    assert {"/writer/jane-roe?page=5", "/topic/energy?page=4"} <= set(paths)
    # Exploring cost requests, counted: two probes per article shape, one per other page...
    assert stats["mayadeen/explore/requests"] <= 20
    (report,) = (workdir / "reports").glob("*.txt")
    text = report.read_text()
    assert "article URL shapes: /news/<sub>/<slug> 12, " in text
    assert "/video/<slug> 12 (not in the profile)" in text
    assert (
        '  ARTICLE_SHAPES = ["/newscast/<n>/<n>/<n>/<slug>", "/story/<slug>", "/video/<slug>"]\n'
        '  LISTING_SHAPES = ["/topic/<slug>", "/writer/<slug>", "/newscast", "/story", "/video"]\n'
        '  OTHER_SHAPES = ["/about-us", "/contact-us", "/privacy-policy", "/authors", "/about", '
        '"/contact", "/search", "/writers"]\n'
    ) in text


def test_window_reads_only_the_months_it_needs(tmp_path):
    with CraftedSite() as site:
        done = _crawl(site, tmp_path, "-a", "since=2024-04-01", "-a", "until=2024-04-30")
        read = _sitemaps_read(site.paths)
    april = sorted(p.path for p in ARTICLES if p.published.month == 4)
    assert _paths(done, site.base_url) == april
    # The March file is not read; the news sitemap (no month) changed within the window.
    assert read == ["/news-sitemap.xml", "/post-sitemap-2024-04.xml.gz", "/sitemap_index.xml"]
    assert done.stats["mayadeen/sitemaps/outside_window"] == 1


def test_window_reads_every_file_when_names_carry_no_month_and_says_why(tmp_path):
    with CraftedSite(month_names=False) as site:
        done = _crawl(site, tmp_path, "-a", "since=2024-03-20", "-a", "until=2024-04-05")
        read = _sitemaps_read(site.paths)
    window = sorted(p.path for p in ARTICLES
                    if "2024-03-20" <= p.published.date().isoformat() <= "2024-04-05")  # fmt: skip
    assert _paths(done, site.base_url) == window
    # Both monthly files (their names carry no month); the news sitemap holds its last two days
    # only, weeks after the window.
    assert read == ["/post-sitemap1.xml", "/post-sitemap2.xml", "/sitemap_index.xml"]
    assert done.stats["mayadeen/sitemaps/outside_window"] == 1
    log = (tmp_path / "crawl.log").read_text()
    assert "2 sitemap files carry no month in their names" in log
    assert "all of them are read for the date window" in log


def test_a_second_crawl_stops_learned_listings_and_explores_only_what_it_does_not_store(tmp_path):
    with CraftedSite() as site:
        first = _crawl(site, tmp_path)
        second = crawl(
            site.base_url, f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, "second",
            MAYADEEN_REPORTS_DIR=str(tmp_path / "reports"), MAYADEEN_MONITOR_MIN_ARTICLES="0",
        )  # fmt: skip
    assert second.articles == []
    stats = second.stats
    # Stored addresses are articles already: only listing and other shapes are probed again.
    assert stats["mayadeen/explore/requests"] < first.stats["mayadeen/explore/requests"]
    assert "mayadeen/explore/pages/article" not in stats
    # Learned listings stop at their first page: its cards are all stored and old.
    assert stats["mayadeen/incremental/listings_stopped"] >= 3
    assert second.requests < first.requests / 2


def test_with_the_proposed_profile_entries_a_crawl_explores_nothing(full_crawl, tmp_path):
    site, _, workdir, _ = full_crawl
    (text,) = [p.read_text() for p in (workdir / "reports").glob("*.txt")]
    # The report's proposed entries, as they are, in a site profile file.
    _, _, proposal = text.partition("(a MAYADEEN_SITE_PROFILE file, or mayadeen/site.py):\n")
    lines = [line.strip() for line in proposal.split("\n\n")[0].splitlines()]
    assert [line.split(" = ")[0] for line in lines] == [
        "ARTICLE_SHAPES", "LISTING_SHAPES", "OTHER_SHAPES"
    ]  # fmt: skip
    profile = tmp_path / "profile.toml"
    profile.write_text("\n".join(lines) + "\n")
    again = crawl(
        site.base_url, f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, "again",
        MAYADEEN_REPORTS_DIR=str(tmp_path / "reports"), MAYADEEN_SITE_PROFILE=str(profile),
    )  # fmt: skip
    assert _paths(again, site.base_url) == EXPECTED
    assert "mayadeen/explore/requests" not in again.stats
    assert "/about" not in site.paths[len(full_crawl[3]) :]  # OTHER_SHAPES: never fetched
