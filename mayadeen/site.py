"""The site profile: every URL pattern, selector and taxonomy fact about english.almayadeen.net.

This is the one place to fix after a look at the live site. Each entry carries the evidence tag of
``shared/site-notes.md``: [V] verified, [S] stated by a public project, [I] inferred from the Arabic
edition, [?] unknown, chosen here. The spider reads only this module for site specifics; the replica
uses the same URL scheme so that what it serves is what the spider expects of the live site.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

BASE_URL = "https://english.almayadeen.net"
# [V] The English edition launched on 1 July 2021; nothing older exists.
LAUNCH_DATE = "2021-07-01"
# [V] Visible dates are Beirut local time (+02:00 winter, +03:00 summer).
SITE_TIMEZONE = ZoneInfo("Asia/Beirut")
LANGUAGE = "en"

# --- Taxonomy [V] from the seed page's navigation menu -------------------------------------
# (path segment, display name). The top-level path segments are [V] for news and articles
# (real article URLs), [?] for the others.
SECTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "news": (
        "News",
        [
            ("politics", "Politics"),
            ("economy", "Economy"),
            ("sports", "Sports"),
            ("arts-culture", "Arts&Culture"),
            ("health", "Health"),
            ("miscellaneous", "Miscellaneous"),
            ("technology", "Technology"),
            ("environment", "Environment"),
        ],
    ),
    "articles": (
        "Articles",
        [
            ("opinion", "Opinion"),
            ("analysis", "Analysis"),
            ("blog", "Blog"),
            ("features", "Features"),
        ],
    ),
    "videos": (
        "Videos",
        [
            ("newsfeed", "NewsFeed"),
            ("video-features", "Video Features"),
            ("explainers", "Explainers"),
            ("tv", "TV"),
            ("digital-series", "Digital Series"),
        ],
    ),
    "infographs": ("Infographs", []),
    "in-pictures": ("In Pictures", []),
}
# [V] names from the menu; [?] path segments.
REGIONS: list[tuple[str, str]] = [
    ("africa", "Africa"),
    ("asia", "Asia"),
    ("asia-pacific", "Asia-Pacific"),
    ("europe", "Europe"),
    ("latin-america", "Latin America"),
    ("mena", "MENA"),
    ("palestine", "Palestine"),
    ("us-canada", "US & Canada"),
]

# Item `content_type` values, and how the metadata post type / category map to them.
CONTENT_TYPES = ("news", "opinion", "analysis", "blog", "feature", "video", "infograph", "gallery")
POSTTYPE_CONTENT_TYPE = {"Videos": "video", "Infographs": "infograph", "In Pictures": "gallery"}
CATEGORY_CONTENT_TYPE = {
    "Opinion": "opinion",
    "Analysis": "analysis",
    "Blog": "blog",
    "Features": "feature",
}
# The metadata post type of each URL top segment: the post type when a page has no metadata.
TOP_POSTTYPE = {
    "news": "News",
    "articles": "Articles",
    "videos": "Videos",
    "infographs": "Infographs",
    "in-pictures": "In Pictures",
}


def content_type_for(posttype: str | None, section: str | None) -> str:
    """Map a post type (metadata, else from the URL) and section (category) to a content type."""
    if posttype in POSTTYPE_CONTENT_TYPE:
        return POSTTYPE_CONTENT_TYPE[posttype]
    return CATEGORY_CONTENT_TYPE.get(section or "", "news")


def section_name(segment: str) -> str | None:
    """Display name of a section or subsection path segment."""
    for top, (name, subs) in SECTIONS.items():
        if segment == top:
            return name
        for sub, sub_name in subs:
            if segment == sub:
                return sub_name
    return None


# --- URL scheme ------------------------------------------------------------------------------
# [V] article URLs: /<top>/<sub>/<slug> or /articles/<slug> (no subsection); no numeric id.
# [V] never lower-case URLs (the Arabic edition keeps upper case in some paths).
ARTICLE_PATH_RE = re.compile(
    r"^/(?P<top>news|articles|videos|infographs|in-pictures)"
    r"(?:/(?P<sub>[a-z-]+))?/(?P<slug>[A-Za-z0-9-]+)/?$"
)
# [V] slug: lower-cased headline, every non-alphanumeric character a hyphen (so "--" appears),
# cut at 60 characters, trailing hyphens dropped.
SLUG_MAX_LENGTH = 60
# [?] listing and tag/author page URLs and their pagination.
SECTION_PATH = "/{top}"  # e.g. /news
SUBSECTION_PATH = "/{top}/{sub}"  # e.g. /news/politics
REGION_PATH = "/region/{region}"  # [?]
TAG_PATH = "/tags/{tag}"  # [?]
AUTHOR_PATH = "/authors/{author}"  # [I] from the Arabic edition
COVERAGE_PATH = "/coverage/{coverage}"  # [?]
PAGE_PARAM = "page"  # [?] ?page=2, page 1 has no parameter
LISTING_PATH_RE = re.compile(
    r"^/(?:(?:news|articles|videos)(?:/[a-z-]+)?|infographs|in-pictures|region/[a-z-]+)/?$"
)
TAG_PATH_RE = re.compile(r"^/tags/[^/?#]+/?$")


def _tag_word() -> str:
    word = TAG_PATH.strip("/").split("/")[0]
    return word if TAG_PATH_RE.pattern.startswith(f"^/{word}/") and word.isalnum() else ""


# The first segment of tag paths ("tags"), when TAG_PATH_RE starts with it literally, else "": a
# link can only lead to a tag page if it holds that word or the page's own path does (joining a
# link to a URL never makes up a path segment), so only those links need to be made absolute.
TAG_WORD = _tag_word()
AUTHOR_PATH_RE = re.compile(r"^/authors/[^/?#]+/?$")
COVERAGE_PATH_RE = re.compile(r"^/coverage(?:/[^/?#]+)?/?$")  # [?]
# [?] Other forms of pagination a listing may show, besides rel=next and ?page=N: a path suffix
# /page/N, and a link whose whole text is one of these words.
PAGE_PATH_RE = re.compile(r"/page/(?P<n>\d+)/?$")
NEXT_LINK_TEXT_RE = re.compile(
    r"^\s*(?:next(?: page)?|older(?: posts| stories| news)?|more(?: news| stories)?|[›»>])"
    r"\s*[›»>]?\s*$",
    re.I,
)
# URL shapes known besides the patterns above (mayadeen/spiders/shapes.py: a path with <slug>,
# <n> and <sub> segments). The run report proposes additions for the shapes a crawl learned;
# pages of OTHER_SHAPES (about, contact, search...) are never fetched.
ARTICLE_SHAPES: tuple[str, ...] = ()
LISTING_SHAPES: tuple[str, ...] = ()
# [?] The footer's pages (about, contact, privacy, the authors' index): neither articles nor
# listings, never fetched.
OTHER_SHAPES: tuple[str, ...] = ("/about-us", "/contact-us", "/privacy-policy", "/authors")
# [V Arabic, I English] sitemap index and monthly sitemaps (month not zero-padded).
SITEMAP_INDEX_PATH = "/sitemaps/all.xml"
SITEMAP_MONTH_PATH = "/sitemaps/all/sitemap-{year}-{month}.xml"
SITEMAP_MONTH_RE = re.compile(r"/sitemaps/all/sitemap-(?P<year>\d{4})-(?P<month>\d{1,2})\.xml$")
# [?] A listing whose further pages come only from a script: a button with this text (matched
# case-insensitively, in Python and in the browser's JavaScript alike).
LOAD_MORE_TEXT = r"^\s*(?:load|show|view) more\b"
# [V as reports] /rss answers 403 from Cloudflare to automated clients.
RSS_PATH = "/rss"
# Query parameters that never change the page: removed from canonical URLs.
TRACKING_PARAMS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_id",
    "fbclid",
    "gclid",
    "mc_cid",
    "mc_eid",
    "ref",
    "at_medium",
    "at_campaign",
)


def slugify(headline: str) -> str:
    """The site's slug for a headline (see SLUG_MAX_LENGTH)."""
    return re.sub(r"[^a-z0-9]", "-", headline.lower())[:SLUG_MAX_LENGTH].rstrip("-")


# --- Article page markup -----------------------------------------------------------------------
# Layer 1 [V Arabic, I English]: the metadata JSON block and the post id meta tag.
METADATA_SELECTOR = "script#tawsiyat-metadata::text"
POSTID_META_SELECTOR = "meta[name=postid]::attr(content)"
# Layer 2 [?]: standard OpenGraph / article meta tags.
META = {
    "canonical": "link[rel=canonical]::attr(href)",
    "og_url": "meta[property='og:url']::attr(content)",
    "title": "meta[property='og:title']::attr(content)",
    "description": "meta[property='og:description']::attr(content)",
    "description_fallback": "meta[name=description]::attr(content)",
    "image": "meta[property='og:image']::attr(content)",
    "published": "meta[property='article:published_time']::attr(content)",
    "modified": "meta[property='article:modified_time']::attr(content)",
    "section": "meta[property='article:section']::attr(content)",
    "tags": "meta[property='article:tag']::attr(content)",
    "author": "meta[name=author]::attr(content)",
    "language": "html::attr(lang)",
    "og_type": "meta[property='og:type']::attr(content)",
}
# Layer 3: the visible page. [V Arabic] lede and body container. Everything else in the visible
# layer is read by text pattern, never by class name, because those classes are [?].
LEDE_SELECTOR = "p.lg_para.summary"
BODY_CONTAINER_SELECTOR = "div.p-content"
# Whether the body is searched by structure (extraction/structure.py) where the configured
# container is absent or far too short. Off only to see what the configured container alone
# gives (a wrong profile's bodies, e.g. before re-extracting the archive with a mended one).
BODY_STRUCTURE_FALLBACK = True
TITLE_SELECTOR = "h1"
BYLINE_RE = re.compile(r"^\s*By\s+(?P<names>.+?)\s*$")
SOURCE_RE = re.compile(r"^\s*Source:\s*(?P<source>.+?)\s*$")
VISIBLE_DATE_RE = re.compile(r"^\s*(?P<date>\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2})\s*$")
VISIBLE_DATE_FORMAT = "%d %b %Y %H:%M"
SHARES_RE = re.compile(r"^\s*(?P<n>[\d,]+)\s+Shares?\s*$")
READ_TIME_RE = re.compile(r"^\s*(?P<n>\d+)\s+Min(?:ute)?s?\s+Read\s*$", re.I)
# [?] The same facts wherever they stand in a line, in any letter case, in other spellings: what
# the extraction searches a line with when the whole-line patterns above (the profile's spelling,
# tried first) do not match it. A field ends at a separator between fields, so
# "19 Shares · 4 Min Read" and "By A | Source: B" give both.
BYLINE_IN_LINE_RE = re.compile(
    r"(?:^|(?<=[|·•])\s*|\b(?:written|reported)\s+)By\s+(?P<names>[^|·•]+?)\s*(?=$|[|·•])", re.I
)
SOURCE_IN_LINE_RE = re.compile(r"\bSource\s*:\s*(?P<source>[^|·•]+?)\s*(?=$|[|·•])", re.I)
SHARES_IN_LINE_RE = re.compile(r"(?<![\d,.])(?P<n>\d[\d,]*)\s+Shares?\b", re.I)
READ_TIME_IN_LINE_RE = re.compile(
    r"(?<![\d.])(?P<n>\d+)\s*(?:Min(?:ute)?s?\.?|m)\s+(?:of\s+)?Read(?:ing)?\b", re.I
)
# [?] Visible date spellings, searched in a line: "7 Jan 2022 08:54", "Published: 7 January 2022,
# 08:54", "7 January 2022 | 08:54", "Jan 7, 2022 8:54 AM", "2022-01-07 08:54". Groups: day,
# month (a name, or a number), year, hour, minute, second and ampm (optional). Read as the site's
# local time (SITE_TIMEZONE).
_TIME = (
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[AP]\.?M\.?)(?![a-z]))?"
)
_DATE_TIME_GAP = r"\s*(?:[,|·•/\-–—]|\bat\b)?\s*"
VISIBLE_DATE_PATTERNS = (
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]{2,8})\.?,?\s+"
        rf"(?P<year>\d{{4}}){_DATE_TIME_GAP}{_TIME}(?!\d)",
        re.I,
    ),
    re.compile(
        r"\b(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<year>\d{{4}}){_DATE_TIME_GAP}{_TIME}(?!\d)",
        re.I,
    ),
    re.compile(rf"(?<!\d)(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})[ T]{_TIME}(?!\d)"),
)
# [?] A visible date right after this is the last update, not the publication.
UPDATED_LABEL_RE = re.compile(r"\b(?:updated|modified|edited)\b\W*(?:on\b|at\b)?\W*$", re.I)
RELATED_HEADING = "Related News"
# [?] A gallery's slide counter ("1 / 5", "2 of 5") beside a caption: no part of it.
SLIDE_COUNTER_RE = re.compile(r"\d+\s*(?:/|of)\s*\d+", re.I)
READ_MORE_RE = re.compile(r"^\s*Read (?:more|also|next)\s*:", re.I)
# [S] the breaking ticker's items on the home page.
TICKER_ITEM_SELECTOR = ".ticker__item"
# Author names are split on these: "A and B", "A, B and C".
AUTHOR_SPLIT_RE = re.compile(r"\s*,\s*|\s+and\s+")
