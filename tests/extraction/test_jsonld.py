"""The JSON-LD layer: schema.org data read between the metadata block and the meta tags."""

import json

import pytest
from tests_support import SEED_URL, drop_meta_tags, drop_metadata, load

from mayadeen.extraction import ArticlePage
from mayadeen.extraction.article import JSON_LD, META_TAGS, METADATA, VISIBLE
from mayadeen.extraction.jsonld import JsonLd

catalog_module = pytest.importorskip("testground.replica.catalog")
from crafted import BASE, expected_with_jsonld, with_jsonld  # noqa: E402

from testground.replica.render import Renderer  # noqa: E402


def _page(*blocks: str, head: str = "", body: str = "<h1>Visible headline</h1>") -> ArticlePage:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    html = f"<html><head>{head}{scripts}</head><body>{body}</body></html>"
    return ArticlePage.from_html(html, SEED_URL)


ARTICLE = {
    "@type": "NewsArticle",
    "headline": "Kazakhstan: 'critical red' level",
    "description": "The lede.",
    "datePublished": "2022-01-07T08:54:00+02:00",
    "dateModified": "2022-01-08T10:00:00+02:00",
    "author": [{"@type": "Person", "name": "Ali Chen"}, {"@type": "Person", "name": "Bilal Rizk"}],
    "articleSection": "Politics",
    "keywords": "Kazakhstan, Almaty,CSTO",
    "image": [{"@type": "ImageObject", "url": "/media/a.jpg?width=1000"}, "/media/b.jpg"],
    "mainEntityOfPage": {"@type": "WebPage", "@id": SEED_URL + "?utm_source=x"},
    "inLanguage": "en",
    "identifier": "1548720",
    "wordCount": "612",
}


def test_every_field_of_a_news_article_alone():
    page = _page(json.dumps(ARTICLE))
    item = page.to_item()
    assert item["title"] == "Kazakhstan: 'critical red' level"
    assert item["summary"] == "The lede."
    assert item["published_at"] == "2022-01-07T08:54:00+02:00"
    assert item["updated_at"] == "2022-01-08T10:00:00+02:00"
    assert item["authors"] == ["Ali Chen", "Bilal Rizk"]
    assert item["section"] == "Politics"
    assert item["tags"] == ["Kazakhstan", "Almaty", "CSTO"]
    assert item["image_url"] == "https://english.almayadeen.net/media/a.jpg?width=1000"
    assert item["url"] == SEED_URL
    assert item["language"] == "en"
    assert item["post_id"] == "1548720"
    assert page.jsonld.word_count() == 612
    for field in ("title", "summary", "published_at", "updated_at", "authors", "section", "tags",
                  "image_url", "url", "language", "post_id"):  # fmt: skip
        assert page.layer_of(field) == JSON_LD, field


@pytest.mark.parametrize(
    "wrap",
    [
        lambda node: [node],
        lambda node: {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, node]},
        lambda node: [{"@type": "BreadcrumbList"}, {"@graph": [node]}],
    ],
    ids=["list", "graph", "graph-in-list"],
)
def test_the_article_is_found_in_a_list_or_a_graph(wrap):
    page = _page(json.dumps(wrap(ARTICLE)))
    assert page.field("title") == ARTICLE["headline"]
    assert page.field("post_id") == "1548720"


def test_several_blocks_and_broken_ones_are_tolerated():
    page = _page(
        "{ not json at all",
        '{"@type": "Organization", "name": "Al Mayadeen English"}',
        "<!--\n" + json.dumps(ARTICLE).replace('"inLanguage"', '\n"inLanguage"') + ",\n-->",
    )
    assert page.field("title") == ARTICLE["headline"]
    assert page.field("language") == "en"


@pytest.mark.parametrize("broken", ["", "null", "[" * 40 + "]", "[" * 5000])
def test_a_page_with_only_broken_json_ld_falls_to_the_next_layer(broken):
    page = _page(broken)
    assert page.field("title") == "Visible headline"
    assert page.layer_of("title") == VISIBLE


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ({"@type": "Person", "name": "Ali Chen"}, ["Ali Chen"]),
        ({"@type": "Organization", "name": "Al Mayadeen English"}, ["Al Mayadeen English"]),
        ("Ali Chen and Bilal Rizk", ["Ali Chen", "Bilal Rizk"]),
        ([{"@type": "Person", "name": "A"}, {"@type": "Organization", "name": "B"}], ["A", "B"]),
        ([{"@type": "Person"}, 5, None], []),
    ],
)
def test_authors_as_person_organization_one_or_a_list(author, expected):
    item = _page(json.dumps(ARTICLE | {"author": author})).to_item()
    assert item["authors"] == expected


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [("a, b,a", ["a", "b"]), (["x", "y", 3], ["x", "y", "3"]), ({"no": 1}, [])],
)
def test_keywords_string_or_list(keywords, expected):
    assert _page(json.dumps(ARTICLE | {"keywords": keywords})).to_item()["tags"] == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://cdn.example/x.jpg", "https://cdn.example/x.jpg"),
        ({"@type": "ImageObject", "contentUrl": "/y.jpg"}, "https://english.almayadeen.net/y.jpg"),
        (["https://cdn.example/z.jpg", "https://cdn.example/w.jpg"], "https://cdn.example/z.jpg"),
        ("javascript:alert(1)", None),
    ],
)
def test_image_as_url_object_or_list(image, expected):
    assert _page(json.dumps(ARTICLE | {"image": image})).to_item()["image_url"] == expected


def test_identifier_as_property_value_and_a_url_on_another_host_is_refused():
    node = ARTICLE | {"identifier": {"@type": "PropertyValue", "value": 1548720},
                      "url": "https://elsewhere.example/x"}  # fmt: skip
    page = _page(json.dumps(node))
    assert page.field("post_id") == "1548720"
    # url (another host) is no address of this page: mainEntityOfPage is not tried after it,
    # the canonical URL falls to the response URL.
    assert page.to_item()["url"] == SEED_URL


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            {
                "@type": "VideoObject",
                "name": "Clip",
                "uploadDate": "2022-01-07T08:54:00+02:00",
                "contentUrl": "https://cdn.example/v.mp4",
                "embedUrl": "https://player.example/e/1",
            },
            "https://cdn.example/v.mp4",
        ),
        (
            {"@type": "VideoObject", "name": "Clip", "embedUrl": "https://player.example/e/1"},
            "https://player.example/e/1",
        ),
        (
            ARTICLE | {"video": {"@type": "VideoObject", "embedUrl": "https://player.example/e/2"}},
            "https://player.example/e/2",
        ),
    ],
)
def test_video_url_from_a_video_object(node, expected):
    page = _page(json.dumps(node))
    assert page.field("video_url") == expected
    assert page.layer_of("video_url") == JSON_LD


def test_a_video_object_alone_gives_title_and_date():
    node = {"@type": "VideoObject", "name": "Clip", "uploadDate": "2022-01-07T08:54:00+02:00"}
    item = _page(json.dumps(node)).to_item()
    assert (item["title"], item["published_at"]) == ("Clip", "2022-01-07T08:54:00+02:00")


def test_an_image_gallery_gives_the_images_of_a_gallery_page():
    gallery = {
        "@type": "ImageGallery",
        "name": "In pictures",
        "associatedMedia": [
            {"@type": "ImageObject", "contentUrl": "https://cdn.example/1.jpg", "caption": "One"},
            {"@type": "ImageObject", "url": "https://cdn.example/2.jpg"},
        ],
    }
    url = "https://english.almayadeen.net/in-pictures/some-gallery"
    html = ('<html><head><script type="application/ld+json">' + json.dumps(gallery)
            + "</script></head><body><h1>In pictures</h1></body></html>")  # fmt: skip
    page = ArticlePage.from_html(html, url)
    assert page.to_item()["images"] == [
        {"url": "https://cdn.example/1.jpg", "caption": "One"},
        {"url": "https://cdn.example/2.jpg", "caption": None},
    ]
    assert page.layer_of("images") == JSON_LD


def test_the_metadata_block_wins_and_json_ld_wins_over_the_meta_tags():
    html = load("seed.html")
    node = ARTICLE | {"headline": "From JSON-LD"}
    block = f'<script type="application/ld+json">{json.dumps(node)}</script>'
    with_block = html.replace("</head>", block + "</head>", 1)
    assert ArticlePage.from_html(with_block, SEED_URL).layer_of("title") == METADATA
    page = ArticlePage.from_html(drop_metadata(with_block), SEED_URL)
    assert (page.field("title"), page.layer_of("title")) == ("From JSON-LD", JSON_LD)
    page = ArticlePage.from_html(drop_metadata(html), SEED_URL)
    assert page.layer_of("title") == META_TAGS
    page = ArticlePage.from_html(drop_meta_tags(drop_metadata(with_block)), SEED_URL)
    assert page.layer_of("title") == JSON_LD


def test_a_page_without_json_ld_has_an_empty_layer():
    assert JsonLd.from_root(_page().root).present is False


@pytest.fixture(scope="module")
def catalog():
    return catalog_module.Catalog(articles=300, seed=1, base_url=BASE)


def test_replica_pages_with_json_ld_instead_of_the_metadata_block_match_the_manifest(catalog):
    renderer, furniture = Renderer(BASE), catalog.furniture()
    mismatches, pages = [], 0
    for article in catalog.iter_articles():
        if not article.variant.has_metadata:
            continue
        html = with_jsonld(renderer.article_page(article, furniture), article)
        page = ArticlePage.from_html(html, article.url(BASE))
        got = dict(page.to_item())
        got.pop("scraped_at")
        expected = expected_with_jsonld(article)
        mismatches += [(article.path, k, got[k], v) for k, v in expected.items() if got[k] != v]
        pages += 1
        assert page.layer_of("post_id") == JSON_LD
    assert pages > 150
    assert mismatches == []
