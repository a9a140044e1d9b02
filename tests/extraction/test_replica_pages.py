"""Every replica article page, rendered, extracts to exactly the manifest's item.

The replica's manifest (`expected_item`) applies the issue's field rules to what each page
carries; extraction must agree on every field, on every template and layer variation.
"""

import dataclasses

import pytest

from mayadeen import site
from mayadeen.extraction import ArticlePage

catalog_module = pytest.importorskip("testground.replica.catalog")
manifest = pytest.importorskip("testground.replica.manifest")
from testground.replica import anchors  # noqa: E402
from testground.replica.render import Renderer  # noqa: E402

BASE = "http://127.0.0.1:8089"


@pytest.fixture(scope="module")
def catalog():
    return catalog_module.Catalog(articles=300, seed=1, base_url=BASE)


def _extracted(renderer, furniture, article) -> dict:
    html = renderer.article_page(article, furniture)
    item = dict(ArticlePage.from_html(html, article.url(BASE)).to_item())
    assert item.pop("scraped_at")
    return item


def test_every_catalog_page_matches_the_manifest(catalog):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    mismatches = []
    seen = set()
    for article in catalog.iter_articles():
        variant = article.variant
        seen.add(("template", variant.template))
        seen.add(("content_type", article.content_type))
        seen.add(("layers", variant.has_metadata, variant.has_meta_tags))
        seen.add(("lede_repeated", variant.lede_repeated))
        seen.add(("metadata_category", variant.metadata_category))
        seen.update(("noise", b.kind) for b in article.blocks)
        expected = manifest.expected_item(article, BASE)
        got = _extracted(renderer, furniture, article)
        mismatches += [(article.path, k, got[k], v) for k, v in expected.items() if got[k] != v]
    assert mismatches == []
    # The catalog exercised every variation the extraction must survive.
    assert {("template", t) for t in (0, 1, 2)} <= seen
    assert {("content_type", c) for c in site.CONTENT_TYPES} <= seen
    assert {("layers", True, True), ("layers", False, True), ("layers", True, False)} <= seen
    assert {("lede_repeated", True), ("metadata_category", False)} <= seen
    assert {("noise", k) for k in ("tweet", "readmore", "related", "figure")} <= seen


@pytest.mark.parametrize("template", [0, 1, 2])
@pytest.mark.parametrize(
    "layers",
    [
        {},
        {"has_metadata": False},
        {"has_meta_tags": False},
        {"lede_repeated": True},
        {"metadata_category": False, "has_meta_tags": False},
    ],
)
def test_seed_article_in_every_template_and_layer_variant(catalog, template, layers):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    seed = catalog.article(anchors.SEED_INDEX)
    variant = dataclasses.replace(seed.variant, template=template, **layers)
    article = dataclasses.replace(seed, variant=variant)
    assert _extracted(renderer, furniture, article) == manifest.expected_item(article, BASE)
