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
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from mayadeen import items, site
from mayadeen.extraction import dom
from mayadeen.extraction.metadata import Metadata
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
_TWEET_HOSTS = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/", re.I)
# Elements that make a body child a figure/gallery/player rather than text.
_MEDIA_TAGS = ("img", "figure", "video", "iframe", "picture")
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
# The first segment of tag paths ("tags"), when TAG_PATH_RE starts with it literally.
_TAG_WORD = site.TAG_PATH.strip("/").split("/")[0]
if not site.TAG_PATH_RE.pattern.startswith(f"^/{_TAG_WORD}/") or not _TAG_WORD.isalnum():
    _TAG_WORD = ""
# The visible fields read by text pattern, in the order they are looked for (see visible_fields).
_VISIBLE_PATTERNS = (
    ("date", site.VISIBLE_DATE_RE, "date"),
    ("shares", site.SHARES_RE, "n"),
    ("read_time", site.READ_TIME_RE, "n"),
    ("source", site.SOURCE_RE, "source"),
    ("byline", site.BYLINE_RE, "names"),
)
_VISIBLE_KEYS = [key for key, _, _ in _VISIBLE_PATTERNS]


def _host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _file_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc, parts.path


_LIST_DEFAULTS: dict[str, Any] = {"authors": [], "tags": [], "related_urls": [], "images": []}

# The layers a field value can come from (ArticlePage.layer_of).
METADATA, META_TAGS, POSTID_META, VISIBLE, URL = (
    "metadata", "meta_tags", "postid_meta", "visible", "url"
)  # fmt: skip
# Fields each read from one layer only.
SINGLE_LAYER = {
    "source": VISIBLE, "shares": VISIBLE, "read_time_minutes": VISIBLE, "body": VISIBLE,
    "image_caption": VISIBLE, "related_urls": VISIBLE, "images": VISIBLE,
    "region": METADATA, "coverage": METADATA,
}  # fmt: skip
Candidates = tuple[tuple[str, Callable[[], Any]], ...]


def first_filled(candidates: Candidates) -> tuple[str | None, Any]:
    """(layer, value) of the first candidate giving a non-empty value, earliest layer first."""
    for layer, get in candidates:
        value = get()
        if value:
            return layer, value
    return None, None


def _post_id(value: str | None) -> str | None:
    value = clean_text(value)
    return value if value and _POST_ID_RE.match(value) else None


class ArticlePage:
    """One article page. Build it from a Scrapy response or ``from_html(html, url)``.
    ``body_selector`` replaces site.BODY_CONTAINER_SELECTOR (the MAYADEEN_BODY_CONTAINER_SELECTOR
    setting: a profile fixed without a code change, e.g. before re-extracting the archive)."""

    def __init__(
        self,
        response: Response | Selector,
        url: str | None = None,
        body_selector: str | None = None,
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
        self.body_selector = body_selector or site.BODY_CONTAINER_SELECTOR
        self.metadata = Metadata.from_root(self.root)
        self._visible_found: dict[str, str] = {}
        self._visible_done = 0
        self._visible_search: (
            tuple[list[dom.Element], set[dom.Element], dom.VisibleTexts] | None
        ) = None
        self._related_cache: list[dom.Element] | None = None
        self._layered_cache: dict[str, tuple[str | None, Any]] = {}

    @classmethod
    def from_html(cls, html: str, url: str, body_selector: str | None = None) -> ArticlePage:
        return cls(Selector(text=html), url, body_selector)

    # --- layers -------------------------------------------------------------------------------
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
    def body_container(self) -> dom.Element | None:
        found = dom.css_all(self.root, self.body_selector)
        return found[0] if found else None

    @cached_property
    def article_root(self) -> dom.Element:
        """The smallest element holding both the headline and the body container (the article
        without the page furniture around it), else the document body."""
        h1, container = self.h1, self.body_container
        if h1 is not None and container is not None:
            holders = set(container.iterancestors())
            for ancestor in h1.iterancestors():
                if ancestor in holders:
                    return ancestor
        body = _BODY(self.root)
        return body[0] if body else self.root

    @cached_property
    def _article_elements(self) -> list[dom.Element]:
        """Every element of the article, document order, in one pass in C. Held for the page's
        life: lxml.html makes each element's Python proxy through a Python class lookup, so
        keeping them alive saves making them again in each later step."""
        return list(self.article_root.iter(etree.Element))

    @cached_property
    def texts(self) -> dom.VisibleTexts:
        """Visible texts of the article's elements, each computed once per page."""
        return dom.VisibleTexts(self.article_root)

    def _header_candidates(self) -> list[dom.Element]:
        """Visible elements of the article outside its body text, headline-first: where the
        byline, source, date, shares and read time are."""
        container = self.body_container
        inside = set(container.iter()) if container is not None else set()
        candidates = [
            e for e in self._article_elements if e not in inside and e.tag not in dom._INVISIBLE
        ]
        h1 = self.h1
        if h1 is None or h1 not in candidates:
            return candidates
        at = candidates.index(h1)
        return candidates[at:] + candidates[:at]

    def visible_fields(self) -> dict[str, str]:
        """Byline names, source, date, shares and read time as the page shows them. The strict
        patterns (date, shares, read time) are found first; the source and then the byline are
        read leaving those out, so "By A <time>7 Jan 2022 08:54</time>" gives the names only."""
        return dict(self._visible_upto(len(_VISIBLE_PATTERNS)))

    def _visible_upto(self, count: int) -> dict[str, str]:
        """The first ``count`` visible fields of _VISIBLE_PATTERNS, found in that order (each
        search leaves out what the earlier ones found); later ones only when asked for (the
        byline is needed only where no other layer names the authors)."""
        if self._visible_search is None:
            candidates = self._header_candidates()
            # Its own texts: found fields are skipped in them, unlike the body's.
            self._visible_search = (candidates, set(candidates), self.texts.fresh())
        candidates, region, texts = self._visible_search
        for key, pattern, group in _VISIBLE_PATTERNS[self._visible_done : count]:
            hit = texts.first_innermost(candidates, region, pattern)
            if hit is not None:
                element, match = hit
                self._visible_found[key] = match.group(group)
                texts.skip(element)
            self._visible_done += 1
        return self._visible_found

    def _visible(self, key: str) -> str | None:
        return self._visible_upto(_VISIBLE_KEYS.index(key) + 1).get(key)

    @property
    def path_match(self) -> re.Match[str] | None:
        return site.ARTICLE_PATH_RE.match(urlsplit(self.url() or self.response_url).path)

    # --- fields -------------------------------------------------------------------------------
    def _layered(self, field: str) -> tuple[str | None, Any]:
        """(layer, value) of a layered field, read once per page (several fields and
        layer_of ask for the same one)."""
        if field not in self._layered_cache:
            candidates = getattr(self, f"_{field}_candidates")()
            self._layered_cache[field] = first_filled(candidates)
        return self._layered_cache[field]

    # Each layered field lists its candidates, earliest layer first: the field's value is the
    # first non-empty one, and layer_of(field) says which layer that was. A value that is not
    # valid for its field (a "javascript:" URL, a date that is no date) counts as absent, so the
    # next layer gives the field rather than a broken value hiding a good one.
    def _web_url(self, url: str | None) -> str | None:
        """The page's own address as a layer gives it: a web URL on the host it was fetched
        from (a page cannot name another site as its address; its URL is then the one used)."""
        url = canonical_url(url, self.response_url)
        return url if url and _host_of(url) == _host_of(self.response_url) else None

    def _url_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self._web_url(self.metadata.text("url"))),
            (META_TAGS, lambda: self._web_url(self.meta("canonical") or self.meta("og_url"))),
            (URL, lambda: self.response_url),
        )

    def url(self) -> str | None:
        return self._layered("url")[1]

    def _post_id_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: _post_id(self.metadata.text("postid"))),
            (POSTID_META, lambda: _post_id(dom.css_first(self.root, site.POSTID_META_SELECTOR))),
        )

    def post_id(self) -> str | None:
        return self._layered("post_id")[1]

    def _title_candidates(self) -> Candidates:
        h1 = self.h1
        return (
            (METADATA, lambda: self.metadata.text("title")),
            (META_TAGS, lambda: self.meta("title")),
            (VISIBLE, lambda: dom.text_of(h1) if h1 is not None else None),
        )

    def title(self) -> str | None:
        return self._layered("title")[1]

    @cached_property
    def _visible_lede(self) -> str | None:
        return clean_text(" ".join(dom.css_all(self.root, site.LEDE_SELECTOR + " ::text")))

    def visible_lede(self) -> str | None:
        return self._visible_lede

    def _summary_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self.metadata.text("description")),
            (META_TAGS, lambda: self.meta("description") or self.meta("description_fallback")),
            (VISIBLE, self.visible_lede),
        )

    def summary(self) -> str | None:
        return self._layered("summary")[1]

    def _authors_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self.metadata.text("author")),
            (META_TAGS, lambda: self.meta("author")),
            (VISIBLE, lambda: self._visible("byline")),
        )

    def authors(self) -> str | None:
        """The byline string ("A and B"); the loader splits it into names."""
        return self._layered("authors")[1]

    def source(self) -> str | None:
        return self._visible("source")

    def _published_at_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: iso_datetime(self.metadata.text("published_time"))),
            (META_TAGS, lambda: iso_datetime(self.meta("published"))),
            (VISIBLE, lambda: iso_datetime(self._visible("date"))),
        )

    def published_at(self) -> str | None:
        return self._layered("published_at")[1]

    def _updated_at_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: iso_datetime(self.metadata.text("last_updated"))),
            (META_TAGS, lambda: iso_datetime(self.meta("modified"))),
        )

    def updated_at(self) -> str | None:
        return self._layered("updated_at")[1]

    def shares(self) -> str | None:
        return self._visible("shares")

    def read_time_minutes(self) -> str | None:
        return self._visible("read_time")

    def _section_from_path(self) -> str | None:
        match = self.path_match
        return site.section_name(match["sub"] or match["top"]) if match else None

    def _section_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self.metadata.class_value("category")),
            (META_TAGS, lambda: self.meta("section")),
            (URL, self._section_from_path),
        )

    def section(self) -> str | None:
        return self._layered("section")[1]

    def _posttype_from_path(self) -> str | None:
        match = self.path_match
        return site.TOP_POSTTYPE.get(match["top"]) if match else None

    def _content_type_candidates(self) -> Candidates:
        """The post type's candidates (the content type is mapped from it and the section)."""
        return (
            (METADATA, lambda: self.metadata.class_value("posttype")),
            (URL, self._posttype_from_path),
        )

    def content_type(self) -> str:
        posttype = self._layered("content_type")[1]
        return site.content_type_for(posttype, self.section())

    def region(self) -> str | None:
        return self.metadata.class_value("country")

    def coverage(self) -> str | None:
        return self.metadata.class_value("coverage")

    def visible_tags(self) -> list[str]:
        """The visible tag list: links to tag pages (page furniture never carries any)."""
        word = _TAG_WORD if _TAG_WORD and _TAG_WORD not in urlsplit(self.response_url).path else ""
        return [
            text
            # Joining never makes up a path segment: no tag path without the word in the link
            # (unless the page's own path has it). Filtering in C spares a Python object and
            # a urljoin for each of the page's hundred-odd other links.
            for a in _BODY_LINKS(self.root, word=word)
            if site.TAG_PATH_RE.match(urlsplit(urljoin(self.response_url, a.get("href"))).path)
            and (text := dom.text_of(a))
        ]

    def _tags_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: split_keywords(self.metadata.text("keywords"))),
            (META_TAGS, lambda: self.meta_all("tags")),
            (VISIBLE, self.visible_tags),
        )

    def tags(self) -> list[str]:
        return self._layered("tags")[1] or []

    def _image_url_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: absolute_url(self.metadata.text("thumbnail"), self.response_url)),
            (META_TAGS, lambda: absolute_url(self.meta("image"), self.response_url)),
        )

    def image_url(self) -> str | None:
        return self._layered("image_url")[1]

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

    def _img_src(self, img: dom.Element) -> str | None:
        return absolute_url(img.get("src"), self.response_url)

    def image_caption(self) -> str | None:
        image_url = self.image_url()
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

    def _video_url_candidates(self) -> Candidates:
        return (
            (META_TAGS, lambda: absolute_url(self._og_video(), self.response_url)),
            (VISIBLE, lambda: absolute_url(self._visible_player(), self.response_url)),
        )

    def video_url(self) -> str | None:
        return self._layered("video_url")[1]

    # --- the body -----------------------------------------------------------------------------
    def _related_heading(self) -> dom.Element | None:
        container = self.body_container
        scope = container if container is not None else self.article_root
        found = self.texts.exact_text(scope, site.RELATED_HEADING)
        if not found and container is not None:
            found = self.texts.exact_text(self.article_root, site.RELATED_HEADING)
        return found[0] if found else None

    def related_box(self) -> list[dom.Element]:
        """The elements making up the Related News box: the nearest ancestor of its heading that
        holds links; when that is the body container itself, the heading and the link-only
        siblings after it. Found once per page (the body and related_urls both need it)."""
        if self._related_cache is None:
            self._related_cache = self._find_related_box()
        return list(self._related_cache)

    def _find_related_box(self) -> list[dom.Element]:
        heading = self._related_heading()
        if heading is None:
            return []
        container = self.body_container
        for ancestor in heading.iterancestors():
            if ancestor is container:
                break
            if _HAS_LINK(ancestor):
                return [ancestor]
        box = [heading]
        for sibling in heading.itersiblings():
            if not dom.is_element(sibling):
                continue
            links = _LINKS(sibling)
            links_text = clean_text(" ".join(self._text(a) or "" for a in links))
            if not links_text or links_text != self._text(sibling):
                break
            box.append(sibling)
        return box

    def _text(self, element: dom.Element) -> str | None:
        """``dom.text_of(element)``, from the page's memo when the element is in the article."""
        root = self.article_root
        if element is root or any(a is root for a in element.iterancestors()):
            return self.texts.text(element)
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
        container = self.body_container
        if container is None:
            return []
        in_box: set[dom.Element] = set()
        for element in self.related_box():
            in_box.add(element)
            in_box.update(element.iterancestors())
        media = self._media_children(container)
        blocks = []
        children = [c for c in container if dom.is_element(c)]
        for position, child in enumerate(children):
            if child.tag not in BODY_TAGS:
                continue
            if child in in_box or self._is_tweet(child) or child in media:
                continue
            text = self.texts.text(child)
            if text is None or site.READ_MORE_RE.match(text):
                continue
            # The lede repeated as the first paragraph (read only when it can matter).
            if position == 0 and child.tag == "p" and text == self._lede():
                continue
            blocks.append(text)
        return blocks

    def _lede(self) -> str | None:
        return self.visible_lede() or self.summary()

    def body(self) -> str:
        return "\n\n".join(self.body_blocks())

    def _language_candidates(self) -> Candidates:
        # <html lang> is always there, as postid is: counted with the meta tags.
        return (
            (METADATA, lambda: self.metadata.text("lang")),
            (META_TAGS, lambda: self.meta("language")),
        )

    def language(self) -> str | None:
        return self._layered("language")[1]

    # --- provenance ---------------------------------------------------------------------------
    def layer_of(self, field: str) -> str | None:
        """Which layer gave ``field``'s value on this page (METADATA, META_TAGS, POSTID_META,
        VISIBLE, URL), None when no layer had one. Fields computed from others (word_count,
        content_hash, scraped_at) have no layer of their own."""
        candidates = getattr(self, f"_{field}_candidates", None)
        if candidates is not None:
            return self._layered(field)[0]
        if field in SINGLE_LAYER:
            value = getattr(self, field)()
            return SINGLE_LAYER[field] if value else None
        if field in items.ARTICLE_FIELDS:
            return None
        raise KeyError(f"not an article field: {field!r}")

    def layers(self) -> dict[str, str | None]:
        """layer_of every article field that has a layer, feed order."""
        return {
            field: self.layer_of(field)
            for field in items.ARTICLE_FIELDS
            if field not in ("word_count", "content_hash", "scraped_at")
        }

    # --- the item -----------------------------------------------------------------------------
    def to_item(self, scraped_at: datetime | None = None) -> items.ArticleItem:
        """The full item: every field of items.ARTICLE_FIELDS, None or [] where absent."""
        moment = scraped_at or datetime.now(UTC)
        raw = {
            "url": self.url(),
            "post_id": self.post_id(),
            "title": self.title(),
            "summary": self.summary(),
            "authors": self.authors(),
            "source": self.source(),
            "published_at": self.published_at(),
            "updated_at": self.updated_at(),
            "section": self.section(),
            "content_type": self.content_type(),
            "region": self.region(),
            "coverage": self.coverage(),
            "tags": self.tags(),
            "image_url": self.image_url(),
            "image_caption": self.image_caption(),
            "read_time_minutes": self.read_time_minutes(),
            "shares": self.shares(),
            "related_urls": self.related_urls(),
            "video_url": self.video_url(),
            "images": self.images(),
            "language": self.language(),
            "scraped_at": moment.isoformat(),
        }
        item = load_article(raw, self.response_url)
        for field in items.ARTICLE_FIELDS:
            if item.get(field) is None and field in _LIST_DEFAULTS:
                item[field] = list(_LIST_DEFAULTS[field])
            item.setdefault(field, None)
        body = self.body()
        item["body"] = body
        item["word_count"] = items.word_count(body)
        item["content_hash"] = items.content_hash(item["title"], item["summary"], body)
        return items.ArticleItem({field: item[field] for field in items.ARTICLE_FIELDS})
