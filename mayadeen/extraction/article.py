"""The article page object: every item field from one article page, layer by layer.

Layers, earliest wins: the metadata JSON block, the meta tags, the visible page. The visible page
is read by text pattern (site.py regexes), URL pattern and structure: its class names vary between
templates, so none is relied on alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from itertools import islice
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from mayadeen import items, site
from mayadeen.extraction import dom, structure
from mayadeen.extraction.jsonld import JsonLd
from mayadeen.extraction.metadata import Metadata, declared_word_count
from mayadeen.loaders import (
    absolute_url,
    canonical_url,
    clean_text,
    iso_datetime,
    load_article,
    split_keywords,
)

BODY_TAGS = ("p", "h2", "h3", "blockquote")
_POST_ID_RE = re.compile(r"^[0-9]+$")
_DIGIT = re.compile(r"\d")
_TWEET_HOSTS = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/", re.I)
# Elements that make a body child a figure/gallery/player rather than text.
_MEDIA_TAGS = ("img", "figure", "video", "iframe", "picture")
_BARE_MEDIA_TAGS = ("img", "video", "iframe", "picture")
# Compiled once: lxml would compile an XPath string again on every call.
_H1 = etree.XPath("//body//h1")
_BODY = etree.XPath("//body")
_BODY_LINKS = etree.XPath("//body//a[@href][contains(@href, $word)]")
_IMGS_WITH_SRC = etree.XPath(".//img[@src]")
_LINKS = etree.XPath(".//a")
_HAS_LINK = etree.XPath("boolean(.//a[@href])")
_HREFS = etree.XPath(".//a/@href", smart_strings=False)
_PLAYER_XPATHS = (".//video//source/@src", ".//video/@src", ".//iframe/@src")
_PLAYER_SOURCES = tuple(etree.XPath(xpath, smart_strings=False) for xpath in _PLAYER_XPATHS)
# Whether any of them finds something: one query where most pages have no player at all.
_ANY_PLAYER = etree.XPath(f"boolean({' | '.join(_PLAYER_XPATHS)})")
_OG_VIDEO = (
    "meta[property='og:video']::attr(content)",
    "meta[property='og:video:url']::attr(content)",
)
# Whether either is there, in one pass over the document (most pages have no video).
_ANY_OG_VIDEO = etree.XPath(
    "boolean(//meta[@property = 'og:video' or @property = 'og:video:url']/@content)"
)
# A visible field stands in a short line; a longer text (a paragraph that says "15 shares" or
# "by officials") is not searched for one.
VISIBLE_LINE_MAX = 160


class Found(NamedTuple):
    """A visible field found in an element's text: its value, whether it is all the text, and
    how it was read: VISIBLE (the profile's whole-line spelling), LINE_SEARCH (another spelling,
    or the field inside a longer line)."""

    value: str
    whole: bool
    layer: str


Finder = Callable[[str], Found | None]


class VisibleField(NamedTuple):
    """How a visible field is looked for: first by the profile's whole-line spelling alone,
    over every candidate (a regex matched in C: the cost of a page the profile fits); only when
    no line has it, by ``fallback`` (other spellings, the field inside a longer line).
    ``strict()``: the profile's pattern (read from site.py when it runs: a profile file
    changes it); ``confirm(text, strict_match)``: the finding of a line the strict pattern
    matched."""

    key: str
    strict: Callable[[], re.Pattern[str]]
    confirm: Callable[[str, re.Match[str]], Found]
    fallback: Finder

    def find(self, text: str) -> Found | None:
        """The field in one text, either way."""
        strict = self.strict().match(text)
        return self.confirm(text, strict) if strict is not None else self.fallback(text)


def _spelled(key: str, configured: str, in_line: str, group: str) -> VisibleField:
    """A field read by the profile's whole-line pattern (site.<configured>, matched), else the
    in-line one (site.<in_line>, searched)."""

    def fallback(text: str) -> Found | None:
        match = getattr(site, in_line).search(text)
        if match is None:
            return None
        whole = match.start() == 0 and match.end() == len(text)
        return Found(match.group(group), whole, LINE_SEARCH)

    def confirm(text: str, strict: re.Match[str]) -> Found:
        # The profile's spelling, unless the line holds more fields than it knows of (its
        # "By A | Source: B" gives names "A | Source: B", the in-line reading "A").
        found = fallback(text)
        if found is None or found.value == strict.group(group):
            return Found(strict.group(group), True, VISIBLE)
        return found

    return VisibleField(key, lambda: getattr(site, configured), confirm, fallback)


def _dated(key: str, updated: bool) -> VisibleField:
    """The first visible date labelled as an update (``updated``) or not: the profile's
    spelling (site.VISIBLE_DATE_RE) alone in the text, else any of site.VISIBLE_DATE_PATTERNS
    in it."""

    def fallback(text: str) -> Found | None:
        if ":" not in text:  # every other spelling has a time: most texts are out at once
            return None
        matches = [m for pattern in site.VISIBLE_DATE_PATTERNS for m in pattern.finditer(text)]
        if len(matches) > 1:
            matches.sort(key=lambda m: m.start())
        for match in matches:
            whole = match.start() == 0 and match.end() == len(text)
            labelled = bool(site.UPDATED_LABEL_RE.search(text, 0, match.start()))
            if whole or labelled == updated:
                return Found(match.group(), whole, LINE_SEARCH)
        return None

    return VisibleField(
        key,
        lambda: site.VISIBLE_DATE_RE,
        lambda text, strict: Found(strict.group("date"), True, VISIBLE),
        fallback,
    )


# The visible fields read by text pattern, in the order they are looked for (see visible_fields).
_VISIBLE_FIELDS: tuple[VisibleField, ...] = (
    _dated("date", updated=False),
    _spelled("shares", "SHARES_RE", "SHARES_IN_LINE_RE", "n"),
    _spelled("read_time", "READ_TIME_RE", "READ_TIME_IN_LINE_RE", "n"),
    _spelled("source", "SOURCE_RE", "SOURCE_IN_LINE_RE", "source"),
    _spelled("byline", "BYLINE_RE", "BYLINE_IN_LINE_RE", "names"),
    _dated("updated", updated=True),
)
_VISIBLE_KEYS = [field.key for field in _VISIBLE_FIELDS]
_DATE_KEYS = {"date": False, "updated": True}


def _counter_at_edge() -> re.Pattern[str]:
    """A slide counter at the start or end of a caption's text (in the same text node)."""
    counter = site.SLIDE_COUNTER_RE.pattern
    return re.compile(rf"^\s*(?:{counter})(?!\S)\s*|(?<!\S)(?:{counter})\s*$",
                      site.SLIDE_COUNTER_RE.flags)  # fmt: skip


def _without_counter(holder: dom.Element, img: dom.Element, text: str) -> str | None:
    """A caption's text without a gallery's slide counter: an element after the image whose
    whole text is a counter, or a counter at either end of the text."""
    seen = False
    for element in holder.iter(etree.Element):
        if element is img:
            seen = True
        elif seen and not len(element):
            own = clean_text(element.text)
            if own and site.SLIDE_COUNTER_RE.fullmatch(own):
                return clean_text(text.replace(own, "", 1))
    return clean_text(_counter_at_edge().sub("", text))


def _is_caption(paragraph: dom.Element) -> bool:
    """A paragraph beside an image (not a figure: that has its own caption), alone in its
    element: the image's caption."""
    parent = paragraph.getparent()
    if parent is None or not any(child.tag in _BARE_MEDIA_TAGS for child in parent):
        return False
    return sum(1 for child in parent if child.tag == "p") <= 1


def _is_info_line(text: str) -> bool:
    """A short line of the page's info (date, counters, source, byline), not body text."""
    if len(text) > VISIBLE_LINE_MAX:
        return False
    if any(field.find(text) for field in _VISIBLE_FIELDS if field.key != "byline"):
        return True
    byline = site.BYLINE_RE.match(text) or site.BYLINE_IN_LINE_RE.match(text)
    return byline is not None and len(text.split()) <= 8


def _text_before(element: dom.Element) -> str:
    """The text just before an element in its line: its previous sibling's text and tail, else
    its parent's leading text."""
    previous = element.getprevious()
    if previous is not None:
        return f"{dom.text_of(previous) or ''} {previous.tail or ''}"
    parent = element.getparent()
    return (parent.text or "") if parent is not None else ""


def _host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _file_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc, parts.path


# The fields read from the page, each through its method of the same name and then the loader;
# the body keeps its blank lines, so it is set after the loader.
_LOADED_FIELDS = tuple(field for field in items.PAGE_FIELDS if field != "body")

# The layers a field value can come from (ArticlePage.layer_of).
METADATA, JSON_LD, META_TAGS, POSTID_META, VISIBLE, URL = (
    "metadata", "json_ld", "meta_tags", "postid_meta", "visible", "url"
)  # fmt: skip
# Fallbacks of the visible layer: the body found by structure (structure.py); a visible field
# in another spelling than the profile's, or inside a longer line.
STRUCTURE, LINE_SEARCH = "structure", "line_search"
# Every layer, in the order a reader meets them (the run report's columns).
LAYERS = (METADATA, JSON_LD, META_TAGS, POSTID_META, VISIBLE, LINE_SEARCH, STRUCTURE, URL)
# A configured body container holding fewer words than this share of the count a layer declares
# is not the body (the default of the short-body check's MAYADEEN_SHORT_BODY_RATIO).
BODY_FALLBACK_RATIO = 0.5
# An element holding an image or player and fewer words than this is a figure with its caption
# (in a body found by structure, where no class name says so).
FIGURE_MAX_WORDS = 40
# How one layer reads one field from a page (None or empty: the layer has no value).
Reader = Callable[["ArticlePage"], Any]
Layers = tuple[tuple[str, Reader], ...]


def first_filled(page: ArticlePage, layers: Layers) -> tuple[str | None, Any]:
    """(layer, value) of the first layer giving a non-empty value, earliest layer first."""
    for layer, read in layers:
        value = read(page)
        if value:
            return layer, value
    return None, None


def _post_id(value: str | None) -> str | None:
    value = clean_text(value)
    return value if value and _POST_ID_RE.match(value) else None


class ArticlePage:
    """One article page. Build it from a Scrapy response or ``from_html(html, url)``.

    ``body_ratio``: a configured body container holding fewer words than this share of the
    count a layer declares is not the body: the body is then found by structure (the spider
    passes MAYADEEN_SHORT_BODY_RATIO, so that a page is judged short only after that).
    """

    def __init__(
        self,
        response: Response | Selector,
        url: str | None = None,
        body_ratio: float = BODY_FALLBACK_RATIO,
    ):
        if isinstance(response, Response):
            self.selector = dom.html_selector(response)
            self.response_url = response.url
        else:
            if url is None:
                raise ValueError("ArticlePage(selector, url): the page URL is required")
            self.selector = response
            self.response_url = url
        self.root: dom.Element = self.selector.root
        self.metadata = Metadata.from_root(self.root)
        self._visible_found: dict[str, str] = {}
        self._visible_layers: dict[str, str] = {}
        self._visible_done = 0
        self._visible_search: (
            tuple[list[dom.Element], set[dom.Element], dom.VisibleTexts] | None
        ) = None
        self.body_ratio = body_ratio
        self._layered_cache: dict[str, tuple[str | None, Any]] = {}
        # Per body container (the configured one, the one found by structure): the article
        # around it, its visible texts, its Related News box and its body blocks.
        self._roots: dict[dom.Element | None, dom.Element] = {}
        self._texts: dict[dom.Element, dom.VisibleTexts] = {}
        self._related: dict[dom.Element | None, list[dom.Element]] = {}
        self._blocks: dict[dom.Element | None, list[str]] = {}

    @classmethod
    def from_html(cls, html: str, url: str, **options: Any) -> ArticlePage:
        return cls(Selector(text=html), url, **options)

    # --- layers -------------------------------------------------------------------------------
    @cached_property
    def jsonld(self) -> JsonLd:
        """The schema.org JSON-LD layer, parsed when a field first asks for it."""
        return JsonLd.from_root(self.root)

    def meta(self, name: str) -> str | None:
        """One meta-tag value of site.META, normalized; None when absent."""
        return clean_text(dom.css_first(self.root, site.META[name]))

    def meta_all(self, name: str) -> list[str]:
        values = (clean_text(x) for x in dom.css_all(self.root, site.META[name]))
        return [v for v in values if v]

    # --- structure of the visible page (each found once per page) ----------------------------
    @cached_property
    def h1(self) -> dom.Element | None:
        found = _H1(self.root)
        return found[0] if found else None

    @cached_property
    def configured_container(self) -> dom.Element | None:
        """The body container of the site profile (site.BODY_CONTAINER_SELECTOR)."""
        found = dom.css_all(self.root, site.BODY_CONTAINER_SELECTOR)
        return found[0] if found else None

    @cached_property
    def body_container(self) -> dom.Element | None:
        """The element holding the body: the configured container, unless it is absent or
        holds far fewer words than a layer declares (body_ratio); then the one found by
        structure, when it has more words (mayadeen/extraction/structure.py), unless the
        profile turns that off (site.BODY_STRUCTURE_FALLBACK)."""
        configured = self.configured_container
        if not site.BODY_STRUCTURE_FALLBACK or (
            configured is not None and not self._short(configured)
        ):
            return configured
        lede = self._lede()
        found = structure.body_container(
            self.root,
            self.h1,
            self._texts_for(self._document_body),
            self._furniture,
            lambda p, text: (
                text == lede or _is_info_line(text) or _is_caption(p) or self._is_link_list(p, text)
            ),
            self._is_main_image,
        )
        if found is None or found is configured:
            return configured
        if configured is not None and self._words_in(found) <= self._words_in(configured):
            return configured
        return found

    @property
    def body_layer(self) -> str:
        """VISIBLE when the body comes from the configured container, STRUCTURE when from the
        container found by structure."""
        container = self.body_container
        if container is None or container is self.configured_container:
            return VISIBLE
        return STRUCTURE

    def declared_word_count(self) -> int | None:
        """The body's word count as a layer declares it: the metadata's, else JSON-LD's."""
        declared = declared_word_count(self.metadata)
        return declared if declared is not None else self.jsonld.word_count()

    def _short(self, container: dom.Element) -> bool:
        declared = self.declared_word_count()
        if declared is None or self.body_ratio <= 0:
            return False
        return self._words_in(container) < self.body_ratio * declared

    def _words_in(self, container: dom.Element) -> int:
        return items.word_count("\n\n".join(self._blocks_for(container)))

    @cached_property
    def _document_body(self) -> dom.Element:
        return structure.document_body(self.root)

    @cached_property
    def _furniture(self) -> structure.FurnitureTest:
        return structure.FurnitureTest()

    def _root_for(self, container: dom.Element | None) -> dom.Element:
        """The smallest element holding both the headline and the body container (the article
        without the page furniture around it), else the document body."""
        root = self._roots.get(container)
        if root is None:
            root = self._roots[container] = self._find_root(container)
        return root

    def _find_root(self, container: dom.Element | None) -> dom.Element:
        h1 = self.h1
        if h1 is not None and container is not None:
            holders = set(container.iterancestors())
            for ancestor in h1.iterancestors():
                if ancestor in holders:
                    return ancestor
        body = _BODY(self.root)
        return body[0] if body else self.root

    def _texts_for(self, root: dom.Element) -> dom.VisibleTexts:
        texts = self._texts.get(root)
        if texts is None:
            texts = self._texts[root] = dom.VisibleTexts(root)
        return texts

    @property
    def article_root(self) -> dom.Element:
        """The article without the page furniture around it (see _root_for)."""
        return self._root_for(self.body_container)

    @cached_property
    def _article_elements(self) -> list[dom.Element]:
        """Every element of the article, document order, in one pass in C. Held for the page's
        life: lxml.html makes each element's Python proxy through a Python class lookup, so
        keeping them alive saves making them again in each later step."""
        return list(self.article_root.iter(etree.Element))

    @property
    def texts(self) -> dom.VisibleTexts:
        """Visible texts of the article's elements, each computed once per page."""
        return self._texts_for(self.article_root)

    def _header_candidates(self) -> list[dom.Element]:
        """Visible elements of the article outside its body text, headline-first: where the
        byline, source, date, shares and read time are."""
        container = self.body_container
        inside = set(container.iter()) if container is not None else set()
        if self.h1 in inside:  # a body found by structure around the headline: its lines too
            inside = set()
        candidates = [
            e for e in self._article_elements if e not in inside and e.tag not in dom._INVISIBLE
        ]
        h1 = self.h1
        if h1 is None or h1 not in candidates:
            return candidates
        at = candidates.index(h1)
        return candidates[at:] + candidates[:at]

    def visible_fields(self) -> dict[str, str]:
        """Byline names, source, date, shares, read time and update date as the page shows
        them, each wherever it stands in a line. The strict patterns (date, shares, read time)
        are found first; an element that is all one field is then left out of the later
        searches, so "By A <time>7 Jan 2022 08:54</time>" gives the names only; a line holding
        several ("19 Shares · 4 Min Read") gives each."""
        return dict(self._visible_upto(len(_VISIBLE_FIELDS)))

    def _visible_upto(self, count: int) -> dict[str, str]:
        """The first ``count`` visible fields of _VISIBLE_FIELDS, found in that order (each
        search leaves out what the earlier ones found); later ones only when asked for (the
        byline is needed only where no other layer names the authors)."""
        if self._visible_search is None:
            # Large elements never hold a field of their own (first_innermost): left out once
            # here rather than at each of the searches.
            candidates = [e for e in self._header_candidates() if not dom.is_large(e)]
            # Its own texts: found fields are skipped in them, unlike the body's.
            self._visible_search = (candidates, set(candidates), self.texts.fresh())
        candidates, region, texts = self._visible_search
        for field in _VISIBLE_FIELDS[self._visible_done : count]:
            hit = self._visible_hit(field, candidates, region, texts)
            if hit is not None:
                element, found = hit
                self._visible_found[field.key] = found.value
                self._visible_layers[field.key] = found.layer
                if found.whole:
                    texts.skip(element)
            self._visible_done += 1
        return self._visible_found

    @staticmethod
    def _visible_hit(
        field: VisibleField,
        candidates: list[dom.Element],
        region: set[dom.Element],
        texts: dom.VisibleTexts,
    ) -> tuple[dom.Element, Found] | None:
        """The element giving ``field`` and its finding: the first with the profile's spelling,
        else the first with another (VisibleField)."""
        updated = _DATE_KEYS.get(field.key)

        def labelled_right(element: dom.Element) -> bool:
            # A date alone in its element has its label before the element.
            return bool(site.UPDATED_LABEL_RE.search(_text_before(element))) == updated

        strict = texts.first_innermost(
            candidates, region, field.strict(), VISIBLE_LINE_MAX,
            None if updated is None else lambda element, _: labelled_right(element),
            all_small=True,
        )  # fmt: skip
        if strict is not None:
            element, match = strict
            return element, field.confirm(texts.text(element) or "", match)
        return texts.first_innermost(
            candidates, region, field.fallback, VISIBLE_LINE_MAX,
            None if updated is None
            else lambda element, found: not found.whole or labelled_right(element),
            all_small=True,
        )  # fmt: skip

    def _visible(self, key: str, layer: str) -> str | None:
        """The visible field ``key`` when it was read as ``layer`` (VISIBLE or LINE_SEARCH)."""
        value = self._visible_upto(_VISIBLE_KEYS.index(key) + 1).get(key)
        return value if value is not None and self._visible_layers[key] == layer else None

    @property
    def path_match(self) -> re.Match[str] | None:
        return site.ARTICLE_PATH_RE.match(urlsplit(self.field("url") or self.response_url).path)

    # --- fields -------------------------------------------------------------------------------
    def _layered(self, field: str) -> tuple[str | None, Any]:
        """(layer, value) of a field of FIELD_LAYERS, read once per page (several fields and
        layer_of ask for the same one)."""
        found = self._layered_cache.get(field)
        if found is None:
            found = self._layered_cache[field] = first_filled(self, FIELD_LAYERS[field])
        return found

    def field(self, name: str) -> Any:
        """The raw value of a field of FIELD_LAYERS (before the loaders): its first layer's
        non-empty value, None when no layer has one."""
        found = self._layered_cache.get(name)
        return (found or self._layered(name))[1]

    def _web_url(self, url: str | None) -> str | None:
        """The page's own address as a layer gives it: a web URL on the host it was fetched
        from (a page cannot name another site as its address; its URL is then the one used)."""
        url = canonical_url(url, self.response_url)
        return url if url and _host_of(url) == _host_of(self.response_url) else None

    @cached_property
    def _visible_lede(self) -> str | None:
        return clean_text(" ".join(dom.css_all(self.root, site.LEDE_SELECTOR + " ::text")))

    def visible_lede(self) -> str | None:
        return self._visible_lede

    def _section_from_path(self) -> str | None:
        match = self.path_match
        return site.section_name(match["sub"] or match["top"]) if match else None

    def _posttype_from_path(self) -> str | None:
        match = self.path_match
        return site.TOP_POSTTYPE.get(match["top"]) if match else None

    def content_type(self) -> str:
        """Mapped from the post type (FIELD_LAYERS["content_type"]) and the section."""
        return site.content_type_for(self.field("content_type"), self.field("section"))

    def visible_tags(self) -> list[str]:
        """The visible tag list: links to tag pages (page furniture never carries any)."""
        # ("" is in every path: no TAG_WORD, no word.)
        word = site.TAG_WORD if site.TAG_WORD not in urlsplit(self.response_url).path else ""
        return [
            text
            # Joining never makes up a path segment: no tag path without the word in the link
            # (unless the page's own path has it). Filtering in C spares a Python object and
            # a urljoin for each of the page's hundred-odd other links.
            for a in _BODY_LINKS(self.root, word=word)
            if site.TAG_PATH_RE.match(urlsplit(urljoin(self.response_url, a.get("href"))).path)
            and (text := dom.text_of(a))
        ]

    def _caption_for(self, img: dom.Element, stop: dom.Element | None) -> str | None:
        """The visible text next to an image: the text after it in its nearest ancestor holding
        any (an img's alt is an attribute, never text), not climbing to ``stop`` or to an element
        holding the headline, the body or another image."""
        holders = self._marker_holders
        for ancestor in img.iterancestors():
            if ancestor is stop or ancestor.tag in ("body", "html"):
                return None
            if ancestor in holders:
                return None
            if len(list(islice(ancestor.iterdescendants("img"), 2))) > 1:
                return None
            text = dom.text_after(ancestor, img)
            if text and _DIGIT.search(text):  # no counter without a digit
                text = _without_counter(ancestor, img, text)
            if text:
                return text
        return None

    @cached_property
    def _marker_holders(self) -> set[dom.Element]:
        """The headline, the body container and their ancestors: a caption never climbs there."""
        holders: set[dom.Element] = set()
        for marker in (self.h1, self.body_container):
            if marker is not None:
                holders.add(marker)
                holders.update(marker.iterancestors())
        return holders

    def _is_main_image(self, img: dom.Element) -> bool:
        """Whether the img shows the article's main image (image_url), in any size."""
        main, src = self.field("image_url"), self._img_src(img)
        return main is not None and src is not None and _file_of(src) == _file_of(main)

    def _img_src(self, img: dom.Element) -> str | None:
        return absolute_url(img.get("src"), self.response_url)

    def image_caption(self) -> str | None:
        image_url = self.field("image_url")
        if image_url is None:
            return None
        container = self.body_container
        imgs = _IMGS_WITH_SRC(self.article_root)
        # The main figure first (outside the body), then any copy inside it.
        outside = [i for i in imgs if container is None or not dom.is_ancestor(container, i)]
        inside = [i for i in imgs if i not in outside]
        sources = [(img, self._img_src(img)) for img in outside + inside]
        # The exact URL first; else the same file in another size (a different ?width=).
        for same in (
            lambda src: src == image_url,
            lambda src: _file_of(src) == _file_of(image_url),
        ):
            for img, src in sources:
                if src is not None and same(src):
                    stop = container if img in inside else None
                    return self._caption_for(img, stop)
        return None

    def images(self) -> list[dict[str, str | None]]:
        """Gallery/infograph images: each img of the body container with its visible caption."""
        container = self.body_container
        if container is None or self.content_type() not in ("gallery", "infograph"):
            return []
        return [
            {"url": self._img_src(img), "caption": self._caption_for(img, container)}
            for img in _IMGS_WITH_SRC(container)
        ]

    def jsonld_gallery(self) -> list[dict[str, str | None]]:
        """The JSON-LD ImageGallery's images, on a gallery/infograph page."""
        if self.content_type() not in ("gallery", "infograph"):
            return []
        return self.jsonld.gallery()

    def _visible_player(self) -> str | None:
        root = self.article_root
        if not _ANY_PLAYER(root):
            return None
        for xpath in _PLAYER_SOURCES:
            found = xpath(root)
            if found:
                return str(found[0])
        return None

    def _og_video(self) -> str | None:
        if not _ANY_OG_VIDEO(self.root):
            return None
        for css in _OG_VIDEO:
            value = clean_text(dom.css_first(self.root, css))
            if value:
                return value
        return None

    # --- the body -----------------------------------------------------------------------------
    def _related_heading(self, container: dom.Element | None) -> dom.Element | None:
        root = self._root_for(container)
        texts = self._texts_for(root)
        scope = container if container is not None else root
        found = texts.exact_text(scope, site.RELATED_HEADING)
        if not found and container is not None:
            found = texts.exact_text(root, site.RELATED_HEADING)
        return found[0] if found else None

    def related_box(self) -> list[dom.Element]:
        """The elements making up the Related News box: the nearest ancestor of its heading that
        holds links; when that is the body container itself, the heading and the link-only
        siblings after it. Found once per page (the body and related_urls both need it)."""
        return list(self._related_box_for(self.body_container))

    def _related_box_for(self, container: dom.Element | None) -> list[dom.Element]:
        box = self._related.get(container)
        if box is None:
            box = self._related[container] = self._find_related_box(container)
        return box

    def _find_related_box(self, container: dom.Element | None) -> list[dom.Element]:
        heading = self._related_heading(container)
        if heading is None:
            return []
        for ancestor in heading.iterancestors():
            if ancestor is container:
                break
            if _HAS_LINK(ancestor):
                return [ancestor]
        root = self._root_for(container)
        box = [heading]
        for sibling in heading.itersiblings():
            if not dom.is_element(sibling):
                continue
            links = _LINKS(sibling)
            links_text = clean_text(" ".join(self._text(a, root) or "" for a in links))
            if not links_text or links_text != self._text(sibling, root):
                break
            box.append(sibling)
        return box

    def _text(self, element: dom.Element, root: dom.Element) -> str | None:
        """``dom.text_of(element)``, from the memo of ``root`` when the element is under it."""
        if element is root or any(a is root for a in element.iterancestors()):
            return self._texts_for(root).text(element)
        return dom.text_of(element)

    def related_urls(self) -> list[str]:
        return [str(href) for element in self.related_box() for href in _HREFS(element)]

    def _is_tweet(self, element: dom.Element) -> bool:
        if element.tag != "blockquote":
            return False
        if "twitter-tweet" in (element.get("class") or "").split():
            return True
        return any(_TWEET_HOSTS.match(href) for href in _HREFS(element))

    def _media_children(self, container: dom.Element) -> set[dom.Element]:
        """The container's children holding an image, figure, player or picture (one pass in C
        over the container instead of one XPath per child)."""
        holders: set[dom.Element] = set()
        for media in container.iterdescendants(*_MEDIA_TAGS):
            child = media
            for ancestor in media.iterancestors():
                if ancestor is container:
                    break
                child = ancestor
            else:
                continue
            if child is not media:
                holders.add(child)
        return holders

    def body_blocks(self) -> list[str]:
        """The text of the body's blocks, in order (see the issue's body rule)."""
        return list(self._blocks_for(self.body_container))

    def _blocks_for(self, container: dom.Element | None) -> list[str]:
        blocks = self._blocks.get(container)
        if blocks is None:
            if container is None:
                blocks = []
            elif container is self.configured_container:
                blocks = self._container_blocks(container)
            else:
                blocks = self._structural_blocks(container)
            self._blocks[container] = blocks
        return blocks

    def _in_related_box(self, container: dom.Element) -> set[dom.Element]:
        """The Related News box's elements and their ancestors."""
        in_box: set[dom.Element] = set()
        for element in self._related_box_for(container):
            in_box.add(element)
            in_box.update(element.iterancestors())
        return in_box

    def _container_blocks(self, container: dom.Element) -> list[str]:
        """The configured container's body: its direct children that are body text."""
        in_box = self._in_related_box(container)
        media = self._media_children(container)
        texts = self._texts_for(self._root_for(container))
        blocks = []
        children = [c for c in container if dom.is_element(c)]
        for position, child in enumerate(children):
            if child.tag not in BODY_TAGS:
                continue
            if child in in_box or self._is_tweet(child) or child in media:
                continue
            text = texts.text(child)
            if text is None or site.READ_MORE_RE.match(text):
                continue
            # The lede repeated as the first paragraph (read only when it can matter).
            if position == 0 and child.tag == "p" and text == self._lede():
                continue
            blocks.append(text)
        return blocks

    def _structural_blocks(self, container: dom.Element) -> list[str]:
        """The body of a container found by structure: its body-text elements at any depth
        after the headline, leaving out furniture, figures and media, the Related News box,
        embedded tweets, "Read more" lines, link lists, the page's own info lines (byline,
        date, counters) and the lede repeated before the first paragraph."""
        box = set(self._related_box_for(container))
        box_holders = self._in_related_box(container) - box
        texts = self._texts_for(self._root_for(container))
        after_h1 = self._after_h1
        lede = self._lede()
        blocks: list[str] = []
        stack = [c for c in reversed(container) if dom.is_element(c)]
        while stack:
            element = stack.pop()
            if element in box or element.tag in dom._INVISIBLE or structure.is_furniture(element):
                continue
            has_media = next(element.iterdescendants(*_MEDIA_TAGS), None) is not None
            if element.tag not in BODY_TAGS or element in box_holders:
                # A figure (an image or player and its caption) is left out whole; any other
                # wrapper is read through.
                if not has_media or len((texts.text(element) or "").split()) >= FIGURE_MAX_WORDS:
                    stack.extend(c for c in reversed(element) if dom.is_element(c))
                continue
            if has_media or self._is_tweet(element) or _is_caption(element):
                continue
            if after_h1 is not None and element not in after_h1:
                continue
            text = texts.text(element)
            if text is None or site.READ_MORE_RE.match(text) or _is_info_line(text):
                continue
            if not blocks and text == lede:
                continue
            if self._is_link_list(element, text):
                continue
            blocks.append(text)
        return blocks

    @cached_property
    def _after_h1(self) -> set[dom.Element] | None:
        """The elements after the headline in document order (None without a headline)."""
        h1 = self.h1
        if h1 is None:
            return None
        elements = list(self._document_body.iter(etree.Element))
        try:
            at = elements.index(h1)
        except ValueError:
            return None
        return set(elements[at + 1 :]) - set(h1.iter())

    def _is_link_list(self, element: dom.Element, text: str) -> bool:
        """A block made of links to pages of this site (headlines, tags), with at most a label
        between them ("Tags: A, B"; a Related or Read-more list)."""
        links = _LINKS(element)
        if not links:
            return False
        host = _host_of(self.response_url)
        for link in links:
            if _host_of(urljoin(self.response_url, link.get("href") or "")) != host:
                return False
        linked = sum(len((dom.text_of(a) or "").split()) for a in links)
        return len(text.split()) - linked <= 2

    def _lede(self) -> str | None:
        return self.visible_lede() or self.field("summary")

    def body(self) -> str:
        return "\n\n".join(self.body_blocks())

    # --- provenance ---------------------------------------------------------------------------
    def layer_of(self, field: str) -> str | None:
        """Which layer gave ``field``'s value on this page (a layer of its FIELD_LAYERS row),
        None when no layer had one. Fields computed from others (word_count,
        content_hash, scraped_at) have no layer of their own."""
        if field in FIELD_LAYERS:
            return self._layered(field)[0]
        if field in items.ARTICLE_FIELDS:
            return None
        raise KeyError(f"not an article field: {field!r}")

    def layers(self) -> dict[str, str | None]:
        """layer_of every article field that has a layer, feed order."""
        return {
            field: self.layer_of(field)
            for field in items.PAGE_FIELDS
        }

    # --- the item -----------------------------------------------------------------------------
    def to_item(self, scraped_at: datetime | None = None) -> items.ArticleItem:
        """The full item: every field of items.ARTICLE_FIELDS, None or [] where absent."""
        moment = scraped_at or datetime.now(UTC)
        raw = {field: self.field(field) for field in _LOADED_FIELDS}
        raw["content_type"] = self.content_type()
        raw["scraped_at"] = moment.isoformat()
        item = load_article(raw, self.response_url)
        for field in items.ARTICLE_FIELDS:
            if item.get(field) is None and field in items.LIST_FIELDS:
                item[field] = []
            item.setdefault(field, None)
        body = self.field("body") or ""
        item["body"] = body
        item["word_count"] = items.word_count(body)
        item["content_hash"] = items.content_hash(item["title"], item["summary"], body)
        return items.ArticleItem({field: item[field] for field in items.ARTICLE_FIELDS})


# Every field read from the page, with its layers earliest first: the field's value is the first
# layer's non-empty value, and layer_of(field) names that layer. A value that is not valid for its
# field (a "javascript:" URL, a date that is no date) counts as absent, so the next layer gives the
# field rather than a broken value hiding a good one. A new layer is a row here.
FIELD_LAYERS: dict[str, Layers] = {
    "url": (
        (METADATA, lambda p: p._web_url(p.metadata.text("url"))),
        (JSON_LD, lambda p: p._web_url(p.jsonld.url())),
        (META_TAGS, lambda p: p._web_url(p.meta("canonical") or p.meta("og_url"))),
        (URL, lambda p: p.response_url),
    ),
    "post_id": (
        (METADATA, lambda p: _post_id(p.metadata.text("postid"))),
        (JSON_LD, lambda p: _post_id(p.jsonld.identifier())),
        (POSTID_META, lambda p: _post_id(dom.css_first(p.root, site.POSTID_META_SELECTOR))),
    ),
    "title": (
        (METADATA, lambda p: p.metadata.text("title")),
        (JSON_LD, lambda p: p.jsonld.headline()),
        (META_TAGS, lambda p: p.meta("title")),
        (VISIBLE, lambda p: dom.text_of(p.h1) if p.h1 is not None else None),
    ),
    "summary": (
        (METADATA, lambda p: p.metadata.text("description")),
        (JSON_LD, lambda p: p.jsonld.text("description")),
        (META_TAGS, lambda p: p.meta("description") or p.meta("description_fallback")),
        (VISIBLE, ArticlePage.visible_lede),
    ),
    # The byline string ("A and B"); the loader splits it into names.
    "authors": (
        (METADATA, lambda p: p.metadata.text("author")),
        (JSON_LD, lambda p: p.jsonld.authors()),
        (META_TAGS, lambda p: p.meta("author")),
        (VISIBLE, lambda p: p._visible("byline", VISIBLE)),
        (LINE_SEARCH, lambda p: p._visible("byline", LINE_SEARCH)),
    ),
    "source": (
        (VISIBLE, lambda p: p._visible("source", VISIBLE)),
        (LINE_SEARCH, lambda p: p._visible("source", LINE_SEARCH)),
    ),
    "published_at": (
        (METADATA, lambda p: iso_datetime(p.metadata.text("published_time"))),
        (JSON_LD, lambda p: iso_datetime(p.jsonld.published())),
        (META_TAGS, lambda p: iso_datetime(p.meta("published"))),
        (VISIBLE, lambda p: iso_datetime(p._visible("date", VISIBLE))),
        (LINE_SEARCH, lambda p: iso_datetime(p._visible("date", LINE_SEARCH))),
    ),
    "updated_at": (
        (METADATA, lambda p: iso_datetime(p.metadata.text("last_updated"))),
        (JSON_LD, lambda p: iso_datetime(p.jsonld.text("dateModified"))),
        (META_TAGS, lambda p: iso_datetime(p.meta("modified"))),
        (VISIBLE, lambda p: iso_datetime(p._visible("updated", VISIBLE))),
        (LINE_SEARCH, lambda p: iso_datetime(p._visible("updated", LINE_SEARCH))),
    ),
    "section": (
        (METADATA, lambda p: p.metadata.class_value("category")),
        (JSON_LD, lambda p: p.jsonld.section()),
        (META_TAGS, lambda p: p.meta("section")),
        (URL, ArticlePage._section_from_path),
    ),
    # The post type: content_type() maps it, with the section, to the item's content type.
    "content_type": (
        (METADATA, lambda p: p.metadata.class_value("posttype")),
        (URL, ArticlePage._posttype_from_path),
    ),
    "region": ((METADATA, lambda p: p.metadata.class_value("country")),),
    "coverage": ((METADATA, lambda p: p.metadata.class_value("coverage")),),
    "tags": (
        (METADATA, lambda p: split_keywords(p.metadata.text("keywords"))),
        (JSON_LD, lambda p: p.jsonld.keywords()),
        (META_TAGS, lambda p: p.meta_all("tags")),
        (VISIBLE, ArticlePage.visible_tags),
    ),
    "image_url": (
        (METADATA, lambda p: absolute_url(p.metadata.text("thumbnail"), p.response_url)),
        (JSON_LD, lambda p: absolute_url(p.jsonld.image(), p.response_url)),
        (META_TAGS, lambda p: absolute_url(p.meta("image"), p.response_url)),
    ),
    "image_caption": ((VISIBLE, ArticlePage.image_caption),),
    # The configured container's body, else the body found by structure.
    "body": (
        (VISIBLE, lambda p: p.body() if p.body_layer == VISIBLE else None),
        (STRUCTURE, lambda p: p.body() if p.body_layer == STRUCTURE else None),
    ),
    "read_time_minutes": (
        (VISIBLE, lambda p: p._visible("read_time", VISIBLE)),
        (LINE_SEARCH, lambda p: p._visible("read_time", LINE_SEARCH)),
    ),
    "shares": (
        (VISIBLE, lambda p: p._visible("shares", VISIBLE)),
        (LINE_SEARCH, lambda p: p._visible("shares", LINE_SEARCH)),
    ),
    "related_urls": ((VISIBLE, ArticlePage.related_urls),),
    "video_url": (
        (JSON_LD, lambda p: absolute_url(p.jsonld.video(), p.response_url)),
        (META_TAGS, lambda p: absolute_url(p._og_video(), p.response_url)),
        (VISIBLE, lambda p: absolute_url(p._visible_player(), p.response_url)),
    ),
    "images": (
        (VISIBLE, lambda p: p.images() if p.body_layer == VISIBLE else None),
        (STRUCTURE, lambda p: p.images() if p.body_layer == STRUCTURE else None),
        (JSON_LD, ArticlePage.jsonld_gallery),
    ),
    # <html lang> is always there, as postid is: counted with the meta tags.
    "language": (
        (METADATA, lambda p: p.metadata.text("lang")),
        (JSON_LD, lambda p: p.jsonld.language()),
        (META_TAGS, lambda p: p.meta("language")),
    ),
}
