"""expected_item: exact values for the seed anchor and the layer fallbacks."""

from __future__ import annotations

import dataclasses

from mayadeen import items
from testground.replica import anchors
from testground.replica.catalog import Catalog
from testground.replica.manifest import expected_item
from testground.replica.model import PageVariant

BASE = "http://127.0.0.1:8089"


def test_seed_item_exact() -> None:
    item = expected_item(anchors.SEED, BASE)
    assert tuple(item) == tuple(f for f in items.ARTICLE_FIELDS if f != "scraped_at")
    assert (
        item["url"]
        == BASE + "/news/politics/kazakhstan---critical-red--level-of-terrorist-threat--order"
    )
    assert item["post_id"] == "1548720"
    assert item["title"] == "Kazakhstan: 'Critical red' level of terrorist threat, order restored"
    assert item["authors"] == ["Al Mayadeen Net"]
    assert item["source"] == "Agencies + Al Mayadeen Net"
    assert item["published_at"] == item["updated_at"] == "2022-01-07T08:54:00+02:00"
    assert (item["section"], item["content_type"]) == ("Politics", "news")
    assert (item["region"], item["coverage"]) == ("Asia", None)
    assert item["tags"] == ["CSTO", "Kassym-Jomart Tokayev", "Almaty", "Oil prices", "Kazakhstan"]
    assert item["image_caption"] == "Riot police in Kazakhstan"
    assert item["body"].startswith("Kazakhstan on Friday imposed a countrywide")
    assert "\n\nTerrorist acts\n\n" in item["body"] and "Related News" not in item["body"]
    assert item["word_count"] == len(item["body"].split())
    assert (item["shares"], item["read_time_minutes"]) == (3, 4)
    assert item["related_urls"] == [
        BASE + "/news/politics/tilting-toward-west--pashinyan-announces-intention-to-exit-c",
        BASE + "/news/politics/armenia-stops-financing-csto-amid-growing-rift",
    ]
    assert (item["video_url"], item["images"], item["language"]) == (None, [], "en")
    assert item["content_hash"] == items.content_hash(item["title"], item["summary"], item["body"])


def test_layer_fallbacks() -> None:
    seed = anchors.SEED
    no_meta = dataclasses.replace(seed, variant=PageVariant(has_metadata=False))
    item = expected_item(no_meta, BASE)
    assert (item["region"], item["coverage"], item["section"]) == (None, None, "Politics")
    bare = dataclasses.replace(
        seed, variant=PageVariant(has_meta_tags=False, metadata_category=False)
    )
    assert expected_item(bare, BASE)["section"] == "Politics"  # site.section_name("politics")
    cat = Catalog(400, seed=1, base_url=BASE)
    art = next(
        cat.article(i)
        for i in range(400)
        if cat.article(i).top == "articles" and cat.article(i).sub is None
    )
    bare = dataclasses.replace(
        art, variant=PageVariant(has_meta_tags=False, metadata_category=False)
    )
    assert (expected_item(bare, BASE)["section"], expected_item(bare, BASE)["content_type"]) == (
        "Articles",
        "news",
    )


def test_gallery_and_video_items() -> None:
    cat = Catalog(400, seed=1, base_url=BASE)
    arts = [cat.article(i) for i in range(400)]
    gallery = next(a for a in arts if a.top == "in-pictures")
    item = expected_item(gallery, BASE)
    assert item["content_type"] == "gallery"
    assert item["images"] == [{"url": i.url, "caption": i.caption} for i in gallery.gallery]
    video = next(a for a in arts if a.top == "videos")
    item = expected_item(video, BASE)
    assert (item["content_type"], item["body"], item["word_count"]) == ("video", "", 0)
    assert item["video_url"] == video.video_url
