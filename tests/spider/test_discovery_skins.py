"""The default profile on the replica's URL-scheme skins (testground/replica/skin_urls.py): every
manifest article found once, nothing else, the learned shapes reported, exploration a small share
of the crawl; date-window backfills read the window's sitemap files where names carry months and
say why they read all where they do not."""

from __future__ import annotations

import json
import urllib.request
from collections import Counter

import pytest
from crawl_tools import Crawl, crawl

ARTICLES = 150


def _manifest(base_url: str) -> list[dict]:
    with urllib.request.urlopen(base_url + "/__replica__/manifest.jsonl", timeout=60) as answer:
        return [json.loads(line) for line in answer.read().decode().splitlines() if line]


def _crawl(base_url: str, workdir, *args: str) -> Crawl:
    return crawl(
        base_url, f"sqlite:///{workdir / 'db.sqlite3'}", workdir, "crawl", *args,
        MAYADEEN_REPORTS_DIR=str(workdir / "reports"),
    )  # fmt: skip


def _found(done: Crawl, manifest: list[dict]) -> Counter:
    """Manifest post ids of the crawl's items (an item without a post id by its URL)."""
    by_url = {m["url"]: m["post_id"] for m in manifest}
    return Counter(a["post_id"] or by_url.get(a["url"], a["url"]) for a in done.articles)


@pytest.mark.parametrize(
    ("skin", "learned"),
    [
        (
            "urls-a",
            (
                "/gallery/<slug>",
                "/infographic/<slug>",
                "/newscast/<n>/<n>/<n>/<slug>",
                "/video/<slug>",
            ),
        ),
        ("urls-b", ("/infographics/<slug>", "/photos/<n>/<n>/<slug>")),
        # urls-a's paths with JSON-LD and other class names instead of the default markup.
        (
            "wild",
            (
                "/gallery/<slug>",
                "/infographic/<slug>",
                "/newscast/<n>/<n>/<n>/<slug>",
                "/video/<slug>",
            ),
        ),
    ],
)
def test_default_profile_finds_every_article_of_a_url_skin(replica, tmp_path, skin, learned):
    base_url = replica(articles=ARTICLES, skin=skin)
    manifest = _manifest(base_url)
    done = _crawl(base_url, tmp_path)
    found = _found(done, manifest)
    assert sorted(found) == sorted(m["post_id"] for m in manifest)  # all, nothing else
    assert max(found.values()) == 1
    stats = done.stats
    assert stats["mayadeen/explore/requests"] <= 0.10 * done.requests
    (report,) = (tmp_path / "reports").glob("*.txt")
    text = report.read_text()
    for shape in learned:
        assert stats[f"mayadeen/shapes/article{shape}"] > 0
        assert f"{shape} {stats[f'mayadeen/shapes/article{shape}']} (not in the profile)" in text
    (entry,) = [line for line in text.splitlines() if line.startswith("  ARTICLE_SHAPES = ")]
    assert sorted(json.loads(entry.split(" = ")[1])) == sorted(learned)
    # The report's proposed entries in a site profile file: a second crawl explores nothing
    # and still finds every article once.
    _, _, proposal = text.partition("(a MAYADEEN_SITE_PROFILE file, or mayadeen/site.py):\n")
    lines = [line.strip() for line in proposal.split("\n\n")[0].splitlines()]
    profile = tmp_path / "profile.toml"
    profile.write_text("\n".join(lines) + "\n")
    again = crawl(
        base_url, f"sqlite:///{tmp_path / 'again.sqlite3'}", tmp_path, "again",
        MAYADEEN_REPORTS_DIR=str(tmp_path / "reports-again"), MAYADEEN_SITE_PROFILE=str(profile),
    )  # fmt: skip
    assert "mayadeen/explore/requests" not in again.stats
    found_again = _found(again, manifest)
    assert sorted(found_again) == sorted(m["post_id"] for m in manifest)
    assert max(found_again.values()) == 1


def _window(manifest: list[dict]) -> tuple[str, str, list[str]]:
    """The calendar month of the median article, and the manifest's articles of that month."""
    days = sorted(m["published_at"][:10] for m in manifest)
    month = days[len(days) // 2][:7]
    since, until = f"{month}-01", f"{month}-31"
    return since, until, sorted(m["post_id"] for m in manifest if m["published_at"][:7] == month)


def test_window_on_month_named_sitemaps_reads_only_its_month(replica, tmp_path):
    base_url = replica(articles=ARTICLES, skin="urls-a")
    manifest = _manifest(base_url)
    since, until, expected = _window(manifest)
    done = _crawl(base_url, tmp_path, "-a", f"since={since}", "-a", f"until={until}")
    assert sorted(_found(done, manifest)) == expected
    stats = done.stats
    with urllib.request.urlopen(base_url + "/feeds/sitemap-index.xml", timeout=60) as answer:
        months = answer.read().decode().count("/feeds/post-sitemap-")
    # The index, the month's file and the news sitemap robots.txt names (its pages, all newer
    # than the window, are skipped by their publication dates): nothing else.
    assert stats["mayadeen/sitemaps/read"] == 3
    # Every other month's file, and the index's entry for the news sitemap (its lastmod weeks
    # after the window), skipped unread.
    assert stats["mayadeen/sitemaps/outside_window"] == (months - 1) + 1
    assert "mayadeen/drop/out_of_window" not in stats
    assert "carry no month" not in (tmp_path / "crawl.log").read_text()


def test_window_on_numbered_sitemaps_reads_what_it_cannot_rule_out_and_says_why(replica, tmp_path):
    base_url = replica(articles=ARTICLES, skin="urls-b")
    manifest = _manifest(base_url)
    since, until, expected = _window(manifest)
    done = _crawl(base_url, tmp_path, "-a", f"since={since}", "-a", f"until={until}")
    assert sorted(_found(done, manifest)) == expected
    unknown = done.stats["mayadeen/sitemaps/window_unknown"]
    assert unknown >= 1
    log = (tmp_path / "crawl.log").read_text()
    assert f"{unknown} sitemap files carry no month in their names" in log
    assert "all of them are read for the date window" in log
