"""The live check's report on saved pages (rendered by the replica with and without each layer),
and the whole check against a running replica and against an address nobody answers."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import lxml.html
import pytest

from mayadeen.livecheck import facts
from mayadeen.livecheck.__main__ import main
from testground.replica import anchors
from testground.replica.catalog import Catalog
from testground.replica.process import PACKAGE_ROOT, ReplicaProcess, free_port, scrapy_env
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8089"


@pytest.fixture(scope="module")
def seed_page():
    """render(has_metadata=..., has_meta_tags=...) -> (html bytes, url) of the seed article."""
    catalog = Catalog(articles=30, seed=1, base_url=BASE)
    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)

    def render(**layers: bool) -> tuple[bytes, str]:
        article = dataclasses.replace(seed, variant=dataclasses.replace(seed.variant, **layers))
        return renderer.article_page(article, furniture).encode("utf-8"), article.url(BASE)

    return render


def _held(report: dict) -> dict[str, bool]:
    return {f["name"]: f["held"] for f in report["facts"]}


def test_every_layer_present(seed_page):
    report = facts.article_report(*seed_page())
    layers = report["layers"]
    assert {f for f, layer in layers.items() if layer == "metadata"} == {
        "url", "post_id", "title", "summary", "authors", "published_at", "updated_at",
        "section", "content_type", "region", "tags", "image_url", "language",
    }  # fmt: skip
    assert {f for f, layer in layers.items() if layer == "visible"} == {
        "source", "image_caption", "body", "read_time_minutes", "shares", "related_urls",
    }  # fmt: skip
    assert all(_held(report).values())


def test_without_metadata_the_meta_tags_give_the_fields(seed_page):
    report = facts.article_report(*seed_page(has_metadata=False))
    layers = report["layers"]
    assert layers["title"] == layers["published_at"] == layers["tags"] == "meta_tags"
    assert layers["post_id"] == "postid_meta"
    assert layers["content_type"] == "url" and layers["region"] is None
    held = _held(report)
    assert [name for name, ok in held.items() if ok is False] == ["metadata JSON block present"]
    assert held["body words near the metadata word_count"] is None  # nothing declared


def test_visible_page_alone(seed_page):
    report = facts.article_report(*seed_page(has_metadata=False, has_meta_tags=False))
    layers = report["layers"]
    assert layers["title"] == layers["published_at"] == layers["authors"] == "visible"
    assert layers["summary"] == layers["tags"] == "visible"
    assert layers["url"] == layers["section"] == "url"
    assert layers["updated_at"] is None and layers["image_url"] is None
    assert layers["language"] == "meta_tags"  # <html lang> is always there
    assert [name for name, ok in _held(report).items() if ok is False] == [
        "metadata JSON block present", "meta tags present (canonical, og:title)",
    ]  # fmt: skip


def test_body_length_against_the_declared_word_count(seed_page):
    body, url = seed_page()
    whole = {f["name"]: f for f in facts.article_report(body, url)["facts"]}
    assert whole["body words near the metadata word_count"]["evidence"] == (
        "578 extracted, 578 declared"
    )
    # The body cut after its first paragraph, the document still whole: the fact fails. (The
    # paragraphs are gone from the page: had they only moved out of the container, the body
    # found by structure would hold them.)
    root = lxml.html.fromstring(body)
    container = root.xpath("//div[@class = 'p-content']")[0]
    for child in container[1:]:
        container.remove(child)
    cut = lxml.html.tostring(root)
    report = {f["name"]: f for f in facts.article_report(cut, url)["facts"]}
    fact = report["body words near the metadata word_count"]
    assert (fact["held"], fact["evidence"]) == (False, "29 extracted, 578 declared")


def test_layer_counts_and_summary(seed_page):
    pages = [facts.article_report(*seed_page(**layers))
             for layers in ({}, {"has_metadata": False}, {"has_meta_tags": False})]  # fmt: skip
    counts = facts.layer_counts(pages)
    assert counts["title"] == {"metadata": 2, "meta_tags": 1}
    assert counts["region"] == {"metadata": 2, "none": 1}
    folded = facts.summarize([facts.Fact(**f) for page in pages for f in page["facts"]])
    metadata = next(f for f in folded if f.name == "metadata JSON block present")
    assert (metadata.held, metadata.evidence) == (
        False, "2 of 3 pages; e.g. script#tawsiyat-metadata missing",
    )  # fmt: skip


def test_sitemap_and_robots_facts():
    index = (b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
             b'schemas/sitemap/0.9"><sitemap><loc>https://x/sitemaps/all/sitemap-2024-03.xml</loc>'
             b"</sitemap></sitemapindex>")  # fmt: skip
    held = {f.name: f.held for f in facts.sitemap_index_facts(index)}
    assert held == {
        "sitemap index is a <sitemapindex>": True,
        "monthly sitemaps /sitemaps/all/sitemap-YYYY-M.xml": True,
        "sitemap month not zero-padded": False,
    }
    robots = facts.robots_facts("User-agent: *\nDisallow: /news/\n", "https://x")
    assert [(f.held, f.evidence) for f in robots] == [
        (False, "refused: https://x/news/politics"), (False, "no Sitemap: line"),
    ]  # fmt: skip


def test_live_check_against_the_replica(tmp_path, capsys):
    with ReplicaProcess(articles=40, seed=2) as replica:
        code = main(["--base-url", replica.base_url, "--delay", "0", "--output", str(tmp_path)])
    assert code == 0
    (folder,) = tmp_path.iterdir()
    saved = sorted(p.name for p in folder.iterdir())
    assert saved == [
        "article-1.html", "article-2.html", "article-3.html", "home.html", "listing.html",
        "report.json", "report.txt", "robots.txt", "sitemap-index.xml",
    ]  # fmt: skip
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert report["held"] is True
    assert len(report["facts"]) == 28 and all(f["held"] for f in report["facts"])
    assert sum(report["layers"]["title"].values()) == 3
    assert "every fact held" in capsys.readouterr().out


def test_unreachable_site_fails_cleanly(tmp_path):
    port = free_port()  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "mayadeen.livecheck", "--base-url", f"http://127.0.0.1:{port}",
         "--delay", "0", "--output", str(tmp_path)],
        cwd=PACKAGE_ROOT, env=scrapy_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"live check: cannot reach 127.0.0.1:{port} (http://127.0.0.1:{port}/robots.txt: "
        f"[Errno 111] Connection refused). No network access to the site from this machine? "
        f"Nothing was checked; pages saved so far: {next(tmp_path.iterdir())}\n"
    )
