"""Every page kind and variation of the renderer, checked with exact values."""

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from parsel import Selector

from mayadeen import site
from testground.replica import anchors
from testground.replica.model import Block, Image, PageVariant
from testground.replica.render import Listing, Renderer, load_more_token
from testground.replica.render_listing import LOAD_MORE_SCRIPT
from testground.replica.render_markup import TEMPLATES
from testground.replica.textview import visible_text

BASE = "http://127.0.0.1:8089"
RENDERER = Renderer(BASE)
FURNITURE = anchors.seed_furniture()
SEED = anchors.SEED
SEED_URL = BASE + SEED.path
REAL_METADATA = next(
    (p / "shared/real/tawsiyat-metadata-ar-1833596.html")
    for p in Path(__file__).resolve().parents
    if (p / "shared/real/tawsiyat-metadata-ar-1833596.html").is_file()
)


def page(article) -> Selector:
    return Selector(text=RENDERER.article_page(article, FURNITURE))


def variant(article, **changes):
    return dataclasses.replace(article, variant=dataclasses.replace(article.variant, **changes))


def metadata(sel: Selector) -> dict:
    return json.loads(sel.css(site.METADATA_SELECTOR).get())


def own_text(sel: Selector, pattern: re.Pattern) -> list[str]:
    """Normalized texts of the innermost elements in the article whose whole text matches."""
    matching = [
        e for e in sel.css("article *") if pattern.match(e.xpath("normalize-space(.)").get())
    ]
    inner = [e for e in matching if not any(m.root in e.root.iterdescendants() for m in matching)]
    return [e.xpath("normalize-space(.)").get() for e in inner]


OPINION = dataclasses.replace(
    SEED,
    index=-100,
    post_id="1600001",
    posttype="Articles",
    top="articles",
    sub="opinion",
    section="Opinion",
    coverage="War on Gaza",
    authors=("Ali Hassan", "Maya Karim"),
    source=None,
    tags=(),
    image=None,
    shares=None,
    blocks=(
        Block("p", "First paragraph."),
        Block("tweet", "A tweet text", url="https://x.com/someone/status/1"),
        Block("readmore", "Another story", url=BASE + "/news/politics/another-story"),
        Block("h2", "A heading"),
        Block("figure", "An inline photo", url="https://english.almayadeen.net/media/i.jpg"),
        Block("blockquote", "A pull quote."),
        Block("p", "Last paragraph."),
    ),
    related=(),
)


# --- metadata layer ----------------------------------------------------------------------------


def test_metadata_has_exactly_the_real_blocks_keys_and_formatting():
    real_text = Selector(text=REAL_METADATA.read_text()).css(site.METADATA_SELECTOR).get()
    real = json.loads(real_text)
    ours_text = page(SEED).css(site.METADATA_SELECTOR).get()
    ours = json.loads(ours_text)
    assert list(ours) == list(real)
    assert all(list(c) == ["key", "mapping", "value"] for c in ours["classes"])
    assert ours_text.startswith('\n        {\n          "type": "article",\n          "postid": ')
    assert real_text.startswith('\n        {\n          "type": "article",\n          "postid": ')
    assert ours_text.endswith("\n        }") and real_text.endswith("\n        }")
    assert '\n            {\n              "key": "class1",' in ours_text


def test_seed_metadata_values():
    meta = metadata(page(SEED))
    assert meta["postid"] == "1548720"
    assert meta["title"] == "Kazakhstan: 'Critical red' level of terrorist threat, order restored"
    assert meta["url"] == SEED_URL
    # 1548720 % 5 == 0: this post repeats its first tag in keywords (a real quirk)
    assert meta["keywords"] == "CSTO,Kassym-Jomart Tokayev,Almaty,Oil prices,Kazakhstan,CSTO"
    assert meta["thumbnail"] == SEED.image.url
    assert meta["video_duration"] is None
    assert meta["word_count"] == str(len(" ".join(b.text for b in SEED.body_blocks).split()))
    assert meta["lang"] == "en"
    assert meta["published_time"] == meta["last_updated"] == "2022-01-07T08:54:00+02:00"
    assert meta["description"] == SEED.summary
    assert meta["author"] == "Al Mayadeen Net"
    assert meta["classes"] == [
        {"key": "class1", "mapping": "posttype", "value": "News"},
        {"key": "class2", "mapping": "category", "value": "Politics"},
        {"key": "class3", "mapping": "country", "value": "Asia"},
        {"key": "class6", "mapping": "author", "value": "Al Mayadeen Net"},
    ]


def test_metadata_classes_follow_the_variant_and_article():
    meta = metadata(page(variant(OPINION, metadata_category=False)))
    assert meta["classes"] == [
        {"key": "class1", "mapping": "posttype", "value": "Articles"},
        {"key": "class3", "mapping": "country", "value": "Asia"},
        {"key": "class5", "mapping": "coverage", "value": "War on Gaza"},
        {"key": "class6", "mapping": "author", "value": "Ali Hassan and Maya Karim"},
    ]
    assert meta["author"] == "Ali Hassan and Maya Karim"
    assert meta["thumbnail"] == ""
    assert meta["keywords"] == ""


def test_page_without_metadata_keeps_postid_and_meta_tags():
    sel = page(variant(SEED, has_metadata=False))
    assert sel.css("script#tawsiyat-metadata") == []
    assert sel.css(site.POSTID_META_SELECTOR).get() == "1548720"
    assert sel.css(site.META["canonical"]).get() == SEED_URL
    assert sel.css(site.META["language"]).get() == "en"


# --- meta tags layer ---------------------------------------------------------------------------


def test_meta_tags_values():
    sel = page(SEED)
    assert sel.css(site.META["canonical"]).get() == SEED_URL
    assert sel.css(site.META["og_url"]).get() == SEED_URL
    assert sel.css(site.META["title"]).get() == SEED.title
    assert sel.css(site.META["description"]).get() == SEED.summary
    assert sel.css(site.META["description_fallback"]).get() == SEED.summary
    assert sel.css(site.META["image"]).get() == SEED.image.url
    assert sel.css(site.META["published"]).get() == "2022-01-07T08:54:00+02:00"
    assert sel.css(site.META["modified"]).get() == "2022-01-07T08:54:00+02:00"
    assert sel.css(site.META["section"]).get() == "Politics"
    assert sel.css(site.META["tags"]).getall() == list(SEED.tags)
    assert sel.css(site.META["author"]).get() == "Al Mayadeen Net"
    assert sel.css("meta[property='og:type']::attr(content)").get() == "article"
    assert sel.css("meta[property='og:video']") == []


def test_page_without_meta_tags_keeps_metadata_postid_and_lang():
    sel = page(variant(SEED, has_meta_tags=False))
    for selector in site.META.values():
        if selector != site.META["language"]:
            assert sel.css(selector).getall() == [], selector
    assert sel.css(site.META["language"]).get() == "en"
    assert sel.css(site.POSTID_META_SELECTOR).get() == "1548720"
    assert metadata(sel)["postid"] == "1548720"


# --- visible layer -----------------------------------------------------------------------------


@pytest.mark.parametrize("template", range(len(TEMPLATES)))
def test_every_template_carries_every_visible_field(template):
    sel = page(variant(SEED, template=template))
    assert sel.css("h1::text").getall() == [SEED.title]
    assert sel.css(f"{site.LEDE_SELECTOR}::text").getall() == [SEED.summary]
    assert own_text(sel, site.BYLINE_RE) == ["By Al Mayadeen Net"]
    assert own_text(sel, site.SOURCE_RE) == ["Source: Agencies + Al Mayadeen Net"]
    assert own_text(sel, site.VISIBLE_DATE_RE) == ["7 Jan 2022 08:54"]
    assert own_text(sel, site.SHARES_RE) == ["3 Shares"]
    assert own_text(sel, site.READ_TIME_RE) == ["4 Min Read"]
    body = sel.css(site.BODY_CONTAINER_SELECTOR)
    assert len(body) == 1
    direct = body.xpath("./p | ./h2 | ./h3 | ./blockquote")
    texts = [" ".join(e.css("::text").getall()) for e in direct]
    assert [" ".join(t.split()) for t in texts] == [b.text for b in SEED.body_blocks]
    img = sel.xpath(f'//article//img[@src="{SEED.image.url}"]')
    assert img.xpath("@alt").get() == "Riot police in Kazakhstan"
    caption = img.xpath("following-sibling::*[1]//text()").getall()
    assert caption == ["Riot police in Kazakhstan"]
    tag_links = sel.css("a[href^='/tags/']")
    assert tag_links.css("::text").getall() == list(SEED.tags)
    assert tag_links.css("::attr(href)").getall() == [
        "/tags/csto", "/tags/kassym-jomart-tokayev", "/tags/almaty", "/tags/oil-prices",
        "/tags/kazakhstan",
    ]  # fmt: skip
    heading = body.xpath(f'./*//*[normalize-space(text())="{site.RELATED_HEADING}"]')
    assert len(heading) == 1
    box = heading.xpath("..")
    assert box.css("a::attr(href)").getall() == list(SEED.related)
    assert box.css("a::text").getall() == [
        "Tilting toward West, Pashinyan announces intention to exit CSTO",
        "Armenia stops financing CSTO amid growing rift",
    ]


def test_templates_differ_in_class_names_and_structure():
    info_classes = {t.info for t in TEMPLATES}
    assert len(info_classes) == len(TEMPLATES)
    structures = []
    for template in range(len(TEMPLATES)):
        sel = page(variant(SEED, template=template))
        img = sel.xpath(f'//article//img[@src="{SEED.image.url}"]')
        structures.append((img.xpath("name(..)").get(), img.xpath("name(../..)").get()))
    assert structures == [("li", "ul"), ("figure", "article"), ("div", "article")]


def test_template_zero_is_the_seed_layout():
    sel = page(SEED)
    assert sel.css("ul.news-details__info li::text").getall()[-1] == "3 Shares"
    assert sel.css("div.read-time::text").get() == "4 Min Read"
    assert sel.css("ul.news-details__image li button::text").get() == "x"


def test_lede_repeated_is_the_first_body_child():
    sel = page(variant(SEED, lede_repeated=True))
    first = sel.css(f"{site.BODY_CONTAINER_SELECTOR} > *")[0]
    assert first.root.tag == "p"
    assert first.css("::text").get() == SEED.summary
    assert page(SEED).css(f"{site.BODY_CONTAINER_SELECTOR} > p::text").get() != SEED.summary


def test_opinion_two_authors_no_source_no_image_no_tags_and_noise_blocks():
    sel = page(OPINION)
    byline = sel.xpath("//article//*[starts-with(normalize-space(.), 'By ')]")[-1]
    assert " ".join(byline.xpath("normalize-space(.)").getall()) == "By Ali Hassan and Maya Karim"
    assert byline.css("a::attr(href)").getall() == ["/authors/ali-hassan", "/authors/maya-karim"]
    assert own_text(sel, site.SOURCE_RE) == []
    assert own_text(sel, site.SHARES_RE) == []
    assert "Source:" not in visible_text(sel.get())
    assert sel.css("a[href*='/tags/']") == []
    assert sel.css("meta[property='article:tag']") == []
    assert sel.css(site.META["image"]) == []
    assert sel.css(site.META["author"]).get() == "Ali Hassan and Maya Karim"
    children = sel.css(f"{site.BODY_CONTAINER_SELECTOR} > *")
    assert [c.root.tag for c in children] == ["p", "blockquote", "p", "h2", "figure", "blockquote",
                                              "p"]  # fmt: skip
    tweet = children[1]
    assert tweet.attrib["class"] == "twitter-tweet"
    assert tweet.css("a::attr(href)").get() == "https://x.com/someone/status/1"
    assert " ".join(children[2].css("::text").getall()) == "Read more:  Another story"
    assert site.READ_MORE_RE.match(children[2].css("::text").get())
    assert children[4].css("img::attr(src)").get() == "https://english.almayadeen.net/media/i.jpg"
    assert children[4].css("figcaption::text").get() == "An inline photo"
    assert children[5].css("::text").get() == "A pull quote."


VIDEO = dataclasses.replace(
    SEED,
    index=-101,
    post_id="1600002",
    posttype="Videos",
    top="videos",
    sub="newsfeed",
    section="NewsFeed",
    blocks=(),
    related=(),
    video_url="https://english.almayadeen.net/media/video/2024/3/1/clip.mp4",
)


def test_video_page_has_a_player_and_no_text_body():
    sel = page(VIDEO)
    assert sel.css("video source::attr(src)").get() == VIDEO.video_url
    assert sel.css("video::attr(poster)").get() == SEED.image.url
    assert sel.css(f"{site.BODY_CONTAINER_SELECTOR} > *") == []
    assert sel.css("meta[property='og:video']::attr(content)").get() == VIDEO.video_url
    meta = metadata(sel)
    assert meta["type"] == "videoobject"
    assert meta["video_duration"] == str(45 + 1600002 % 600)
    assert meta["word_count"] == "0"


def test_embedded_video_uses_an_iframe():
    embed = dataclasses.replace(VIDEO, video_url="https://www.youtube.com/embed/abc123")
    sel = page(embed)
    assert sel.css("iframe::attr(src)").get() == "https://www.youtube.com/embed/abc123"
    assert sel.css("video") == []


@pytest.mark.parametrize("template", range(len(TEMPLATES)))
def test_gallery_images_with_captions_inside_the_body(template):
    gallery = (
        Image("https://english.almayadeen.net/media/image/2024/1/2/a.jpg", "First photo", "alt 1"),
        Image("https://english.almayadeen.net/media/image/2024/1/2/b.jpg", "Second photo", "alt 2"),
    )
    article = dataclasses.replace(
        SEED, posttype="In Pictures", top="in-pictures", sub=None, section="In Pictures",
        blocks=(), related=(), gallery=gallery, variant=PageVariant(template=template),
    )  # fmt: skip
    body = page(article).css(site.BODY_CONTAINER_SELECTOR)
    found = []
    for img in body.xpath("./*/img"):
        caption = img.xpath("following-sibling::*[1]/text()").get()
        found.append((img.attrib["src"], caption))
    assert found == [(gallery[0].url, "First photo"), (gallery[1].url, "Second photo")]


def test_text_is_escaped():
    nasty = dataclasses.replace(SEED, title='A <b>"quoted"</b> & </script> title')
    html = RENDERER.article_page(nasty, FURNITURE)
    sel = Selector(text=html)
    assert sel.css("h1::text").get() == 'A <b>"quoted"</b> & </script> title'
    assert metadata(sel)["title"] == 'A <b>"quoted"</b> & </script> title'
    assert sel.css(site.META["title"]).get() == 'A <b>"quoted"</b> & </script> title'


# --- furniture ---------------------------------------------------------------------------------


def _furniture(sel: Selector) -> Selector:
    return sel.xpath("//header | //aside | //footer")


def test_furniture_has_no_h1_and_no_tag_links():
    sel = page(SEED)
    furniture = _furniture(sel)
    assert furniture.css("h1") == []
    assert furniture.css("a[href*='/tags/']") == []
    assert len(sel.css("h1")) == 1


def test_furniture_ticker_menu_and_boxes():
    sel = page(SEED)
    assert sel.css(".ticker__item::text").getall() == list(anchors.SEED_TICKER)
    menu = sel.css("nav.main-menu a::attr(href)").getall()
    assert menu[:3] == ["/news", "/news/politics", "/news/economy"]
    listings, live = menu[:-1], menu[-1]
    assert live == "/videos/tv"
    assert all(site.LISTING_PATH_RE.match(h) for h in listings)
    assert len(listings) == 5 + 8 + 4 + 5
    regions = sel.css("ul.regions a::attr(href)").getall()
    assert regions == [f"/region/{seg}" for seg, _ in site.REGIONS]
    most_read = sel.css("aside.most-read h3 a::attr(href)").getall()
    assert most_read == [anchors.by_index(i).path for i in anchors.MOST_READ]
    labels = sel.css("aside.most-read ul li a")
    assert [(a.attrib["href"], a.css("::text").get()) for a in labels][-1] == (
        "/region/mena",
        "MENA",
    )
    assert sel.css("aside.coverage a::attr(href)").getall() == [
        "/coverage",
        "/coverage/war-on-gaza",
    ]
    footer = sel.css("footer a::text").getall()
    assert footer == ["x", "Privacy Policy", "About Us", "Contact Us", "Authors", "Android", "iOS"]


def test_linked_ticker_lines():
    furniture = dataclasses.replace(FURNITURE, ticker=(("Line one", "/news/politics/x"),))
    sel = Selector(text=RENDERER.article_page(SEED, furniture))
    assert sel.css(".ticker__item a::attr(href)").get() == "/news/politics/x"
    assert sel.css(".ticker__item a::text").get() == "Line one"


# --- listings and other pages ------------------------------------------------------------------

ITEMS = tuple(anchors.by_index(i) for i in (-1, -2, -3))


def listing(page_number: int, pages: int = 3, load_more_url=None) -> Selector:
    lst = Listing("Politics", "/news/politics", "section", ITEMS, page_number, pages, load_more_url)
    return Selector(text=RENDERER.listing_page(lst, FURNITURE))


def test_listing_items():
    sel = listing(1)
    items = sel.css(".media-item")
    assert len(items) == 3
    first = items[0]
    assert first.css("h3 a::attr(href)").get() == ITEMS[0].path
    assert first.css("h3 a::text").get() == ITEMS[0].title
    assert first.css("img::attr(alt)").get() == ITEMS[0].image.alt
    assert first.css(".media-caption a::text").get() == "Politics"
    assert first.css(".media-caption span::text").get() == "12 Jun 2025"
    assert items[1].css(".media-caption a::text").get() == "US & Canada"


def test_listing_pagination_links():
    first, middle, last = listing(1), listing(2), listing(3)
    assert first.css("a[rel=prev]") == []
    assert first.css("a[rel=next]::attr(href)").get() == "/news/politics?page=2"
    assert middle.css("a[rel=prev]::attr(href)").get() == "/news/politics"
    assert middle.css("a[rel=next]::attr(href)").get() == "/news/politics?page=3"
    assert last.css("a[rel=prev]::attr(href)").get() == "/news/politics?page=2"
    assert last.css("a[rel=next]") == []
    assert middle.css("link[rel=canonical]::attr(href)").get() == BASE + "/news/politics?page=2"


def test_load_more_listing_has_no_next_link():
    sel = listing(1, load_more_url="/in-pictures/more?page=2")
    assert sel.css("a[rel=next]") == []
    assert sel.css("button.load-more__button::attr(data-url)").get() == "/in-pictures/more?page=2"
    assert "?token=" not in sel.get() and "&token=" not in sel.get()
    assert "fetch(url + sep" in sel.css("script::text").get()


def test_load_more_token_values():
    # Values computed by the script's JavaScript `token` function under Node.
    assert load_more_token("/in-pictures/more?page=2") == "b3c59fa6"
    assert load_more_token("/é/x?page=9") == "95e6e27c"


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_load_more_token_equals_the_scripts_javascript():
    script = LOAD_MORE_SCRIPT.removeprefix("<script>").removesuffix("</script>")
    body = re.search(r"function token\(s\) \{.*?return h.toString\(16\);\n  \}", script, re.S)
    urls = ["/in-pictures/more?page=2", "/in-pictures/more?page=17&x=é"]
    program = body.group(0) + f"\nconsole.log(JSON.stringify({json.dumps(urls)}.map(token)));"
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [load_more_token(u) for u in urls]


def test_listing_fragment_is_just_items():
    html = RENDERER.listing_fragment(ITEMS[:2])
    sel = Selector(text=html)
    assert len(sel.css(".media-item")) == 2
    assert "<html" not in html and "BREAKING" not in html


def test_home_page_sections():
    sections = (("Politics", "/news/politics", ITEMS[:2]), ("Opinion", "/articles/opinion", ()))
    sel = Selector(text=RENDERER.home_page(sections, FURNITURE))
    assert sel.css(".home-block h2 a::text").getall() == ["Politics", "Opinion"]
    assert len(sel.css(".home-block")[0].css(".media-item")) == 2
    assert sel.css("h1") == []


def test_not_found_page_has_furniture():
    sel = Selector(text=RENDERER.not_found_page(FURNITURE))
    assert sel.css("h2::text").get() == "Page not found"
    assert len(sel.css(".ticker__item")) == 10


def test_challenge_page_markers():
    html = RENDERER.challenge_page()
    sel = Selector(text=html)
    assert sel.css("title::text").get() == "Just a moment..."
    assert sel.css("#challenge-running")
    assert "/cdn-cgi/challenge-platform/" in html
    assert "window._cf_chl_opt" in html
    assert sel.css("h1::text").get() == "127.0.0.1:8089"
