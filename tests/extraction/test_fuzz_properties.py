"""Property-based fuzzing (hypothesis, derandomized: the same examples on every run) of the
metadata JSON, of HTML put into a real page, and of the loaders every value goes through."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mayadeen.loaders import canonical_url, clean_text, iso_datetime, to_int
from testground.replica import fuzzing, strategies

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LOADER_FUZZ = settings(FUZZ, max_examples=300)
SCHEMA_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")


@pytest.fixture(scope="module")
def pages() -> list[fuzzing.ReplicaPage]:
    # A page with every layer, and a gallery (images, captions) of another template.
    found = fuzzing.replica_pages(12)
    with_layers = [p for p in found if p.article.variant.has_metadata]
    return [with_layers[0], next(p for p in found if p.article.content_type == "gallery")]


@FUZZ
@given(document=strategies.metadata_documents, ascii_json=st.booleans(), which=st.integers(0, 1))
# What fuzzing found (kept as fixed examples): a title or author of control characters only hid
# the meta tags' values (a drop, no authors); a raw lone surrogate; a post id that is no number.
@example(document={"title": "\x00", "author": " \x01 "}, ascii_json=True, which=0)
@example(document={"word_count": "9" * 5000}, ascii_json=True, which=0)
@example(document={"word_count": "\u00b2", "title": "t"}, ascii_json=True, which=0)
@example(document={"word_count": "100000"}, ascii_json=True, which=1)
@example(document={"title": "\ud800", "postid": "12\udfff"}, ascii_json=False, which=0)
@example(
    document={"published_time": "2022-01-07T08:54:00+05:30:15", "url": "http://[::1"},
    ascii_json=True,
    which=1,
)
def test_any_metadata_document_gives_a_valid_item(pages, document, ascii_json, which):
    strategies.check_metadata_document(pages[which], document, ascii_json)


@FUZZ
@given(
    fragment=strategies.html_fragments,
    first_text=st.text(st.characters(codec="utf-8"), min_size=1, max_size=60),
    which=st.integers(0, 1),
)
def test_any_html_fragment_gives_a_valid_item_or_a_counted_drop(pages, fragment, first_text, which):
    strategies.check_html_fragment(pages[which], fragment, first_text)


def test_markup_looking_text_is_kept_literally(pages):
    # The exact property of check_html_fragment on the classic injections, no fragment.
    for injection in strategies.INJECTIONS:
        outcome = strategies.check_html_fragment(pages[0], "", injection)
        assert outcome.item["body"].startswith(injection + "\n\n")


@LOADER_FUZZ
@given(st.text() | strategies.hostile_text)
def test_clean_text_leaves_nothing_a_feed_or_database_refuses(value):
    cleaned = clean_text(value)
    if cleaned is not None:
        assert cleaned == cleaned.strip() and cleaned.encode("utf-8")
        assert not re.search(r"[\x00-\x08\x0e-\x1f\x7f]|\s\s", cleaned)
        assert clean_text(cleaned) == cleaned


@LOADER_FUZZ
@given(st.text() | strategies.hostile_text | st.sampled_from(["http://[::1", "//x", "a b"]))
def test_links_are_web_urls_or_nothing(value):
    url = canonical_url(value, "http://127.0.0.1:8765/news/politics/x")
    assert url is None or re.match(r"^https?://[^\s?#]+[^\s]*$", url)


@LOADER_FUZZ
@given(
    st.text(max_size=40) | st.datetimes().map(str) | st.datetimes(timezones=st.timezones()).map(str)
)
def test_dates_are_schema_dates_or_nothing(value):
    moment = iso_datetime(value)
    assert moment is None or SCHEMA_DATE.match(moment)


@LOADER_FUZZ
@given(st.text() | st.integers() | st.from_regex(r"\A[0-9,]{1,6000} Shares\Z") | st.none())
def test_counts_are_small_non_negative_integers_or_nothing(value):
    count = to_int(value)
    assert count is None or 0 <= count < 2**53
