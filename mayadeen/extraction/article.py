"""The article page object: every item field from one article page, layer by layer.

Layers, earliest wins: the metadata JSON block, the meta tags, the visible page. The visible page
is read by text pattern (site.py regexes), URL pattern and structure: its class names vary between
templates, so none is relied on alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response, TextResponse

from mayadeen import items, site
from mayadeen.extraction import dom
from mayadeen.extraction.metadata import Metadata
from mayadeen.loaders import (
    ArticleLoader,
    absolute_url,
    canonical_url,
    clean_text,
    iso_datetime,
    split_keywords,
)

BODY_TAGS = ("p", "h2", "h3", "blockquote")
_POST_ID_RE = re.compile(r"^[0-9]+$")
_TWEET_HOSTS = re.compile(r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/", re.I)
# Elements that make a body child a figure/gallery/player rather than text.
_MEDIA_XPATH = ".//img | .//figure | .//video | .//iframe | .//picture"


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


def _html_selector(response: Response) -> Selector:
    """The response's HTML selector; a body that is not HTML (binary, or text parsel takes
    for JSON) reads as an empty page rather than failing."""
    if not isinstance(response, TextResponse):
        return Selector(text="", type="html")
    if response.selector.type != "html":
        return Selector(text=response.text, type="html")
    return response.selector


def _post_id(value: str | None) -> str | None:
    value = clean_text(value)
    return value if value and _POST_ID_RE.match(value) else None


class ArticlePage:
    """One article page. Build it from a Scrapy response or ``from_html(html, url)``."""

    def __init__(self, response: Response | Selector, url: str | None = None):
        if isinstance(response, Response):
            self.selector = _html_selector(response)
            self.response_url = response.url
        else:
            if url is None:
                raise ValueError("ArticlePage(selector, url): the page URL is required")
            self.selector = response
            self.response_url = url
        self.root: dom.Element = self.selector.root
        self.metadata = Metadata.from_selector(self.selector)
        self._visible_cache: dict[str, str] | None = None

    @classmethod
    def from_html(cls, html: str, url: str) -> ArticlePage:
        return cls(Selector(text=html), url)

    # --- layers -------------------------------------------------------------------------------
    def meta(self, name: str) -> str | None:
        """One meta-tag value of site.META, normalized; None when absent."""
        return clean_text(self.selector.css(site.META[name]).get())

    def meta_all(self, name: str) -> list[str]:
        values = (clean_text(x) for x in self.selector.css(site.META[name]).getall())
        return [v for v in values if v]

    # --- structure of the visible page --------------------------------------------------------
    @property
    def h1(self) -> dom.Element | None:
        found = self.root.xpath("//body//h1")
        return found[0] if found else None

    @property
    def body_container(self) -> dom.Element | None:
        found = self.selector.css(site.BODY_CONTAINER_SELECTOR)
        return found[0].root if found else None

    @property
    def article_root(self) -> dom.Element:
        """The smallest element holding both the headline and the body container (the article
        without the page furniture around it), else the document body."""
        h1, container = self.h1, self.body_container
        if h1 is not None and container is not None:
            for ancestor in h1.iterancestors():
                if dom.is_ancestor(ancestor, container):
                    return ancestor
        body = self.root.xpath("//body")
        return body[0] if body else self.root

    def _header_candidates(self) -> list[dom.Element]:
        """Visible elements of the article outside its body text, headline-first: where the
        byline, source, date, shares and read time are."""
        container = self.body_container
        # A set of the container's elements, not an ancestor walk per element: linear on a page
        # nested thousands deep (lxml keeps one proxy per node while referenced, so `in` holds).
        inside = set(container.iter()) if container is not None else set()
        candidates = [e for e in dom.elements(self.article_root) if e not in inside]
        h1 = self.h1
        if h1 is None or h1 not in candidates:
            return candidates
        at = candidates.index(h1)
        return candidates[at:] + candidates[:at]

    def visible_fields(self) -> dict[str, str]:
        """Byline names, source, date, shares and read time as the page shows them. The strict
        patterns (date, shares, read time) are found first; the source and then the byline are
        read leaving those out, so "By A <time>7 Jan 2022 08:54</time>" gives the names only."""
        if self._visible_cache is not None:
            return self._visible_cache
        candidates = self._header_candidates()
        found: dict[str, str] = {}
        atoms: list[dom.Element] = []
        for key, pattern, group in (
            ("date", site.VISIBLE_DATE_RE, "date"),
            ("shares", site.SHARES_RE, "n"),
            ("read_time", site.READ_TIME_RE, "n"),
            ("source", site.SOURCE_RE, "source"),
            ("byline", site.BYLINE_RE, "names"),
        ):
            matches = dom.innermost_matches(candidates, pattern, skip=atoms)
            if matches:
                element, match = matches[0]
                found[key] = match.group(group)
                atoms.append(element)
        self._visible_cache = found
        return found

    def _visible(self, key: str) -> str | None:
        return self.visible_fields().get(key)

    @property
    def path_match(self) -> re.Match[str] | None:
        return site.ARTICLE_PATH_RE.match(urlsplit(self.url() or self.response_url).path)

    # --- fields -------------------------------------------------------------------------------
    # Each layered field lists its candidates, earliest layer first: the field's value is the
    # first non-empty one, and layer_of(field) says which layer that was. A value that is not
    # valid for its field (a "javascript:" URL, a date that is no date) counts as absent, so the
    # next layer gives the field rather than a broken value hiding a good one.
    def _web_url(self, url: str | None) -> str | None:
        return canonical_url(url, self.response_url)

    def _url_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self._web_url(self.metadata.text("url"))),
            (META_TAGS, lambda: self._web_url(self.meta("canonical") or self.meta("og_url"))),
            (URL, lambda: self.response_url),
        )

    def url(self) -> str | None:
        return first_filled(self._url_candidates())[1]

    def _post_id_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: _post_id(self.metadata.text("postid"))),
            (POSTID_META, lambda: _post_id(self.selector.css(site.POSTID_META_SELECTOR).get())),
        )

    def post_id(self) -> str | None:
        return first_filled(self._post_id_candidates())[1]

    def _title_candidates(self) -> Candidates:
        h1 = self.h1
        return (
            (METADATA, lambda: self.metadata.text("title")),
            (META_TAGS, lambda: self.meta("title")),
            (VISIBLE, lambda: dom.text_of(h1) if h1 is not None else None),
        )

    def title(self) -> str | None:
        return first_filled(self._title_candidates())[1]

    def visible_lede(self) -> str | None:
        return clean_text(" ".join(self.selector.css(site.LEDE_SELECTOR + " ::text").getall()))

    def _summary_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self.metadata.text("description")),
            (META_TAGS, lambda: self.meta("description") or self.meta("description_fallback")),
            (VISIBLE, self.visible_lede),
        )

    def summary(self) -> str | None:
        return first_filled(self._summary_candidates())[1]

    def _authors_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: self.metadata.text("author")),
            (META_TAGS, lambda: self.meta("author")),
            (VISIBLE, lambda: self._visible("byline")),
        )

    def authors(self) -> str | None:
        """The byline string ("A and B"); the loader splits it into names."""
        return first_filled(self._authors_candidates())[1]

    def source(self) -> str | None:
        return self._visible("source")

    def _published_at_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: iso_datetime(self.metadata.text("published_time"))),
            (META_TAGS, lambda: iso_datetime(self.meta("published"))),
            (VISIBLE, lambda: iso_datetime(self._visible("date"))),
        )

    def published_at(self) -> str | None:
        return first_filled(self._published_at_candidates())[1]

    def _updated_at_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: iso_datetime(self.metadata.text("last_updated"))),
            (META_TAGS, lambda: iso_datetime(self.meta("modified"))),
        )

    def updated_at(self) -> str | None:
        return first_filled(self._updated_at_candidates())[1]

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
        return first_filled(self._section_candidates())[1]

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
        posttype = first_filled(self._content_type_candidates())[1]
        return site.content_type_for(posttype, self.section())

    def region(self) -> str | None:
        return self.metadata.class_value("country")

    def coverage(self) -> str | None:
        return self.metadata.class_value("coverage")

    def visible_tags(self) -> list[str]:
        """The visible tag list: links to tag pages (page furniture never carries any)."""
        return [
            text
            for a in self.root.xpath("//body//a[@href]")
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
        return first_filled(self._tags_candidates())[1] or []

    def _image_url_candidates(self) -> Candidates:
        return (
            (METADATA, lambda: absolute_url(self.metadata.text("thumbnail"), self.response_url)),
            (META_TAGS, lambda: absolute_url(self.meta("image"), self.response_url)),
        )

    def image_url(self) -> str | None:
        return first_filled(self._image_url_candidates())[1]

    def _caption_for(self, img: dom.Element, stop: dom.Element | None) -> str | None:
        """The visible text next to an image: the text after it in its nearest ancestor holding
        any (an img's alt is an attribute, never text), not climbing to ``stop`` or to an element
        holding the headline, the body or another image."""
        h1, container = self.h1, self.body_container
        for ancestor in img.iterancestors():
            if ancestor is stop or ancestor.tag in ("body", "html"):
                return None
            if any(
                marker is not None and (marker is ancestor or dom.is_ancestor(ancestor, marker))
                for marker in (h1, container)
            ):
                return None
            if len(ancestor.xpath(".//img")) > 1:
                return None
            text = dom.text_after(ancestor, img)
            if text:
                return text
        return None

    def _img_src(self, img: dom.Element) -> str | None:
        return absolute_url(img.get("src"), self.response_url)

    def image_caption(self) -> str | None:
        image_url = self.image_url()
        if image_url is None:
            return None
        container = self.body_container
        imgs = self.article_root.xpath(".//img[@src]")
        # The main figure first (outside the body), then any copy inside it.
        outside = [i for i in imgs if container is None or not dom.is_ancestor(container, i)]
        inside = [i for i in imgs if i not in outside]
        # The exact URL first; else the same file in another size (a different ?width=).
        for same in (
            lambda src: src == image_url,
            lambda src: _file_of(src) == _file_of(image_url),
        ):
            for img in outside + inside:
                src = self._img_src(img)
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
            for img in container.xpath(".//img[@src]")
        ]

    def _visible_player(self) -> str | None:
        root = self.article_root
        for xpath in (".//video//source/@src", ".//video/@src", ".//iframe/@src"):
            found = root.xpath(xpath)
            if found:
                return str(found[0])
        return None

    def _og_video(self) -> str | None:
        return clean_text(
            self.selector.css("meta[property='og:video']::attr(content)").get()
        ) or clean_text(self.selector.css("meta[property='og:video:url']::attr(content)").get())

    def _video_url_candidates(self) -> Candidates:
        return (
            (META_TAGS, lambda: absolute_url(self._og_video(), self.response_url)),
            (VISIBLE, lambda: absolute_url(self._visible_player(), self.response_url)),
        )

    def video_url(self) -> str | None:
        return first_filled(self._video_url_candidates())[1]

    # --- the body -----------------------------------------------------------------------------
    def _related_heading(self) -> dom.Element | None:
        container = self.body_container
        scope = container if container is not None else self.article_root
        found = dom.exact_text(list(dom.elements(scope)), site.RELATED_HEADING)
        if not found and container is not None:
            found = dom.exact_text(list(dom.elements(self.article_root)), site.RELATED_HEADING)
        return found[0] if found else None

    def related_box(self) -> list[dom.Element]:
        """The elements making up the Related News box: the nearest ancestor of its heading that
        holds links; when that is the body container itself, the heading and the link-only
        siblings after it."""
        heading = self._related_heading()
        if heading is None:
            return []
        container = self.body_container
        for ancestor in heading.iterancestors():
            if ancestor is container:
                break
            if ancestor.xpath(".//a[@href]"):
                return [ancestor]
        box = [heading]
        for sibling in heading.itersiblings():
            if not dom.is_element(sibling):
                continue
            links_text = clean_text(" ".join(dom.text_of(a) or "" for a in sibling.xpath(".//a")))
            if not links_text or links_text != dom.text_of(sibling):
                break
            box.append(sibling)
        return box

    def related_urls(self) -> list[str]:
        return [str(href) for element in self.related_box() for href in element.xpath(".//a/@href")]

    def _is_tweet(self, element: dom.Element) -> bool:
        if element.tag != "blockquote":
            return False
        if "twitter-tweet" in (element.get("class") or "").split():
            return True
        return any(_TWEET_HOSTS.match(href) for href in element.xpath(".//a/@href"))

    def body_blocks(self) -> list[str]:
        """The text of the body's blocks, in order (see the issue's body rule)."""
        container = self.body_container
        if container is None:
            return []
        box = self.related_box()
        lede = self.visible_lede() or self.summary()
        blocks = []
        children = [c for c in container if dom.is_element(c)]
        for position, child in enumerate(children):
            if child.tag not in BODY_TAGS:
                continue
            if any(child is b or dom.is_ancestor(child, b) for b in box):
                continue
            if self._is_tweet(child) or child.xpath(_MEDIA_XPATH):
                continue
            text = dom.text_of(child)
            if text is None or site.READ_MORE_RE.match(text):
                continue
            if position == 0 and child.tag == "p" and text == lede:
                continue
            blocks.append(text)
        return blocks

    def body(self) -> str:
        return "\n\n".join(self.body_blocks())

    def _language_candidates(self) -> Candidates:
        # <html lang> is always there, as postid is: counted with the meta tags.
        return (
            (METADATA, lambda: self.metadata.text("lang")),
            (META_TAGS, lambda: self.meta("language")),
        )

    def language(self) -> str | None:
        return first_filled(self._language_candidates())[1]

    # --- provenance ---------------------------------------------------------------------------
    def layer_of(self, field: str) -> str | None:
        """Which layer gave ``field``'s value on this page (METADATA, META_TAGS, POSTID_META,
        VISIBLE, URL), None when no layer had one. Fields computed from others (word_count,
        content_hash, scraped_at) have no layer of their own."""
        candidates = getattr(self, f"_{field}_candidates", None)
        if candidates is not None:
            return first_filled(candidates())[0]
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
        loader = ArticleLoader(base_url=self.response_url)
        loader.add_value("url", self.url())
        loader.add_value("post_id", self.post_id())
        loader.add_value("title", self.title())
        loader.add_value("summary", self.summary())
        loader.add_value("authors", self.authors())
        loader.add_value("source", self.source())
        loader.add_value("published_at", self.published_at())
        loader.add_value("updated_at", self.updated_at())
        loader.add_value("section", self.section())
        loader.add_value("content_type", self.content_type())
        loader.add_value("region", self.region())
        loader.add_value("coverage", self.coverage())
        loader.add_value("tags", self.tags())
        loader.add_value("image_url", self.image_url())
        loader.add_value("image_caption", self.image_caption())
        loader.add_value("read_time_minutes", self.read_time_minutes())
        loader.add_value("shares", self.shares())
        loader.add_value("related_urls", self.related_urls())
        loader.add_value("video_url", self.video_url())
        loader.add_value("images", self.images())
        loader.add_value("language", self.language())
        moment = scraped_at or datetime.now(UTC)
        loader.add_value("scraped_at", moment.isoformat())
        item = loader.load_item()
        for field in items.ARTICLE_FIELDS:
            if field not in item:
                item[field] = list(_LIST_DEFAULTS[field]) if field in _LIST_DEFAULTS else None
        body = self.body()
        item["body"] = body
        item["word_count"] = items.word_count(body)
        item["content_hash"] = items.content_hash(item["title"], item["summary"], body)
        return items.ArticleItem({field: item[field] for field in items.ARTICLE_FIELDS})
