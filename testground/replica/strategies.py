"""Hypothesis strategies for hostile article pages, and the properties every page must keep.

Two generators: metadata JSON documents (the tawsiyat block with any JSON value in any field,
lone surrogates and NUL in strings, junk `classes`) and HTML fragments (random elements, hostile
links, markup-looking text) put into a real replica page. The checks are shared by the tests
(few examples, derandomized) and bench/reliability_fuzz.py (more examples): each returns the
page's Outcome after asserting what must hold.
"""

from __future__ import annotations

import html as html_lib
import json
from typing import Any

from hypothesis import strategies as st

from mayadeen import site
from mayadeen.extraction.metadata import Metadata
from mayadeen.loaders import clean_text
from mayadeen.spiders.short_body import declared_word_count
from testground.replica.fuzzing import DROP, ITEM, Outcome, ReplicaPage, run_page
from testground.replica.mutations import INJECTIONS, Mutated, with_metadata_text

# Characters a hostile string may hold beyond ordinary text: lone surrogates, NUL, controls,
# bidi overrides, NBSP, and markup-significant ones.
_ODD = ("\ud800", "\udfff", "\x00", "\x1b", "\u202e", "\xa0", "<", ">", "&", '"', "\\", "/")
hostile_text = (
    st.text(st.one_of(st.characters(), st.sampled_from(_ODD)), max_size=40)
    | st.text(st.sampled_from((*_ODD, " ", "\x01", "\u200b", "\t")), max_size=4)
    | st.sampled_from(INJECTIONS)
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | hostile_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=12,
)

_DATES = st.sampled_from((
    "2022-01-07T08:54:00+02:00", "2022-01-07", "2022-01-07T08:54:00", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00", "2022-01-07T08:54:00+05:30:15", "7 Jan 2022 08:54", "yesterday",
    "2022-13-45T99:99:99Z", "",
))  # fmt: skip
_URLS = st.sampled_from((
    "/news/politics/x", "https://english.almayadeen.net/news/politics/x", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "http://[::1", "//cdn.example.net/a.jpg",
    "http://a b/c", "mailto:x@y.z", "", "http://127.0.0.1:8765/articles/y?utm_source=z#frag",
))  # fmt: skip
_CLASS_ENTRY = st.fixed_dictionaries(
    {"mapping": st.sampled_from(("posttype", "category", "country", "coverage")) | json_values},
    optional={
        "key": json_values,
        "value": st.sampled_from(("News", "Opinion", "Video")) | json_values,
    },
)
_FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "postid": st.from_regex(r"\A[0-9]{1,9}\Z") | json_values,
    "title": hostile_text | json_values,
    "url": _URLS | json_values,
    "keywords": hostile_text | json_values,
    "thumbnail": _URLS | json_values,
    "word_count": st.from_regex(r"\A[0-9\u00b2\u0663]{1,7}\Z") | json_values,
    "lang": st.just("en") | json_values,
    "published_time": _DATES | json_values,
    "last_updated": _DATES | json_values,
    "description": hostile_text | json_values,
    "author": hostile_text | json_values,
    "classes": st.lists(_CLASS_ENTRY | json_values, max_size=5) | json_values,
}
metadata_documents = st.one_of(
    st.fixed_dictionaries({}, optional=_FIELD_VALUES),
    json_values,
)

_TAGS = ("p", "div", "span", "h1", "h2", "h3", "blockquote", "a", "ul", "li", "figure",
         "figcaption", "time", "section", "table", "td", "script", "style", "template", "iframe",
         "video")  # fmt: skip
# Void elements (an unclosed <iframe> would make the rest of the page its raw text, as browsers
# do: the page would lose its body by design, not by a bug).
_VOID = ("img", "br", "source", "meta", "hr", "input")
_ATTRIBUTES = st.dictionaries(
    st.sampled_from(("href", "src", "class", "hidden", "id", "content", "rel", "onerror")),
    _URLS | st.sampled_from(("p-content", "lg_para summary", "twitter-tweet", "ticker__item")),
    max_size=3,
)


def _attrs(attributes: dict[str, str]) -> str:
    return "".join(f' {k}="{html_lib.escape(v, quote=True)}"' for k, v in attributes.items())


_text_nodes = (hostile_text | st.sampled_from(("By A and B", "3 Shares", "2 Min Read",
    "Source: Agencies", "7 Jan 2022 08:54", "Related News", "Read more: x"))).map(
    lambda text: html_lib.escape(text.replace("\x00", ""), quote=False)
)  # fmt: skip
html_fragments = st.recursive(
    _text_nodes
    | st.builds(lambda tag, attrs: f"<{tag}{_attrs(attrs)}>", st.sampled_from(_VOID), _ATTRIBUTES),
    lambda children: st.builds(
        lambda tag, attrs, inner: f"<{tag}{_attrs(attrs)}>{''.join(inner)}</{tag}>",
        st.sampled_from(_TAGS),
        _ATTRIBUTES,
        st.lists(children, max_size=4),
    ),
    max_leaves=20,
)


def _page_bytes(html: str) -> Mutated:
    return Mutated(html.encode("utf-8", "surrogatepass"))


def assert_contract(outcome: Outcome) -> None:
    """The issue's contract: a valid, storable item or a counted drop; nothing else."""
    assert outcome.status in (ITEM, DROP), f"{outcome.status}: {outcome.reason}"


def check_metadata_document(page: ReplicaPage, document: Any, ascii_json: bool) -> Outcome:
    """The page with its metadata block replaced by ``document``. Besides the contract: a
    non-blank string title in the metadata is the item's title, cleaned; any other title
    falls to the meta tags, which here keep the page's own."""
    text = json.dumps(document, ensure_ascii=ascii_json).replace("</", "<\\/")
    outcome = run_page(page.url, _page_bytes(with_metadata_text(page.html, text)))
    assert_contract(outcome)
    if outcome.status == DROP and outcome.reason == "short_body":
        # A declared word count far above the body's: the page is retried, then dropped.
        assert isinstance(document, dict)
        assert declared_word_count(Metadata(document)) is not None
        return outcome
    assert outcome.status == ITEM, outcome.reason  # meta tags and visible page are intact
    title = document.get("title") if isinstance(document, dict) else None
    if isinstance(title, str) and not ascii_json:
        # Raw lone surrogates are no UTF-8: the page decodes each of their bytes as U+FFFD.
        title = title.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    cleaned = clean_text(title) if isinstance(title, str) and title.strip() else None
    assert outcome.item is not None
    assert outcome.item["title"] == (cleaned or page.expected["title"])
    return outcome


def check_html_fragment(page: ReplicaPage, fragment: str, first_text: str) -> Outcome:
    """The page with a first body paragraph holding ``first_text`` (escaped), then ``fragment``,
    at the top of its body container, and ``fragment`` again after its headline. Besides the
    contract: that paragraph starts the body, literally, whatever markup its text looks like
    (unless the fragment brings a body container or lede of its own, or the text is no block)."""
    paragraph = f"<p>{html_lib.escape(first_text, quote=False)}</p>"
    container = '<div class="p-content">'
    html = page.html.replace(container, container + paragraph + fragment, 1)
    html = html.replace("</h1>", "</h1>" + fragment, 1)
    outcome = run_page(page.url, _page_bytes(html))
    assert_contract(outcome)
    expected = clean_text(first_text)
    if (
        outcome.item is not None
        and is_plain_paragraph(expected)
        and expected != outcome.item["summary"]
        and "p-content" not in fragment
        and "lg_para" not in fragment
    ):
        assert outcome.item["body"].split("\n\n")[0] == expected
    return outcome


def is_plain_paragraph(text: str | None) -> bool:
    """A text the body rule keeps as its own block (not a read-more line or the related box)."""
    return bool(text) and not site.READ_MORE_RE.match(text) and text != site.RELATED_HEADING
