"""Visible fields read wherever they stand in a line, in any letter case and other spellings."""

import pytest
from test_extract_seed import SEED_ITEM
from tests_support import drop_meta_tags, drop_metadata

from mayadeen.extraction.article import LINE_SEARCH, VISIBLE

INFO = """  <ul class="article-info">
    <li>By <a href="/authors/al-mayadeen-net">Al Mayadeen Net</a></li>
    <li>Source: Agencies + Al Mayadeen Net</li>
    <li>7 Jan 2022 08:54</li>
    <li>3 Shares</li>
  </ul>
  <div class="read-time">4 Min Read</div>
"""
AUTHORS = '<a href="/authors/al-mayadeen-net">Al Mayadeen Net</a>'


def _visible_only(seed_html: str, info: str) -> str:
    html = drop_meta_tags(drop_metadata(seed_html))
    assert INFO in html
    return html.replace(INFO, info)


def _fields(page_of, html):
    item = page_of(html).to_item()
    return {k: item[k] for k in ("authors", "source", "published_at", "shares",
                                 "read_time_minutes", "updated_at")}  # fmt: skip


SEED_FIELDS = {
    "authors": SEED_ITEM["authors"],
    "source": SEED_ITEM["source"],
    "published_at": SEED_ITEM["published_at"],
    "shares": 3,
    "read_time_minutes": 4,
    "updated_at": None,
}


@pytest.mark.parametrize(
    "info",
    [
        # Combined lines, separators between the fields.
        f"<p>By {AUTHORS} | Source: Agencies + Al Mayadeen Net</p>"
        "<p>7 Jan 2022 08:54</p><p>3 Shares · 4 Min Read</p>",
        # Lower case, other spellings of the date.
        f"<div>by {AUTHORS}</div><div>source: Agencies + Al Mayadeen Net</div>"
        "<div>Published: 7 January 2022, 08:54</div><div>3 shares</div><div>4 min read</div>",
        f"<span>BY {AUTHORS}</span><span>SOURCE: Agencies + Al Mayadeen Net</span>"
        "<span>7 January 2022 | 08:54</span><span>3 SHARES • 4 MINUTES READ</span>",
        f"<p>{AUTHORS}</p><p>Written by {AUTHORS} · Source: Agencies + Al Mayadeen Net · "
        "Jan 7, 2022 8:54 AM</p><p>3 Shares</p><p>4 Min Read</p>",
        # The date inside a line with its label, a time element alone after its own label.
        f"<p>By {AUTHORS}</p><p>Source: Agencies + Al Mayadeen Net</p>"
        "<p><span>Published:</span> <time>7 Jan 2022 08:54</time></p><p>3 Shares | 4 Min Read</p>",
    ],
)
def test_visible_fields_wherever_they_stand_in_a_line(page_of, seed_html, info):
    page = page_of(_visible_only(seed_html, info))
    assert _fields(page_of, _visible_only(seed_html, info)) == SEED_FIELDS
    # At least one field in another spelling than the profile's: the line search gave it.
    assert LINE_SEARCH in {page.layer_of(f) for f in ("authors", "source", "shares",
                                                       "read_time_minutes")}  # fmt: skip


@pytest.mark.parametrize(
    ("info", "published", "updated", "layer"),
    [
        (
            "<p>Published: 7 Jan 2022 08:54 | Updated: 8 January 2022, 10:00</p>",
            "2022-01-07T08:54:00+02:00",
            "2022-01-08T10:00:00+02:00",
            LINE_SEARCH,
        ),
        (  # the profile's spelling, each date alone in its element after its label
            "<p><span>Updated:</span> <time>8 Jan 2022 10:00</time></p>"
            "<p><span>Published:</span> <time>7 Jan 2022 08:54</time></p>",
            "2022-01-07T08:54:00+02:00",
            "2022-01-08T10:00:00+02:00",
            VISIBLE,
        ),
        (
            "<p>Last updated: Jul 8, 2022 10:05 PM</p><p>Jul 7, 2022 12:30 am</p>",
            "2022-07-07T00:30:00+03:00",
            "2022-07-08T22:05:00+03:00",
            LINE_SEARCH,
        ),
    ],
)
def test_an_updated_date_is_never_the_publication_date(page_of, seed_html, info, published,
                                                        updated, layer):  # fmt: skip
    page = page_of(_visible_only(seed_html, info))
    item = page.to_item()
    assert (item["published_at"], item["updated_at"]) == (published, updated)
    assert page.layer_of("updated_at") == layer
    assert page.layer_of("published_at") == layer


def test_a_paragraph_saying_shares_or_by_is_no_field(page_of, seed_html):
    # No shares, source or byline line at all; the lede and body say "shares" and "by".
    info = "<p>7 Jan 2022 08:54</p>"
    html = _visible_only(seed_html, info).replace(
        "Kazakhstan ups its level of terrorist threat.",
        "Kazakhstan ups its level of terrorist threat, as 15 shares fell by 3 percent.",
    )
    fields = _fields(page_of, html)
    assert fields == SEED_FIELDS | {"authors": [], "source": None, "shares": None,
                                    "read_time_minutes": None}  # fmt: skip


def test_the_profiles_spelling_wins_over_an_earlier_line_in_another(page_of, seed_html):
    # A short line before the info that mentions a count in passing: the in-line reading would
    # take it, but the profile's whole-line spelling stands further on and is looked for first.
    info = "<div>Trending: 250 shares since Monday</div>" + INFO
    page = page_of(_visible_only(seed_html, info))
    assert _fields(page_of, _visible_only(seed_html, info)) == SEED_FIELDS
    assert page.layer_of("shares") == VISIBLE


def test_another_spelling_is_read_when_the_profiles_is_nowhere(page_of, seed_html):
    info = INFO.replace("<li>3 Shares</li>", "<li>Trending: 3 shares since Monday</li>")
    page = page_of(_visible_only(seed_html, info))
    assert _fields(page_of, _visible_only(seed_html, info)) == SEED_FIELDS
    assert page.layer_of("shares") == LINE_SEARCH
