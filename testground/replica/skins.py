"""Skins: the same catalog and the same manifest, served in markup and URL shapes other than our
guesses about the live site, so that a crawler can be tested on what happens when a guess is wrong.

A skin is data: a render_markup.Markup (how an article page is spelled) and a skin_urls.UrlScheme
(where pages live); the renderer and the server read it. ``absent_fields`` are the manifest fields
the skin's pages do not carry anywhere (a crawler cannot get them right, so figures leave them out);
``breaks`` names the site.py guesses ([I]/[?] in site-notes) the skin makes wrong. The default skin
is the replica as it always was, byte for byte.

Served with ``python -m testground.replica serve --skin NAME`` (``ReplicaProcess(skin=NAME)``,
the tests' ``replica(skin=NAME)``, ``make_app(skin=NAME)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from testground.replica.render_markup import DEFAULT_MARKUP, Markup, Template
from testground.replica.skin_urls import DEFAULT_URLS, URLS_A, URLS_B, UrlScheme


@dataclass(frozen=True)
class Skin:
    name: str
    summary: str  # one line: what the skin changes
    markup: Markup = DEFAULT_MARKUP
    urls: UrlScheme = DEFAULT_URLS
    absent_fields: tuple[str, ...] = ()  # manifest fields no layer of its pages carries
    breaks: tuple[str, ...] = field(default=())  # the site.py guesses that fail on it


# Class names of the visible article under the class-name skins: none of the default templates'.
CLASSES_TEMPLATE = Template(
    article="post",
    title="post__headline",
    info="post__meta",
    byline="post__author",
    source="post__source",
    date="post__date",
    shares="post__stats",
    read_time="post__reading",
    figure="post__hero",
    caption="post__hero-caption",
    tags="post__topics",
    related="post__related",
    related_head="post__related-title",
    inline_figure="post__media",
    pull_quote="post__quote",
)
CLASSES_B_TEMPLATE = Template(
    article="entry",
    title="entry-title",
    info="entry-meta",
    byline="entry-meta__writer",
    source="entry-meta__credit",
    date="entry-meta__when",
    shares="entry-meta__social",
    read_time="entry-meta__length",
    figure="entry-image",
    caption="entry-image__text",
    tags="entry-keywords",
    related="entry-related",
    related_head="entry-related__label",
    inline_figure="entry-gallery__item",
    pull_quote="entry-blockquote",
)
WILD_TEMPLATE = Template(
    article="c-article",
    title="c-article__h",
    info="c-article__facts",
    byline="c-fact c-fact--by",
    source="c-fact c-fact--src",
    date="c-fact c-fact--on",
    shares="c-fact c-fact--num",
    read_time="c-fact c-fact--mins",
    figure="c-lead-media",
    caption="c-lead-media__cap",
    tags="c-chips",
    related="c-more",
    related_head="c-more__h",
    inline_figure="c-slide",
    pull_quote="c-pq",
)

# What every skin without the metadata block loses: schema.org and the meta tags name no region
# and no topic hub of a post.
NO_METADATA = ("region", "coverage")
VISIBLE_GUESSES = (
    "BODY_CONTAINER_SELECTOR",
    "LEDE_SELECTOR",
    "VISIBLE_DATE_RE",
    "SHARES_RE",
    "READ_TIME_RE",
    "BYLINE_RE",
    "SOURCE_RE",
)

DEFAULT = Skin("default", "the replica as always: our guesses about the live site hold")

JSONLD = Skin(
    "jsonld",
    "schema.org JSON-LD on every page instead of the tawsiyat-metadata block and "
    "meta[name=postid]; meta tags and visible page as the default",
    markup=Markup(structured="jsonld", postid_meta=False),
    absent_fields=NO_METADATA,
    breaks=("METADATA_SELECTOR", "POSTID_META_SELECTOR"),
)

BARE = Skin(
    "bare",
    "no structured layer at all (no metadata block, no JSON-LD, no meta[name=postid]): "
    "OpenGraph/article meta tags on every page and the visible page only",
    markup=Markup(structured="none", postid_meta=False),
    absent_fields=("post_id", *NO_METADATA),
    breaks=("METADATA_SELECTOR", "POSTID_META_SELECTOR"),
)

CLASSES = Skin(
    "classes",
    "other class names and nesting: body in div.article-body > div.article-body__text, lede "
    "div.standfirst > p and repeated at the top of every body; 'By A | Source: B' on one line; "
    "'Published: 7 January 2022, 08:54' in a span and 'Updated: 8 January 2022, 10:02' on "
    "edited posts; '19 Shares · 4 Min Read' on one line; "
    "'1 / 5' slide counters before gallery captions",
    markup=Markup(
        templates=(CLASSES_TEMPLATE,),
        body=("div.article-body", "div.article-body__text"),
        lede='<div class="standfirst"><p>{}</p></div>',
        lede_repeat=True,
        date_style="long",
        date_label="Published: ",
        updated_line=True,
        time_element=False,
        byline_with_source=True,
        counters=" · ",
        slide_counter=True,
    ),
    breaks=(*VISIBLE_GUESSES, "gallery captions without a slide counter"),
)

CLASSES_B = Skin(
    "classes-b",
    "other class names: body in section.entry-content, lede p.excerpt and never repeated; "
    "'Jan 7, 2022 8:54 AM'; '19 shares' and '4 min read' in lower case, each on its own line",
    markup=Markup(
        templates=(CLASSES_B_TEMPLATE,),
        body=("section.entry-content",),
        lede='<p class="excerpt">{}</p>',
        lede_repeat=False,
        date_style="us",
        time_element=False,
        counter_case="lower",
    ),
    breaks=("BODY_CONTAINER_SELECTOR", "LEDE_SELECTOR", "VISIBLE_DATE_RE", "SHARES_RE"),
)

URLS_A_SKIN = Skin(
    "urls-a",
    "default article markup; numbered pagination links (rel=next only in the head); "
    + URLS_A.summary,
    markup=Markup(pagination="numbers"),
    urls=URLS_A,
    breaks=URLS_A.breaks,
)

URLS_B_SKIN = Skin(
    "urls-b",
    "default article markup; 'Older posts →' pagination links without rel; " + URLS_B.summary,
    markup=Markup(pagination="older"),
    urls=URLS_B,
    breaks=URLS_B.breaks,
)

WILD = Skin(
    "wild",
    "everything different at once: JSON-LD as in jsonld, other classes and nesting (body "
    "div.content-area > div.rich-text, lede h2.article-dek), '7 January 2022 | 08:54' (and "
    "'Updated: …' on edited posts), "
    "'19 SHARES · 4 MIN READ', 'By A | Source: B', slide counters, 'Older posts →' pagination "
    "without rel; URL scheme of urls-a",
    markup=Markup(
        structured="jsonld",
        postid_meta=False,
        templates=(WILD_TEMPLATE,),
        body=("div.content-area", "div.rich-text"),
        lede='<h2 class="article-dek">{}</h2>',
        date_style="pipe",
        updated_line=True,
        time_element=False,
        byline_with_source=True,
        counters=" · ",
        counter_case="upper",
        slide_counter=True,
        pagination="older",
    ),
    urls=URLS_A,
    absent_fields=NO_METADATA,
    breaks=(
        "METADATA_SELECTOR",
        "POSTID_META_SELECTOR",
        *VISIBLE_GUESSES,
        "gallery captions without a slide counter",
        *URLS_A.breaks,
    ),
)

SKINS: dict[str, Skin] = {
    s.name: s for s in (DEFAULT, JSONLD, BARE, CLASSES, CLASSES_B, URLS_A_SKIN, URLS_B_SKIN, WILD)
}


def skin(name: str) -> Skin:
    """The skin of that name; ValueError naming the known ones otherwise."""
    try:
        return SKINS[name]
    except KeyError:
        raise ValueError(f"unknown skin {name!r}; known: {', '.join(SKINS)}") from None
