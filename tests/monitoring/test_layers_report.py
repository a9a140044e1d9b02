"""The layer table of a run (stats mayadeen/layer/<field>/<layer>), its place in the run report,
and the fallback check: a warning naming the profile entry, never a failed run."""

from __future__ import annotations

from scrapy import signals
from scrapy.utils.test import get_crawler

from mayadeen import site
from mayadeen.extensions.batchedstats import BatchedStats
from mayadeen.extraction import ArticlePage
from mayadeen.monitoring import checks
from mayadeen.monitoring.report import RunReport
from mayadeen.spiders.provenance import count_layers, layer_key, layer_table
from testground.replica import anchors
from testground.replica.catalog import Catalog
from testground.replica.render import Renderer

BASE = "http://127.0.0.1:8089"


def crafted_page(renamed: bool) -> tuple[str, str]:
    """The seed article's replica page; ``renamed``: its body container's class renamed."""
    catalog = Catalog(articles=30, seed=1, base_url=BASE)
    article = catalog.article(anchors.SEED_INDEX)
    html = Renderer(BASE).article_page(article, catalog.furniture())
    if renamed:
        container = site.BODY_CONTAINER_SELECTOR.split(".", 1)[1]
        html = html.replace(f'class="{container}"', 'class="story-text"')
    return html, article.url(BASE)


def _layer_stats(**fields: dict[str, int]) -> dict[str, int]:
    return {layer_key(field, layer): n for field, counts in fields.items()
            for layer, n in counts.items()}  # fmt: skip


def test_each_field_counted_by_the_layer_that_gave_it():
    crawler = get_crawler()
    counts = BatchedStats(crawler, every=2)
    for renamed in (False, True, True):
        html, url = crafted_page(renamed)
        count_layers(counts, ArticlePage.from_html(html, url).layers())
    # Added to the stats every 2 items, the rest when the spider closes.
    assert crawler.stats.get_value(layer_key("title", "metadata")) == 2
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    values = crawler.stats.get_stats()
    assert values[layer_key("body", "visible")] == 1
    assert values[layer_key("body", "structure")] == 2
    assert values[layer_key("title", "metadata")] == 3
    assert values[layer_key("region", "metadata")] == 3
    table = layer_table(values)
    assert table["body"] == {"visible": 1, "structure": 2}
    assert all(sum(counts.values()) == 3 for counts in table.values())
    assert "word_count" not in table and "scraped_at" not in table


def test_the_structural_body_on_most_articles_warns_naming_the_container_selector():
    stats = _layer_stats(body={"structure": 412}, title={"metadata": 412})
    check = checks.fallback_layers(stats, checks.Thresholds())
    assert check.status == checks.WARNING and not check.failed
    assert check.message == (
        "BODY_CONTAINER_SELECTOR matched 0 of 412 articles; body came from the structural "
        "fallback (412)"
    )
    assert check.details["fallbacks"]["body"]["matched"] == 0


def test_fields_from_json_ld_instead_of_the_metadata_block_warn_each():
    stats = _layer_stats(
        post_id={"json_ld": 300, "postid_meta": 10},
        title={"json_ld": 300, "meta_tags": 10},
        region={"none": 310},
        video_url={"json_ld": 20, "none": 290},
    )
    check = checks.fallback_layers(stats, checks.Thresholds())
    assert check.status == checks.WARNING
    assert check.message == (
        "METADATA_SELECTOR matched 0 of 310 articles; post_id came from JSON-LD (300), the "
        "postid meta tag (10); METADATA_SELECTOR matched 0 of 310 articles; title came from "
        "JSON-LD (300), the meta tags (10)"
    )


def test_half_or_fewer_from_a_fallback_is_quiet():
    stats = _layer_stats(
        section={"metadata": 190, "meta_tags": 117, "url": 4},
        body={"visible": 274, "none": 37},
        video_url={"meta_tags": 15, "visible": 1, "none": 295},
        title={"metadata": 155, "meta_tags": 155},
    )
    check = checks.fallback_layers(stats, checks.Thresholds())
    assert (check.status, check.message) == (
        checks.PASSED,
        "every field came from its expected layer on most articles",
    )


def test_the_report_prints_the_layer_table_and_the_warning():
    stats = _layer_stats(title={"metadata": 3, "meta_tags": 1}, body={"structure": 4},
                         source={"visible": 2, "none": 2})  # fmt: skip
    results = checks.run_checks(stats, checks.Thresholds(min_articles=0, finish_reasons=("",)))
    report = RunReport.build(stats, results, failed=0)
    assert report.layers == {"title": {"metadata": 3, "meta_tags": 1}, "body": {"structure": 4},
                             "source": {"visible": 2, "none": 2}}  # fmt: skip
    assert report.verdict == "passed"
    text = report.text()
    assert "  [WARNING] fallback_layers: BODY_CONTAINER_SELECTOR matched 0 of 4 articles" in text
    table = text.split("Layers (articles per field, by the layer that gave it):\n")[1]
    assert table.splitlines()[:4] == [
        "  field              metadata meta_tags visible structure  none",
        "  title                     3         1       -         -     -",
        "  source                    -         -       2         -     2",
        "  body                      -         -       -         4     -",
    ]
