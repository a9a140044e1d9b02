"""The body found by structure where the configured container is absent or far too short, and
the pages whose container and lede class names differ: every field exact against the manifest."""

import re

import pytest
from tests_support import SEED_URL

from mayadeen.extraction import ArticlePage
from mayadeen.extraction.article import STRUCTURE, VISIBLE

catalog_module = pytest.importorskip("testground.replica.catalog")
from crafted import BASE, expected_with_jsonld, renamed, with_jsonld  # noqa: E402

from bench.extraction_bench import token_f1  # noqa: E402
from testground.replica import anchors, manifest  # noqa: E402
from testground.replica.render import Renderer  # noqa: E402


@pytest.fixture(scope="module")
def catalog():
    return catalog_module.Catalog(articles=300, seed=1, base_url=BASE)


@pytest.fixture(scope="module")
def rendered(catalog):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    return [(article, renderer.article_page(article, furniture))
            for article in catalog.iter_articles()]  # fmt: skip


def _item(html: str, url: str) -> dict:
    item = dict(ArticlePage.from_html(html, url).to_item())
    item.pop("scraped_at")
    return item


def _compare(pages):
    """(mismatches, mean body F1 over pages with a body, pages)."""
    mismatches, f1s = [], []
    for article, html, expected in pages:
        got = _item(html, article.url(BASE))
        mismatches += [(article.path, k, got[k], v) for k, v in expected.items() if got[k] != v]
        if expected["body"]:
            f1s.append(token_f1(got["body"], expected["body"]))
    return mismatches, sum(f1s) / len(f1s)


def test_container_and_lede_renamed_every_field_exact(rendered):
    pages = [(a, renamed(html), manifest.expected_item(a, BASE)) for a, html in rendered]
    mismatches, f1 = _compare(pages)
    assert mismatches == []
    assert f1 == 1.0


def test_container_and_lede_renamed_and_json_ld_instead_of_metadata(rendered):
    pages = [
        (a, with_jsonld(renamed(html), a), expected_with_jsonld(a))
        for a, html in rendered
        if a.variant.has_metadata
    ]
    mismatches, f1 = _compare(pages)
    assert mismatches == []
    assert f1 == 1.0


def _wrapped_in_sections(html: str) -> str:
    """The renamed container's children regrouped: every paragraph in its own wrapper div,
    the whole inside one more div (other nesting, same text)."""
    html = re.sub(r"<p>(.*?)</p>", r'<div class="para"><p>\1</p></div>', html)
    return html.replace('<div class="article-body__text">',
                        '<div class="article-body"><div class="article-body__text">', 1
                        ).replace("</div><ul", "</div></div><ul", 1)  # fmt: skip


def test_other_nesting_of_the_body(rendered):
    pages = [
        (a, _wrapped_in_sections(renamed(html)), manifest.expected_item(a, BASE))
        for a, html in rendered[:120]
    ]
    mismatches, f1 = _compare(pages)
    assert [m for m in mismatches if m[1] == "body"] == []
    assert f1 == 1.0


FURNITURE = (
    '<div class="newsletter-signup"><p>Subscribe to our newsletter and get the day\'s top '
    "stories from the region delivered to your inbox every morning.</p></div>"
    '<div class="ad-slot"><p>Advertisement</p></div>'
    '<aside class="inline-promo"><p>Download our app for the latest breaking news alerts from '
    "Al Mayadeen English.</p></aside>"
)


def test_furniture_inside_the_body_is_left_out(catalog):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)
    html = renamed(renderer.article_page(seed, furniture))
    # The furniture after the body's second paragraph.
    html = re.sub(r"(<div class=\"article-body__text\">(?:<p>.*?</p>){2})", r"\1" + FURNITURE,
                  html, count=1)  # fmt: skip
    assert "Subscribe to our newsletter" in html
    page = ArticlePage.from_html(html, seed.url(BASE))
    assert page.body_layer == STRUCTURE
    assert page.to_item()["body"] == manifest.expected_item(seed, BASE)["body"]


def test_a_container_far_shorter_than_declared_gives_way_to_the_structure(catalog):
    # The container closes after the first paragraph; the rest of the body follows it.
    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)
    html = renderer.article_page(seed, furniture)
    html = re.sub(r'(<div class="p-content"><p>.*?</p>)', r"\1</div><div>", html, count=1)
    page = ArticlePage.from_html(html, seed.url(BASE))
    expected = manifest.expected_item(seed, BASE)
    assert page.body_layer == STRUCTURE
    assert page.to_item()["body"] == expected["body"]
    # Turned off (a ratio of 0): the configured container's single paragraph.
    page = ArticlePage.from_html(html, seed.url(BASE), body_ratio=0)
    assert page.body_layer == VISIBLE
    assert page.body_blocks() == expected["body"].split("\n\n")[:1]


def test_a_page_without_paragraphs_has_an_empty_body():
    html = "<html><body><h1>Title</h1><p>7 Jan 2022 08:54</p><nav><p>Menu text</p></nav></body>"
    page = ArticlePage.from_html(html + "</html>", SEED_URL)
    assert page.body_container is None
    assert page.to_item()["body"] == ""
    assert page.layer_of("body") is None


def test_a_gallery_slide_counter_is_no_part_of_a_caption(catalog):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    gallery = next(a for a in catalog.iter_articles() if len(a.gallery) > 2)
    html = renderer.article_page(gallery, furniture)
    count = len(gallery.gallery)
    for number, image in enumerate(gallery.gallery, 1):
        if image.caption:
            html = html.replace(f"{image.caption}<", f"{number} / {count} {image.caption}<", 1)
    assert f"1 / {count}" in html or f"2 / {count}" in html
    assert _item(html, gallery.url(BASE))["images"] == manifest.expected_item(gallery,
                                                                              BASE)["images"]


def test_json_ld_word_count_declares_the_body_where_no_metadata_block_does(catalog):
    # The JSON-LD page (no metadata block) whose container closes after its first paragraph:
    # JSON-LD's wordCount says the container is far too short, the structure finds the rest.
    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)
    html = with_jsonld(renderer.article_page(seed, furniture), seed)
    html = html.replace('"identifier"', '"wordCount": 578, "identifier"', 1)
    cut = re.sub(r'(<div class="p-content"><p>.*?</p>)', r"\1</div><div>", html, count=1)
    page = ArticlePage.from_html(cut, seed.url(BASE))
    assert page.metadata.present is False and page.declared_word_count() == 578
    assert page.body_layer == STRUCTURE
    assert page.to_item()["body"] == manifest.expected_item(seed, BASE)["body"]
    # Without a declared count the configured container is taken at its word.
    bare = ArticlePage.from_html(cut.replace('"wordCount": 578, ', ""), seed.url(BASE))
    assert bare.declared_word_count() is None and bare.body_layer == VISIBLE


def test_the_profile_switches_the_structure_off(catalog, tmp_path):
    """BODY_STRUCTURE_FALLBACK = false (a profile file): the configured container alone, even
    where it matches nothing (the body is then empty) or holds far fewer words than declared."""
    from mayadeen.profile import apply_profile, load_profile, reset_profile

    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)
    html = renderer.article_page(seed, furniture)
    short = re.sub(r'(<div class="p-content"><p>.*?</p>)', r"\1</div><div>", html, count=1)
    expected = manifest.expected_item(seed, BASE)
    profile = tmp_path / "profile.toml"
    profile.write_text('BODY_CONTAINER_SELECTOR = "div.nowhere"\nBODY_STRUCTURE_FALLBACK = false\n')
    apply_profile(load_profile(profile))
    try:
        page = ArticlePage.from_html(html, seed.url(BASE))
        assert page.body_container is None
        assert page.to_item()["body"] == ""
        apply_profile(load_profile(profile) | {"BODY_CONTAINER_SELECTOR": "div.p-content"})
        page = ArticlePage.from_html(short, seed.url(BASE))
        assert page.body_layer == VISIBLE
        assert page.body_blocks() == expected["body"].split("\n\n")[:1]
    finally:
        reset_profile()
    # Back on (site.py's default): the same wrong container gives way to the structure.
    apply_profile({"BODY_CONTAINER_SELECTOR": "div.nowhere"})
    try:
        page = ArticlePage.from_html(html, seed.url(BASE))
        assert page.body_layer == STRUCTURE
        assert page.to_item()["body"] == expected["body"]
    finally:
        reset_profile()
