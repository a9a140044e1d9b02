"""The JSON-LD layer: a page's schema.org data (``<script type="application/ld+json">``).

The article is the first node whose @type is an article type (NewsArticle, Article,
ReportageNewsArticle, OpinionNewsArticle...), else a VideoObject or an ImageGallery; nodes are
read alone, in a list, or inside @graph, across every block of the page. A block that is not
JSON (after the usual repairs: HTML or JS comments, a CDATA wrapper, trailing commas) is skipped
and the others are still read; a value of the wrong shape counts as absent, so the next layer
gives the field.

Not extruct (0.18.0): its JsonLdExtractor is this same json.loads over each script, but one
broken block makes ``extract_items`` raise and lose the page's other blocks, and importing it
imports rdflib, pyRdfa, mf2py, html5lib and BeautifulSoup (0.2 s, five more runtime packages) for
syntaxes we do not read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from mayadeen.extraction import dom
from mayadeen.loaders import clean_text

JSONLD_TYPE = "application/ld+json"
ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "OpinionNewsArticle",
    "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
    "Report", "LiveBlogPosting",
})  # fmt: skip
MEDIA_TYPES = ("VideoObject", "ImageGallery", "MediaGallery", "ImageObject")
# Repairs tried on a block json.loads refuses (what CMS templates commonly leave in).
_COMMENT_LINE_RE = re.compile(r"^\s*(?://.*|<!--.*?-->)\s*$", re.M)
_WRAPPER_RE = re.compile(
    r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)\s*$"
)
_TRAILING_COMMA_RE = re.compile(r",(\s*[}\]])")
# A hostile page may nest objects thousands deep: nodes are collected no deeper than this.
MAX_DEPTH = 8


def _loads(text: str) -> Any:
    """The block's JSON, repaired if need be; None when it is no JSON at all."""
    for attempt in (text, _repaired(text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _repaired(text: str) -> str:
    text = _WRAPPER_RE.sub("", text)
    text = _COMMENT_LINE_RE.sub("", text)
    return _TRAILING_COMMA_RE.sub(r"\1", text).strip().rstrip(",;")


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    # "schema:NewsArticle" and "https://schema.org/NewsArticle" name the same type.
    return {k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if isinstance(k, str)}


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object of a block that names a type: top-level, in a list, in @graph."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _nodes(entry, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _nodes(graph, depth + 1)


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return clean_text(value) if isinstance(value, str) else None


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _url_of(value: Any) -> str | None:
    """A URL given as text, as an object with url/contentUrl/@id, or as a list (the first)."""
    value = _first(value)
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            found = _text(_first(value.get(key)))
            if found:
                return found
        return None
    return _text(value)


def _names(value: Any) -> list[str]:
    """Person or Organization names: one, a list, objects with a name, or plain text."""
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else entry
        name = clean_text(name) if isinstance(name, str) else None
        if name:
            names.append(name)
    return names


class JsonLd:
    """The page's article node (and its video); every accessor returns None when absent."""

    def __init__(self, nodes: list[dict[str, Any]]):
        self.nodes = nodes
        self.present = bool(nodes)
        self.article = self._main(nodes)

    @classmethod
    def from_root(cls, root: dom.Element) -> JsonLd:
        # iter("script") walks the tree in C and hands Python only the few scripts: three times
        # quicker than an XPath on a page without JSON-LD, which most pages of the site are.
        blocks = [
            script.text
            for script in root.iter("script")
            if script.text and (script.get("type") or "").strip().lower() == JSONLD_TYPE
        ]
        return cls([node for block in blocks for node in _nodes(_loads(block))])

    @staticmethod
    def _main(nodes: list[dict[str, Any]]) -> dict[str, Any]:
        for wanted in (ARTICLE_TYPES, *({kind} for kind in MEDIA_TYPES)):
            for node in nodes:
                # An ImageObject is the page's subject (an infograph) only when it is dated;
                # else it is a page's logo or primary image.
                if _types(node) & wanted and (wanted != {"ImageObject"} or "datePublished" in node):
                    return node
        return {}

    def text(self, key: str) -> str | None:
        return _text(_first(self.article.get(key)))

    def headline(self) -> str | None:
        return self.text("headline") or self.text("name")

    def published(self) -> str | None:
        return self.text("datePublished") or self.text("uploadDate")

    def authors(self) -> list[str]:
        return _names(self.article.get("author"))

    def section(self) -> str | None:
        return self.text("articleSection")

    def keywords(self) -> list[str]:
        value = self.article.get("keywords")
        if isinstance(value, str):
            return [k for k in (clean_text(part) for part in value.split(",")) if k]
        if isinstance(value, list):
            return [k for k in (_text(part) for part in value) if k]
        return []

    def image(self) -> str | None:
        return _url_of(self.article.get("image")) or _url_of(self.article.get("thumbnailUrl"))

    def url(self) -> str | None:
        return _url_of(self.article.get("url")) or _url_of(self.article.get("mainEntityOfPage"))

    def language(self) -> str | None:
        value = _first(self.article.get("inLanguage"))
        if isinstance(value, dict):
            value = value.get("alternateName") or value.get("name")
        return _text(value)

    def identifier(self) -> str | None:
        value = _first(self.article.get("identifier"))
        if isinstance(value, dict):  # a PropertyValue
            value = value.get("value")
        return _text(value)

    def word_count(self) -> int | None:
        value = self.article.get("wordCount")
        if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 16:
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value if value >= 0 else None

    def video(self) -> str | None:
        """The video's file or player URL: of the article when it is a VideoObject, else of the
        VideoObject it holds (``video``), else of one elsewhere on the page."""
        nodes = [self.article] if "VideoObject" in _types(self.article) else []
        nested = _first(self.article.get("video"))
        if isinstance(nested, dict):
            nodes.append(nested)
        nodes += [node for node in self.nodes if "VideoObject" in _types(node)]
        for node in nodes:
            found = _url_of(node.get("contentUrl")) or _url_of(node.get("embedUrl"))
            if found:
                return found
        return None

    def gallery(self) -> list[dict[str, str | None]]:
        """The images of the article node's media (associatedMedia, hasPart, image), else of an
        ImageGallery node on the page: each ImageObject's url or contentUrl and caption."""
        galleries = [self.article] + [n for n in self.nodes if {"ImageGallery"} & _types(n)]
        for gallery in galleries:
            for key in ("associatedMedia", "hasPart", "image"):
                value = gallery.get(key)
                entries = value if isinstance(value, list) else [value]
                images = [
                    {"url": url, "caption": _text(entry.get("caption"))}
                    for entry in entries
                    if isinstance(entry, dict) and (url := _url_of(entry))
                ]
                if images:
                    return images
        return []
