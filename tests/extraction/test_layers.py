"""Each layer can be missing or broken: extraction falls to the next one, with exact values."""

import re

import pytest
from test_extract_seed import SEED_ITEM
from tests_support import drop_meta_tags, drop_metadata, replace_metadata


def _item(page_of, html):
    item = dict(page_of(html).to_item())
    item.pop("scraped_at")
    return item


def _expected(**changes):
    expected = {k: v for k, v in SEED_ITEM.items() if k != "scraped_at"}
    expected.update(changes)
    return expected


def test_without_metadata_meta_tags_and_visible_page_give_the_same_item(page_of, seed_html):
    # Region and coverage live in the metadata only; the rest is carried by the other layers.
    assert _item(page_of, drop_metadata(seed_html)) == _expected(region=None)


def test_without_meta_tags_the_metadata_gives_the_same_item(page_of, seed_html):
    assert _item(page_of, drop_meta_tags(seed_html)) == _expected()


def test_visible_page_alone(page_of, seed_html):
    html = drop_meta_tags(drop_metadata(seed_html))
    # No canonical URL: the response URL (tracking query removed); no updated date; section and
    # content type from the URL path; the tags from the visible tag links; no image (its URL
    # comes from the metadata or og:image only, never guessed from the page's images).
    item = page_of(html, SEED_ITEM["url"] + "?utm_source=x&utm_medium=y").to_item()
    item = dict(item)
    item.pop("scraped_at")
    assert item == _expected(region=None, updated_at=None, image_url=None, image_caption=None)


@pytest.mark.parametrize(
    "broken",
    [
        "{ not json",
        "[1, 2, 3]",
        '"a string"',
        "",
    ],
)
def test_invalid_metadata_falls_to_meta_tags(page_of, seed_html, broken):
    assert _item(page_of, replace_metadata(seed_html, broken)) == _expected(region=None)


def test_wrong_types_in_metadata_fall_to_the_next_layer(page_of, seed_html):
    broken = (
        '{"postid": 1548720, "title": ["x"], "url": null, "keywords": 5, "thumbnail": "",'
        ' "published_time": 20220107, "last_updated": "", "description": {},'
        ' "author": ["A"], "lang": 1,'
        ' "classes": [{"mapping": "category", "value": 3}, "junk",'
        ' {"mapping": "country", "value": "Asia"}]}'
    )
    assert _item(page_of, replace_metadata(seed_html, broken)) == _expected()


def test_metadata_wins_over_meta_tags_where_they_disagree(page_of, seed_html):
    html = re.sub(r'(property="og:title" content=")[^"]*', r"\1Another title", seed_html)
    html = html.replace(
        'property="article:published_time" content="2022-01-07T08:54:00+02:00"',
        'property="article:published_time" content="2022-01-08T10:00:00+02:00"',
    )
    assert _item(page_of, html) == _expected()


def test_wrong_posttype_free_metadata_uses_the_url_for_content_type(page_of, seed_html):
    html = seed_html.replace('"mapping": "posttype"', '"mapping": "nothing"')
    item = page_of(html, SEED_ITEM["url"]).to_item()
    assert item["content_type"] == "news"
