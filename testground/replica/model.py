"""The replica's article model: the truth a page is rendered from and the manifest is made from.

One ``Article`` is everything the replica knows about a post. ``render`` turns it into HTML (with
its variations: which layers the page carries, which visible template), ``manifest`` turns it into
the exact item the spider must produce. Neither adds facts of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mayadeen import site


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None  # visible caption; None where the page shows none
    alt: str  # alt text: never the item's caption


@dataclass(frozen=True)
class Block:
    """One direct child of the body container, in page order."""

    kind: str  # "p" | "h2" | "h3" | "blockquote" (body text) or noise, see NOISE_KINDS
    text: str
    # For noise blocks: "tweet" carries the tweet text, "readmore" a linked headline + url,
    # "related" is the Related News box (its links are the article's related_urls),
    # "figure" an in-body image (url in `url`, caption in `text`).
    url: str | None = None
    # Raw inner HTML for the renderer where the page's markup carries more than the text
    # (inline links, a trailing &nbsp;); `text` stays the normalized truth.
    html: str | None = None


BODY_KINDS = ("p", "h2", "h3", "blockquote")
NOISE_KINDS = ("tweet", "readmore", "related", "figure")


@dataclass(frozen=True)
class PageVariant:
    """How the page presents the article: the layers it carries and its visible template."""

    template: int = 0  # index into the visible-layer templates of render.py
    has_metadata: bool = True  # the tawsiyat-metadata JSON block
    has_meta_tags: bool = True  # OpenGraph / article:* meta tags and link[rel=canonical]
    lede_repeated: bool = False  # the lede repeated as the first body paragraph (real quirk)
    metadata_category: bool = True  # the metadata's `category` class present (~69% on the site)


@dataclass(frozen=True)
class Article:
    index: int  # catalog position; larger is newer. Anchors (hand-written) are < 0.
    post_id: str  # 7-digit CMS post id, a string
    posttype: (
        str  # metadata posttype: "News" | "Articles" | "Videos" | "Infographs" | "In Pictures"
    )
    top: str  # URL top segment: news | articles | videos | infographs | in-pictures
    sub: str | None  # URL subsection; None for /articles/<slug>, infographs, in-pictures
    section: str  # category display name: "Politics", "Opinion", "Infographs"
    region: str | None  # region display name (metadata class `country`), None for no region
    coverage: str | None  # topic hub, e.g. "War on Gaza"
    title: str
    slug: str
    authors: tuple[str, ...]
    source: str | None  # text after "Source:", None when the page has no source line
    published: datetime  # aware, Beirut time
    updated: datetime  # aware, Beirut time; == published unless edited
    summary: str  # the lede
    blocks: tuple[Block, ...]  # body children in order, text and noise
    image: Image | None
    tags: tuple[str, ...]  # display names, page order, no repeats
    related: tuple[str, ...]  # absolute URLs of the Related News box's links
    shares: int | None
    read_time: int | None
    video_url: str | None
    gallery: tuple[Image, ...] = ()
    variant: PageVariant = field(default_factory=PageVariant)
    revision: int = 0  # bumped by each edit (advance)

    @property
    def content_type(self) -> str:
        return site.content_type_for(self.posttype, self.section)

    @property
    def path(self) -> str:
        parts = [self.top] + ([self.sub] if self.sub else []) + [self.slug]
        return "/" + "/".join(parts)

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path

    @property
    def body_blocks(self) -> tuple[Block, ...]:
        """The blocks that are article text (what the item's body holds)."""
        return tuple(b for b in self.blocks if b.kind in BODY_KINDS)
