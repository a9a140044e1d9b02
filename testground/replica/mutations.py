"""Hostile variants of replica article pages, for fuzzing the extraction (issue 9).

A mutation kind is a named function of a rendered page (its HTML text) and a seeded random source
giving the bytes a server could send and their Content-Type: layers or nodes deleted, encodings
broken, huge or deeply nested documents, markup injected as text, wrong types in the metadata JSON,
truncated bodies. Same page, kind and seed: same bytes (no unseeded randomness, no clock).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from mayadeen import site
from mayadeen.extraction import dom

UTF8 = "text/html; charset=utf-8"
# Markup that must come out of extraction as literal text, never as elements.
INJECTIONS = (
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "</script><script>alert(2)</script>",
    "<b>bold</b> & <i>it</i>",
    "javascript:alert(3)",
    "'; DROP TABLE articles; --",
)
METADATA_RE = re.compile(
    r'(<script id="tawsiyat-metadata" type="text/tawsiyat">)(.*?)(</script>)', re.S
)
_META_TAG_RE = re.compile(
    r'<link rel="canonical"[^>]*>\n?'
    r'|<meta (?:property="(?:og|article):[^"]*"|name="(?:description|author)")[^>]*>\n?'
)
_BODY_OPEN_RE = re.compile(r'<div class="p-content"[^>]*>')


@dataclass(frozen=True)
class Mutated:
    """What the server sends: the body bytes and the Content-Type header."""

    body: bytes
    content_type: str = UTF8


@dataclass(frozen=True)
class Scale:
    """Sizes of the big mutations (the suite uses small ones, the benchmark the real ones)."""

    huge_text_bytes: int = 20_000_000
    paragraphs: int = 100_000
    nesting: int = 5_000


SMALL = Scale(huge_text_bytes=300_000, paragraphs=3_000, nesting=3_000)
Mutation = Callable[[str, random.Random, Scale], Mutated]
MUTATIONS: dict[str, Mutation] = {}


def mutation(name: str) -> Callable[[Mutation], Mutation]:
    def register(function: Mutation) -> Mutation:
        MUTATIONS[name] = function
        return function

    return register


def mutate(kind: str, html: str, seed: int, scale: Scale = SMALL) -> Mutated:
    """The page mutated by ``kind``, deterministically from ``seed``."""
    return MUTATIONS[kind](html, random.Random(f"{seed}:{kind}"), scale)


def _utf8(html: str) -> Mutated:
    return Mutated(html.encode("utf-8", "surrogatepass"))


# --- helpers on the page ------------------------------------------------------------------------
def _tree(html: str) -> dom.Element:
    return lxml_html.document_fromstring(html)


def _serialize(root: dom.Element) -> str:
    return "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode")


def _remove(element: dom.Element) -> None:
    """Remove an element, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()


def _innermost(root: dom.Element, pattern: re.Pattern[str]) -> list[dom.Element]:
    body = root.find("body")
    return [e for e, _ in dom.innermost_matches(list(dom.elements(body)), pattern)]


def metadata_of(html: str) -> dict[str, Any] | None:
    match = METADATA_RE.search(html)
    return json.loads(match.group(2)) if match else None


def with_metadata_text(html: str, text: str) -> str:
    """The page with its metadata block's content replaced by ``text`` (as is)."""
    return METADATA_RE.sub(lambda m: m.group(1) + text + m.group(3), html, count=1)


def metadata_json(data: Any) -> str:
    """JSON for inside a <script>: "</" escaped as the site's CMS does, so text can't close it."""
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _edit_metadata(html: str, edit: Callable[[dict[str, Any]], Any]) -> str:
    data = metadata_of(html)
    if data is None:
        return html
    return with_metadata_text(html, metadata_json(edit(data)))


# --- deleted nodes ------------------------------------------------------------------------------
@mutation("delete_metadata")
def delete_metadata(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return _utf8(METADATA_RE.sub("", html))


@mutation("delete_meta_tags")
def delete_meta_tags(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return _utf8(_META_TAG_RE.sub("", html))


def _delete_found(html: str, find: Callable[[dom.Element], list[dom.Element]]) -> Mutated:
    root = _tree(html)
    for element in find(root):
        _remove(element)
    return _utf8(_serialize(root))


@mutation("delete_headline")
def delete_headline(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return _delete_found(html, lambda root: root.xpath("//h1"))


def _outside_body(root: dom.Element, pattern: re.Pattern[str]) -> list[dom.Element]:
    """The first innermost element matching ``pattern`` outside the body text (a paragraph
    starting "By Monday evening, ..." is no byline)."""
    body = set(root.xpath("//div[contains(@class, 'p-content')]//*"))
    return [e for e in _innermost(root, pattern) if e not in body][:1]


@mutation("delete_byline")
def delete_byline(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return _delete_found(html, lambda root: _outside_body(root, site.BYLINE_RE))


@mutation("delete_body")
def delete_body(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return _delete_found(html, lambda root: root.xpath("//div[contains(@class, 'p-content')]"))


@mutation("delete_title_everywhere")
def delete_title_everywhere(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """No layer has a title: the page must be a counted drop."""
    html = _META_TAG_RE.sub("", METADATA_RE.sub("", html))
    return _delete_found(html, lambda root: root.xpath("//h1"))


@mutation("delete_date_everywhere")
def delete_date_everywhere(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """No layer has a publication date: the page must be a counted drop."""
    html = _META_TAG_RE.sub("", METADATA_RE.sub("", html))
    return _delete_found(html, lambda root: _innermost(root, site.VISIBLE_DATE_RE))


@mutation("delete_random_nodes")
def delete_random_nodes(html: str, rng: random.Random, scale: Scale) -> Mutated:
    root = _tree(html)
    nodes = [e for e in root.iter() if dom.is_element(e) and e.tag not in ("html", "body")]
    for element in rng.sample(nodes, k=max(1, len(nodes) // 10)):
        if element.getparent() is not None and any(a is root for a in element.iterancestors()):
            _remove(element)
    return _utf8(_serialize(root))


# --- broken encodings ---------------------------------------------------------------------------
_BAD_UTF8 = (b"\xff", b"\xfe", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80")


def _sprinkle(data: bytes, rng: random.Random, pieces: tuple[bytes, ...], count: int) -> bytes:
    """``count`` pieces inserted at random offsets (sorted, so the result is seed-stable)."""
    offsets = sorted(rng.randrange(len(data)) for _ in range(count))
    out, last = [], 0
    for offset in offsets:
        out += [data[last:offset], rng.choice(pieces)]
        last = offset
    out.append(data[last:])
    return b"".join(out)


@mutation("invalid_utf8")
def invalid_utf8(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return Mutated(_sprinkle(html.encode("utf-8"), rng, _BAD_UTF8, 200))


@mutation("wrong_charset")
def wrong_charset(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """UTF-8 bytes declared as another charset (header and <meta charset> disagree)."""
    declared = rng.choice(("utf-16", "shift_jis", "windows-1251", "iso-8859-1", "x-bogus-8"))
    return Mutated(html.encode("utf-8"), f"text/html; charset={declared}")


@mutation("bom_mismatch")
def bom_mismatch(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """A UTF-16 document with its BOM, served as UTF-8 (or a UTF-8 BOM served as Latin-1)."""
    if rng.random() < 0.5:
        return Mutated(html.encode("utf-16"), UTF8)
    return Mutated(b"\xef\xbb\xbf" + html.encode("utf-8"), "text/html; charset=iso-8859-1")


@mutation("nul_bytes")
def nul_bytes(html: str, rng: random.Random, scale: Scale) -> Mutated:
    return Mutated(
        _sprinkle(html.encode("utf-8"), rng, (b"\x00", b"\x00\x00\x00", b"\x01\x1b"), 300)
    )


@mutation("lone_surrogates")
def lone_surrogates(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """JSON escapes of lone surrogates and NUL in every metadata string (valid JSON, but no
    UTF-8 can carry them)."""
    escapes = ("\\ud800", "\\udfff", "\\u0000", "\\ud83d")
    match = METADATA_RE.search(html)
    if match is None:
        return _utf8(html)
    text = re.sub(
        r'"([^"\\]*)"(?=\s*[,}\]])',
        lambda m: f'"{m.group(1)}{rng.choice(escapes)}"',
        match.group(2),
    )
    return _utf8(with_metadata_text(html, text))


# --- huge and deep ------------------------------------------------------------------------------
@mutation("huge_text")
def huge_text(html: str, rng: random.Random, scale: Scale) -> Mutated:
    words = " ".join(
        rng.choice(("war", "peace", "Gaza", "talks", "&amp;", "news")) for _ in range(64)
    )
    paragraph = "<p>" + " ".join([words] * (scale.huge_text_bytes // (len(words) + 1))) + "</p>"
    return _utf8(_BODY_OPEN_RE.sub(lambda m: m.group(0) + paragraph, html, count=1))


@mutation("many_paragraphs")
def many_paragraphs(html: str, rng: random.Random, scale: Scale) -> Mutated:
    blocks = "".join(f"<p>Paragraph {i} of the flood.</p>" for i in range(scale.paragraphs))
    return _utf8(_BODY_OPEN_RE.sub(lambda m: m.group(0) + blocks, html, count=1))


@mutation("deep_nesting")
def deep_nesting(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """Thousands of nested divs around the article and inside its body (libxml2 caps depth)."""
    n = scale.nesting
    html = html.replace("<body>", "<body>" + "<div>" * n, 1).replace(
        "</body>", "</div>" * n + "</body>", 1
    )
    deep = "<section>" * n + "<p>deep</p>" + "</section>" * n
    return _utf8(_BODY_OPEN_RE.sub(lambda m: m.group(0) + deep, html, count=1))


@mutation("deep_text_patterns")
def deep_text_patterns(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """Chains of nested elements (within the parser's depth limit) around texts the extraction
    looks for by pattern, after the headline and in the body: every level matches them."""
    n = min(scale.nesting // 4, 500)
    texts = ("Related News", "By A and B", "3 Shares", "7 Jan 2022 08:54", "2 Min Read")
    chains = "".join("<div>" * n + text + "</div>" * n for text in texts)
    html = html.replace("</h1>", "</h1>" + chains, 1)
    return _utf8(_BODY_OPEN_RE.sub(lambda m: m.group(0) + chains, html, count=1))


@mutation("unclosed_tags")
def unclosed_tags(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """Thousands of never-closed inline and block tags inside the body."""
    tags = ("<b>", "<i>", "<span>", "<div>", "<a href='/tags/x'>", "<li>", "<table><tr><td>")
    junk = "".join(rng.choice(tags) + "t" for _ in range(scale.nesting))
    return _utf8(_BODY_OPEN_RE.sub(lambda m: m.group(0) + junk, html, count=1))


# --- injection ----------------------------------------------------------------------------------
def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@mutation("script_injection")
def script_injection(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """Markup as escaped text in the headline and the first body paragraph, as raw text in the
    metadata strings, and as real (invisible) script elements inside the body."""
    injection = rng.choice(INJECTIONS)
    root = _tree(html)
    for h1 in root.xpath("//h1"):
        h1.text = (h1.text or "") + " " + injection
    for p in root.xpath("//div[contains(@class, 'p-content')]/p[1]"):
        p.text = injection + " " + (p.text or "")
        script = lxml_html.fragment_fromstring("<script>document.write('pwned')</script>")
        p.addnext(script)
    html = _serialize(root)

    def inject(data: dict[str, Any]) -> dict[str, Any]:
        for key in ("title", "description", "author", "keywords"):
            if isinstance(data.get(key), str):
                data[key] = f"{data[key]} {injection}"
        return data

    return _utf8(_edit_metadata(html, inject))


# --- the metadata JSON --------------------------------------------------------------------------
_WRONG_VALUES: tuple[Any, ...] = (
    None, 0, -1, 1e308, True, [], {}, ["a", 1], {"value": "x"}, "", "   ", [[[]]], "x" * 10_000,
)  # fmt: skip


@mutation("metadata_wrong_types")
def metadata_wrong_types(html: str, rng: random.Random, scale: Scale) -> Mutated:
    def edit(data: dict[str, Any]) -> dict[str, Any]:
        for key in list(data):
            if rng.random() < 0.6:
                data[key] = rng.choice(_WRONG_VALUES)
        if isinstance(data.get("classes"), list):
            data["classes"] = [
                rng.choice((entry, None, 3, "posttype", {"mapping": "posttype", "value": 7}))
                for entry in data["classes"]
            ]
        return data

    return _utf8(_edit_metadata(html, edit))


@mutation("metadata_not_an_object")
def metadata_not_an_object(html: str, rng: random.Random, scale: Scale) -> Mutated:
    data = metadata_of(html)
    value = rng.choice(([data], "text", 42, None, [[data]]))
    return _utf8(with_metadata_text(html, metadata_json(value)) if data is not None else html)


@mutation("metadata_invalid_json")
def metadata_invalid_json(html: str, rng: random.Random, scale: Scale) -> Mutated:
    match = METADATA_RE.search(html)
    if match is None:
        return _utf8(html)
    text = match.group(2)
    broken = rng.choice((
        text[: len(text) // 2],
        text.replace(",", ",,", 3),
        text.replace('"', "'"),
        text + "}}",
        "{" * 100_000,
        "[" * 10_000 + "]" * 10_000,
        '{"title": NaN, "published_time": Infinity}',
    ))  # fmt: skip
    return _utf8(with_metadata_text(html, broken))


@mutation("metadata_duplicated")
def metadata_duplicated(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """A second metadata block (same id) saying other things; and a broken first one."""
    match = METADATA_RE.search(html)
    if match is None:
        return _utf8(html)
    other = {"title": 12, "published_time": "yesterday", "postid": "not-a-number"}
    second = match.group(1) + metadata_json(other) + match.group(3)
    if rng.random() < 0.5:
        return _utf8(html.replace(match.group(0), match.group(0) + second, 1))
    return _utf8(html.replace(match.group(0), second + match.group(0), 1))


# --- truncation and garbage ---------------------------------------------------------------------
@mutation("truncated")
def truncated(html: str, rng: random.Random, scale: Scale) -> Mutated:
    data = html.encode("utf-8")
    return Mutated(data[: rng.randrange(len(data))])


@mutation("garbage")
def garbage(html: str, rng: random.Random, scale: Scale) -> Mutated:
    """Not a page at all: empty, binary noise, or a JSON body, with or without an HTML type."""
    noise = bytes(rng.randrange(256) for _ in range(4096))
    body, content_type = rng.choice((
        (b"", UTF8), (b" ", UTF8), (noise, UTF8), (b'{"title": "x"}', UTF8),
        (noise, "application/octet-stream"), (b"\x89PNG\r\n\x1a\n" + noise, "image/png"),
        (b'{"title": "x"}', "application/json"), (b"<?xml version='1.0'?><a/>", "text/xml"),
    ))  # fmt: skip
    return Mutated(body, content_type)


def kinds() -> list[str]:
    return list(MUTATIONS)


def mutated_pages(
    pages: list[str], seed: int, scale: Scale = SMALL
) -> Iterator[tuple[str, int, Mutated]]:
    """(kind, page number, mutated page) for every kind and page, in a fixed order."""
    for kind in MUTATIONS:
        for number, html in enumerate(pages):
            yield kind, number, mutate(kind, html, seed * 1_000_003 + number, scale)
