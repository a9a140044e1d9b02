"""The normalization helpers of mayadeen.loaders, value by value."""

import pytest

from mayadeen.loaders import (
    MAX_URL_LENGTH,
    ArticleLoader,
    absolute_url,
    canonical_url,
    clean_text,
    iso_datetime,
    split_authors,
    split_keywords,
    to_int,
    web_url,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  early\u00a0Thursday.\u00a0 ", "early Thursday."),
        ("a\n\t b", "a b"),
        ("Cafe\u0301", "Café"),  # NFC: e + combining acute -> é
        ("\u00a0 \n", None),
        (None, None),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_canonical_url_removes_tracking_keeps_case_and_other_params():
    url = "/Blog/Some-Slug?utm_source=x&id=3&fbclid=abc&UTM_MEDIUM=keep#frag"
    assert (
        canonical_url(url, "https://english.almayadeen.net/news/")
        == "https://english.almayadeen.net/Blog/Some-Slug?id=3&UTM_MEDIUM=keep"
    )


@pytest.mark.parametrize(
    ("raw", "number"),
    [("1,234 Shares", 1234), ("4 Min Read", 4), (7, 7), ("none", None), (None, None), (True, None)],
)
def test_to_int(raw, number):
    assert to_int(raw) == number


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-03-19T09:18:39+02:00", "2024-03-19T09:18:39+02:00"),
        ("2024-03-19T07:18:39Z", "2024-03-19T07:18:39+00:00"),
        ("7 Jan 2022 08:54", "2022-01-07T08:54:00+02:00"),  # Beirut winter
        ("12 Jun 2025 09:30", "2025-06-12T09:30:00+03:00"),  # Beirut summer
        # Beirut's summer time starts on the last Sunday of March at 00:00 ...
        ("30 Mar 2024 23:30", "2024-03-30T23:30:00+02:00"),
        ("31 Mar 2024 01:00", "2024-03-31T01:00:00+03:00"),
        # ... and ends on the last Sunday of October at 00:00 (23:00-24:00 Saturday repeats:
        # the first, summer reading, like a zoneinfo datetime with fold=0).
        ("26 Oct 2024 23:30", "2024-10-26T23:30:00+03:00"),
        ("27 Oct 2024 02:30", "2024-10-27T02:30:00+02:00"),
        ("2022-01-07T08:54", "2022-01-07T08:54:00+02:00"),  # naive ISO: site local time
        ("yesterday", None),
        ("", None),
        (20220107, None),
    ],
)
def test_iso_datetime(raw, iso):
    assert iso_datetime(raw) == iso


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Al Mayadeen Net", ["Al Mayadeen Net"]),
        ("By Ali Hassan and Maya Karim", ["Ali Hassan", "Maya Karim"]),
        ("Ali Hassan, Maya Karim and Omar Said", ["Ali Hassan", "Maya Karim", "Omar Said"]),
        ("Sandra Anderson", ["Sandra Anderson"]),
        ("", []),
    ],
)
def test_split_authors(raw, names):
    assert split_authors(raw) == names


def test_split_keywords():
    assert split_keywords(" CSTO,Almaty , ,Oil prices") == ["CSTO", "Almaty", "Oil prices"]


def test_article_loader_lists_dedup_and_single_values_take_first():
    loader = ArticleLoader(base_url="https://english.almayadeen.net/news/politics/x")
    loader.add_value("title", [None, "  ", "First\u00a0title", "Second"])
    loader.add_value("tags", ["CSTO", "Almaty", "CSTO"])
    loader.add_value("authors", "By A and B")
    loader.add_value("authors", "B, C")
    loader.add_value("related_urls", ["/news/a?utm_source=x", "/news/a", "/news/b"])
    loader.add_value("shares", "1,234 Shares")
    loader.add_value("images", [{"url": "/m/1.jpg?v=1", "caption": " Cap\u00a0one "}])
    item = loader.load_item()
    assert dict(item) == {
        "title": "First title",
        "tags": ["CSTO", "Almaty"],
        "authors": ["A", "B", "C"],
        "related_urls": [
            "https://english.almayadeen.net/news/a",
            "https://english.almayadeen.net/news/b",
        ],
        "shares": 1234,
        "images": [{"url": "https://english.almayadeen.net/m/1.jpg?v=1", "caption": "Cap one"}],
    }


def test_links_longer_than_the_bound_or_not_web_are_refused():
    base = "https://english.almayadeen.net/news/politics/a"
    path = "/news/politics/" + "x" * (
        MAX_URL_LENGTH - len("https://english.almayadeen.net/news/politics/")
    )
    longest = "https://english.almayadeen.net" + path
    assert len(longest) == MAX_URL_LENGTH
    assert canonical_url(longest) == longest and web_url(longest) == longest
    assert canonical_url(path, base) == longest
    assert canonical_url(longest + "y") is None and absolute_url(longest + "y") is None
    assert web_url(longest + "y") is None
    assert web_url("https://x.net/a b") is None and web_url("https://x.net/a\u2003b") is None
    assert absolute_url("javascript:alert(1)", base) is None
    assert absolute_url("/a?v=1", None) == "/a?v=1"  # nothing to join on: stays relative
    assert absolute_url("data:image/png;base64,AA", None) is None
