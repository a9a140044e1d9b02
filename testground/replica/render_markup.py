"""The replica's markup choices, in one place, and the small helpers every renderer module uses.

Where the real site's markup is unknown ([?] in site-notes), the replica chooses; every such choice
(class names per visible template, furniture classes and link targets) is written here, so one look
at the live site can fix them. Facts (URL scheme, the lede and body selectors) come from site.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from mayadeen import site
from testground.replica.model import Article


@dataclass(frozen=True)
class Template:
    """Class names of one visible template (the renderer's layout code is keyed on its index)."""

    article: str  # wrapper of the article
    title: str  # the <h1>
    info: str  # container of byline/source/date/shares(/read time)
    byline: str
    source: str
    date: str
    shares: str
    read_time: str
    figure: str  # main image container
    caption: str  # the main image's visible caption
    tags: str
    related: str  # Related News box
    related_head: str
    inline_figure: str  # in-body figures and gallery/infograph items
    pull_quote: str


TEMPLATES: tuple[Template, ...] = (
    # 0: the seed's layout: ul>li info, read time below, ul>li image list with a div caption.
    Template(
        article="news-details",
        title="news-details__title",
        info="news-details__info",
        byline="author",
        source="source",
        date="date",
        shares="shares",
        read_time="read-time",
        figure="news-details__image",
        caption="img-caption",
        tags="news-details__tags",
        related="related-news",
        related_head="related-news__title",
        inline_figure="inline-image",
        pull_quote="pull-quote",
    ),
    # 1: header with div.meta>span items, <figure>/<figcaption> before the lede, tags as links.
    Template(
        article="story",
        title="story__headline",
        info="story-meta",
        byline="story-meta__by",
        source="story-meta__src",
        date="story-meta__date",
        shares="story-meta__shares",
        read_time="story-meta__read",
        figure="story__figure",
        caption="story__figcaption",
        tags="story__tags",
        related="related-box",
        related_head="related-box__head",
        inline_figure="story__inline-figure",
        pull_quote="story__quote",
    ),
    # 2: one <p> per info line with <time>, counters as spans, div>img+p.caption, "Tags:" line.
    Template(
        article="article-wrapper",
        title="article-wrapper__title",
        info="byline-block",
        byline="writer",
        source="origin",
        date="published",
        shares="count-shares",
        read_time="count-read",
        figure="media-holder",
        caption="caption",
        tags="topic-tags",
        related="more-on",
        related_head="more-on__title",
        inline_figure="inline-media",
        pull_quote="quote-box",
    ),
)

# The body container of the default skin: site.BODY_CONTAINER_SELECTOR, "div.p-content".
BODY_CONTAINER = site.BODY_CONTAINER_SELECTOR
DEFAULT_LEDE = '<p class="lg_para summary">{}</p>'


def _hour12(local: datetime) -> str:
    return f"{local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


# Spellings of the article page's visible date (Beirut local time), by name.
DATE_STYLES: dict[str, Callable[[datetime], str]] = {
    "short": lambda d: f"{d.day} {d:%b %Y %H:%M}",  # 7 Jan 2022 08:54 (the seed's)
    "long": lambda d: f"{d.day} {d:%B %Y, %H:%M}",  # 7 January 2022, 08:54
    "us": lambda d: f"{d:%b} {d.day}, {d.year} {_hour12(d)}",  # Jan 7, 2022 8:54 AM
    "pipe": lambda d: f"{d.day} {d:%B %Y} | {d:%H:%M}",  # 7 January 2022 | 08:54
}


@dataclass(frozen=True)
class Markup:
    """A skin's choices for the article page (and a listing's pagination links); DEFAULT_MARKUP is
    the default replica's. The page variant still decides the layout (variant.template) and which
    layers a page carries; these choices decide how each is spelled."""

    # The structured layer: "tawsiyat" (the metadata block), "jsonld" (schema.org) or "none".
    structured: str = "tawsiyat"
    postid_meta: bool = True  # <meta name="postid">
    # Class names per layout: layout L uses templates[L % len(templates)].
    templates: tuple[Template, ...] = TEMPLATES
    # The body container: nested elements, outermost first ("tag.class"); the body's blocks are
    # the children of the innermost.
    body: tuple[str, ...] = (BODY_CONTAINER,)
    lede: str = DEFAULT_LEDE  # the lede's element, "{}" its escaped text
    lede_repeat: bool | None = None  # the lede again as the first body paragraph; None: per variant
    date_style: str = "short"  # key of DATE_STYLES
    date_label: str = ""  # before the date, e.g. "Published: "
    updated_line: bool = False  # "Updated: <date>" after the date on edited posts
    time_element: bool = True  # the date in <time datetime="…">, else in a <span>
    byline_with_source: bool = False  # "By A | Source: B" in one element
    counters: str | None = None  # shares and read time in one element, joined by this
    counter_case: str = ""  # "", "lower" or "upper": the letter case of the counter words
    slide_counter: bool = False  # a gallery image's "1 / 5" between the image and its caption
    # A listing's links to its other pages: "rel" (<a rel=prev/next> "Previous", "Next"),
    # "numbers" (‹ 1 … 5 6 7 … 20 ›, <link rel=prev/next> in the head only) or "older"
    # ("← Newer posts", "Older posts →", no rel anywhere).
    pagination: str = "rel"


DEFAULT_MARKUP = Markup()

# Furniture choices. [V] texts of the seed page; [?] classes and link targets.
LANGUAGE_LINKS = (("Ar", "https://www.almayadeen.net/"), ("Es", "https://espanol.almayadeen.net/"))
X_URL = "https://x.com/MayadeenEnglish"
LIVE_PATH = "/videos/tv"  # [?] where LIVE leads: the TV section
READ_NEXT_ALL_PATH = "/news"
FOOTER_LINKS = (
    ("Privacy Policy", "/privacy-policy"),
    ("About Us", "/about-us"),
    ("Contact Us", "/contact-us"),
    ("Authors", "/authors"),
)
APP_LINKS = (
    ("Android", "https://play.google.com/store/apps/details?id=net.almayadeen.english"),
    ("iOS", "https://apps.apple.com/app/al-mayadeen-english/id1577777777"),
)
SITE_NAME = "Al Mayadeen English"
SLOGAN = "Slogan"  # [V] the seed shows the slogan image's alt text "Slogan"
FOOTER_TAGLINE = "Al Mayadeen is an Arab Independent Media Satellite Channel."
# Listing items: [S] `.media-caption` holds an item's text on the home page.
LISTING_ITEMS = "listing-items"
LISTING_ITEM = "media-item"
LISTING_CAPTION = "media-caption"
LOAD_MORE_BUTTON = "load-more__button"


def esc(text: str) -> str:
    """Escape text for element content and double-quoted attribute values."""
    return escape(text, quote=True)


def link(href: str, text: str, cls: str | None = None) -> str:
    class_attr = f' class="{esc(cls)}"' if cls else ""
    return f'<a{class_attr} href="{esc(href)}">{esc(text)}</a>'


def beirut(moment: datetime) -> datetime:
    return moment.astimezone(site.SITE_TIMEZONE)


def visible_date(moment: datetime, style: str = "short") -> str:
    """The article page's date in a DATE_STYLES spelling ("7 Jan 2022 08:54"), Beirut time."""
    return DATE_STYLES[style](beirut(moment))


def card_date(moment: datetime) -> str:
    """A listing or furniture card's date: "7 Jun 2025"."""
    local = beirut(moment)
    return f"{local.day} {local:%b %Y}"


def byline_names(authors: tuple[str, ...]) -> str:
    """Display string of the authors: "A", "A and B", "A, B and C"."""
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def author_path(name: str) -> str:
    return site.AUTHOR_PATH.format(author=site.slugify(name))


def tag_path(tag: str) -> str:
    return site.TAG_PATH.format(tag=site.slugify(tag))


def region_path(region: str) -> str:
    for segment, name in site.REGIONS:
        if name == region:
            return site.REGION_PATH.format(region=segment)
    return site.REGION_PATH.format(region=site.slugify(region))


def section_path(article: Article) -> str:
    if article.sub:
        return site.SUBSECTION_PATH.format(top=article.top, sub=article.sub)
    return site.SECTION_PATH.format(top=article.top)


def card_label(article: Article) -> tuple[str, str]:
    """(text, path) of a card's label: the category, or the region when the post has no category
    class (the seed's cards show "MENA" and "US & Canada" for such posts)."""
    if article.region and not article.variant.metadata_category:
        return article.region, region_path(article.region)
    return article.section, section_path(article)
