"""Other visible templates, a video page and a gallery: every field, exactly."""

from tests_support import drop_metadata, load

from mayadeen import items
from mayadeen.extraction import ArticlePage

SITE = "https://english.almayadeen.net"


def _item(name: str, url: str, html: str | None = None) -> dict:
    item = dict(ArticlePage.from_html(html or load(name), url).to_item())
    assert item.pop("scraped_at")
    return item


def _with_hash(item: dict) -> dict:
    item["content_hash"] = items.content_hash(item["title"], item["summary"], item["body"])
    item["word_count"] = items.word_count(item["body"])
    return item


def test_template_b_without_metadata():
    body = (
        "Flights were suspended for three hours.\n\nInterceptions\n\n"
        '"We will respond," an official said.\n\nSaudi Arabia said it intercepted 4 missiles.'
    )
    assert _item("template_b_no_metadata.html", SITE + "/news/politics/x") == _with_hash(
        {
            # canonical wins over og:url; tracking parameter removed, the others kept
            "url": SITE
            + "/news/politics/drone-hits-bahrain-airport-as-gulf-states-intercept-iranian?id=7",
            "post_id": "1874777",
            "title": "Drone hits Bahrain airport as Gulf states intercept Iranian missiles",
            "summary": "A drone struck Bahrain's main airport on Thursday.",
            "authors": ["Ali Hassan", "Maya Karim"],
            "source": "Agencies",
            "published_at": "2025-06-12T09:30:00+03:00",
            "updated_at": "2025-06-12T11:02:00+03:00",
            "section": "Politics",
            "content_type": "news",
            "region": None,
            "coverage": None,
            "tags": ["Bahrain", "Drones"],
            "image_url": SITE + "/media/image/2025/6/12/abc.jpg?v=1&width=1000",
            "image_caption": "Smoke rises over the airport (AFP)",
            "body": body,
            "word_count": None,
            "read_time_minutes": 7,
            "shares": 1234,
            "related_urls": [SITE + "/news/politics/related-one", SITE + "/articles/related-two"],
            "video_url": None,
            "images": [],
            "language": "en",
            "content_hash": None,
        }
    )


TEMPLATE_C = {
    "url": SITE + "/articles/opinion/why-the-israelis-are-so-afraid-of-a-liberated-yemen",
    "post_id": "1700001",
    "title": "Why the Israelis are so afraid of a liberated Yemen",
    "summary": "Yemen's liberation is what the occupation fears most.",
    "authors": ["Ali Hassan", "Maya Karim", "Omar Said"],
    "source": None,
    "published_at": "2023-02-01T18:05:00+02:00",
    "updated_at": "2023-02-02T10:00:00+02:00",
    "section": "Opinion",
    "content_type": "opinion",
    "region": "MENA",
    "coverage": "War on Gaza",
    "tags": ["Yemen", "Ansar Allah"],
    "image_url": None,
    "image_caption": None,
    "body": "First real paragraph.\n\nA sub-heading\n\nSecond real paragraph.",
    "word_count": None,
    "read_time_minutes": None,
    "shares": None,
    "related_urls": [],
    "video_url": None,
    "images": [],
    "language": "en",
    "content_hash": None,
}


def test_template_c_without_meta_tags():
    url = SITE + "/articles/opinion/why-the-israelis-are-so-afraid-of-a-liberated-yemen"
    assert _item("template_c_no_meta_tags.html", url) == _with_hash(dict(TEMPLATE_C))


def test_template_c_visible_layer_only():
    # Byline and <time> share one paragraph: the names stop before the date.
    html = drop_metadata(load("template_c_no_meta_tags.html"))
    url = SITE + "/articles/opinion/why-the-israelis-are-so-afraid-of-a-liberated-yemen"
    expected = dict(TEMPLATE_C)
    expected.update(
        updated_at=None,
        section="Opinion",  # from the URL's subsection
        content_type="opinion",
        region=None,
        coverage=None,
        tags=["Yemen"],
        language="en",
    )
    assert _item("", url, html) == _with_hash(expected)


def test_video_page_player_source():
    url = SITE + "/videos/newsfeed/gaza-night-strikes"
    assert _item("video.html", url) == _with_hash(
        {
            "url": url,
            "post_id": "1800002",
            "title": "Gaza night strikes",
            "summary": "Footage of the night.",
            "authors": ["Al Mayadeen English"],
            "source": None,
            "published_at": "2024-11-03T21:15:00+02:00",
            "updated_at": None,
            "section": "NewsFeed",
            "content_type": "video",
            "region": None,
            "coverage": None,
            "tags": [],
            "image_url": None,
            "image_caption": None,
            "body": "",
            "word_count": None,
            "read_time_minutes": None,
            "shares": None,
            "related_urls": [],
            "video_url": SITE + "/media/video/2024/11/3/gaza.mp4",
            "images": [],
            "language": "en",
            "content_hash": None,
        }
    )


def test_video_page_og_video_wins():
    html = load("video.html").replace(
        "</head>", '<meta property="og:video" content="https://www.youtube.com/embed/abc"></head>'
    )
    page = ArticlePage.from_html(html, SITE + "/videos/newsfeed/gaza-night-strikes")
    assert page.field("video_url") == "https://www.youtube.com/embed/abc"


def test_video_page_iframe_player():
    html = load("video.html").replace(
        '<video controls><source src="/media/video/2024/11/3/gaza.mp4" type="video/mp4"></video>',
        '<iframe src="https://www.youtube.com/embed/xyz"></iframe>',
    )
    page = ArticlePage.from_html(html, SITE + "/videos/newsfeed/gaza-night-strikes")
    assert page.field("video_url") == "https://www.youtube.com/embed/xyz"


def test_gallery_images_with_their_captions():
    url = SITE + "/in-pictures/olive-harvest-in-the-west-bank"
    media = SITE + "/media/image/2024/10/20/"
    assert _item("gallery.html", url) == _with_hash(
        {
            "url": url,
            "post_id": "1800003",
            "title": "Olive harvest in the West Bank",
            "summary": "Families gather the olives.",
            "authors": ["Al Mayadeen English"],
            "source": None,
            "published_at": "2024-10-20T12:00:00+03:00",
            "updated_at": "2024-10-20T12:00:00+03:00",
            "section": "In Pictures",
            "content_type": "gallery",
            "region": None,
            "coverage": None,
            "tags": ["Olives"],
            "image_url": media + "one.jpg?v=1&width=1000",
            "image_caption": "A farmer in Nablus",
            "body": "",
            "word_count": None,
            "read_time_minutes": None,
            "shares": None,
            "related_urls": [],
            "video_url": None,
            "images": [
                {"url": media + "one.jpg?v=1&width=1000", "caption": "A farmer in Nablus"},
                {"url": media + "two.jpg?v=1&width=1000", "caption": "Harvest baskets"},
                {"url": media + "three.jpg?v=1&width=1000", "caption": None},
            ],
            "language": "en",
            "content_hash": None,
        }
    )


def test_caption_never_the_alt_nor_text_before_the_image(seed_html):
    # The seed's main figure without its caption: the "x" before the img is no caption.
    html = seed_html.replace('<div class="caption">Riot police in Kazakhstan</div>', "")
    page = ArticlePage.from_html(html, SITE + "/news/politics/k")
    assert page.image_caption() is None


def test_caption_of_the_same_image_in_another_size(seed_html):
    html = seed_html.replace('.jpg?v=1&amp;width=1000" alt=', '.jpg?v=1&amp;width=500" alt=')
    assert 'width=500" alt="Riot police' in html
    page = ArticlePage.from_html(html, SITE + "/news/politics/k")
    assert page.image_caption() == "Riot police in Kazakhstan"
