"""`calibrate`: pages whose markup differs from the profile yield the entries that fit them."""

from __future__ import annotations

import dataclasses
import json
import tomllib

import pytest

from mayadeen.calibrate.__main__ import EXIT_FITS, main
from mayadeen.calibrate.proposals import SavedPage, propose, proposed_entries
from mayadeen.profile import load_profile
from testground.replica import anchors
from testground.replica.catalog import Catalog
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8089"


@pytest.fixture(scope="module")
def pages():
    """Five news articles of the replica with metadata, as the default markup renders them."""
    catalog = Catalog(articles=60, seed=1, base_url=BASE)
    renderer, furniture = Renderer(BASE), catalog.furniture()
    chosen = [catalog.article(anchors.SEED_INDEX)]
    for article in catalog.iter_articles():
        if len(chosen) == 5:
            break
        if (article.top == "news" and article.variant.has_metadata and article.shares
                and article.index != anchors.SEED_INDEX):
            chosen.append(article)
    return [
        SavedPage(a.url(BASE), renderer.article_page(dataclasses.replace(a), furniture))
        for a in chosen
    ]


def _reskinned(page: SavedPage) -> SavedPage:
    """Another CMS theme: other classes for body and lede, another date spelling, counters on
    one line in lower case."""
    html = (page.html.replace('class="p-content"', 'class="article-text"')
            .replace('class="lg_para summary"', 'class="standfirst"'))  # fmt: skip
    html = html.replace(' Shares</li>', ' shares</li>')
    return SavedPage(page.url, html)


def test_the_default_markup_fits_the_profile(pages):
    proposals = propose(pages)
    assert proposed_entries(proposals) == {}
    by_key = {p.key: p for p in proposals}
    assert by_key["BODY_CONTAINER_SELECTOR"].proposed == "div.p-content"
    assert by_key["LEDE_SELECTOR"].proposed == "p.lg_para.summary"


def test_other_classes_are_found_with_their_evidence(pages):
    proposals = {p.key: p for p in propose([_reskinned(p) for p in pages])}
    body, lede = proposals["BODY_CONTAINER_SELECTOR"], proposals["LEDE_SELECTOR"]
    assert (body.current, body.proposed) == ("div.p-content", "div.article-text")
    assert (lede.current, lede.proposed) == ("p.lg_para.summary", "p.standfirst")
    assert "/html/body/main/article/" in body.evidence[0]  # the element's path
    assert proposals["SHARES_RE"].changed  # "9 shares": the default wants "Shares"
    assert proposals["SHARES_RE"].proposed == r"^\s*(?i:(?P<n>[\d,]+)\s+Shares?)\s*$"


def test_the_written_profile_loads(tmp_path, pages, monkeypatch):
    from mayadeen.calibrate import __main__ as calibrate

    entries = proposed_entries(propose([_reskinned(p) for p in pages]))
    path = tmp_path / "profile.toml"
    calibrate.write_profile({k: v for k, v in entries.items()}, path, BASE)
    loaded = load_profile(path)
    assert loaded["BODY_CONTAINER_SELECTOR"] == "div.article-text"
    assert loaded["LEDE_SELECTOR"] == "p.standfirst"
    assert tomllib.loads(path.read_text())  # a TOML file a person can read and edit


def test_calibrating_the_replica(replica, tmp_path, capsys):
    base = replica(articles=60)
    code = main(["--base-url", base, "--delay", "0", "--articles", "3",
                 "--output", str(tmp_path)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == EXIT_FITS, out
    assert "The current profile fits these pages" in out
    (folder,) = tmp_path.iterdir()
    assert (folder / "robots.txt").is_file()
    report = json.loads((folder / "report.json").read_text())
    assert len(report["articles"]) == 3
    assert report["layers"]["metadata block (METADATA_SELECTOR)"] == 3
    assert "schema.org JSON-LD" not in report["layers"]


# What each markup skin of the replica (testground/replica/skins.py) really uses.
SKIN_MARKUP = {
    "jsonld": ("div.p-content", "p.lg_para.summary"),
    "bare": ("div.p-content", "p.lg_para.summary"),
    "classes": ("div.article-body__text", "div.standfirst"),
    "classes-b": ("section.entry-content", "p.excerpt"),
    "wild": ("div.rich-text", "h2.article-dek"),
}


@pytest.mark.parametrize("skin", sorted(SKIN_MARKUP))
def test_calibrate_proposes_each_skins_body_and_lede(replica, tmp_path, skin):
    base = replica(articles=60, skin=skin)
    main(["--base-url", base, "--delay", "0", "--articles", "3", "--output", str(tmp_path)])
    (folder,) = tmp_path.iterdir()
    report = json.loads((folder / "report.json").read_text())
    proposed = {p["key"]: p["proposed"] for p in report["proposals"]}
    assert (proposed["BODY_CONTAINER_SELECTOR"], proposed["LEDE_SELECTOR"]) == SKIN_MARKUP[skin]
    layers = report["layers"]  # which structured layers the skin's pages carry
    assert ("schema.org JSON-LD" in layers) == (skin in ("jsonld", "wild"))
    assert ("metadata block (METADATA_SELECTOR)" in layers) == (skin in ("classes", "classes-b"))
    if report["profile"]:
        assert set(load_profile(folder / "profile.toml")) == set(report["profile"])
