"""schema.org JSON-LD for an article page: the structured layer of the `jsonld` and `wild` skins.

It carries the facts the metadata block carries (not region and coverage: schema.org has no field a
CMS would fill with them), in the shapes real sites use, rotated by post id so one crawl meets them
all: one object, a list, or an ``@graph`` with WebSite, Organization and BreadcrumbList nodes; one
or two ``<script>`` blocks, and on some pages a third-party block of broken JSON; the author a
Person or an Organization, one or a list; keywords a list or one comma-separated string; the image
a URL, an ImageObject or a list; the post id a string or a PropertyValue.
"""

from __future__ import annotations

import json
from typing import Any

from mayadeen import items, site
from testground.replica.model import Article
from testground.replica.render_article import body_text
from testground.replica.render_markup import SITE_NAME

CONTEXT = "https://schema.org"
HOUSE_BYLINE_PREFIX = "Al Mayadeen"  # "Al Mayadeen English", "Al Mayadeen Net": organizations
LOGO_PATH = "/static/images/logo.svg"
# What a broken third-party block looks like: cut off mid-object.
BROKEN_BLOCK = '{"@context": "https://schema.org", "@type": "WebPage", "name": "Al Mayadeen'


def schema_type(article: Article) -> str:
    """The article node's @type: from the post type, and the category for Articles."""
    pid = int(article.post_id)
    if article.posttype == "Videos":
        return "VideoObject"
    if article.posttype == "Infographs":
        return "ImageObject"
    if article.posttype == "In Pictures":
        return "ImageGallery"
    if article.posttype == "Articles":
        return "OpinionNewsArticle" if article.section == "Opinion" else "Article"
    return "ReportageNewsArticle" if pid % 5 == 0 else "NewsArticle"


def _person(name: str) -> dict[str, str]:
    kind = "Organization" if name.startswith(HOUSE_BYLINE_PREFIX) else "Person"
    return {"@type": kind, "name": name}


def _image(article: Article) -> Any:
    image = article.image
    if image is None:
        return None
    shape = int(article.post_id) // 3 % 3
    if shape == 0:
        return image.url
    node: dict[str, Any] = {"@type": "ImageObject", "url": image.url}
    if image.caption is not None:
        node["caption"] = image.caption
    return node if shape == 1 else [node]


def _duration(seconds: int) -> str:
    return f"PT{seconds // 60}M{seconds % 60}S"


def article_node(article: Article, base_url: str) -> dict[str, Any]:
    """The node of the article itself."""
    pid = int(article.post_id)
    url = article.url(base_url)
    kind = schema_type(article)
    node: dict[str, Any] = {"@type": kind, "@id": url + "#article"}
    # A VideoObject is named, not headlined (as search engines ask of video pages).
    node["name" if kind == "VideoObject" else "headline"] = article.title
    node["description"] = article.summary
    node["url"] = url
    node["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    image = _image(article)
    if image is not None:
        node["thumbnailUrl" if kind == "VideoObject" else "image"] = image
    if kind == "VideoObject":
        node["uploadDate"] = article.published.isoformat()
    node["datePublished"] = article.published.isoformat()
    node["dateModified"] = article.updated.isoformat()
    authors = [_person(name) for name in article.authors]
    node["author"] = authors[0] if len(authors) == 1 else authors
    if article.variant.metadata_category:
        node["articleSection"] = article.section
    if article.tags:
        node["keywords"] = list(article.tags) if pid % 2 == 0 else ", ".join(article.tags)
    node["inLanguage"] = site.LANGUAGE
    node["identifier"] = (
        {"@type": "PropertyValue", "propertyID": "postid", "value": article.post_id}
        if pid % 4 == 1
        else article.post_id
    )
    if article.video_url:
        is_file = article.video_url.split("?")[0].endswith((".mp4", ".webm", ".m3u8"))
        node["contentUrl" if is_file else "embedUrl"] = article.video_url
        node["duration"] = _duration(45 + pid % 600)
    if article.gallery:
        node["associatedMedia"] = [
            {"@type": "ImageObject", "contentUrl": i.url, "caption": i.caption}
            for i in article.gallery
        ]
    if kind != "VideoObject" and article.body_blocks:
        node["wordCount"] = items.word_count(body_text(article))
    node["publisher"] = _organization(base_url)
    node["isAccessibleForFree"] = True
    return node


def _breadcrumbs(article: Article, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    crumbs = [("Home", base + "/"), (site.section_name(article.top), f"{base}/{article.top}")]
    if article.sub:
        crumbs.append((site.section_name(article.sub), f"{base}/{article.top}/{article.sub}"))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": k, "name": name, "item": url}
            for k, (name, url) in enumerate(crumbs, 1)
        ],
    }


def _organization(base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "@type": "Organization",
        "@id": base + "/#organization",
        "name": SITE_NAME,
        "logo": {"@type": "ImageObject", "url": base + LOGO_PATH},
    }


def _site_nodes(base_url: str) -> list[dict[str, Any]]:
    base = base_url.rstrip("/")
    website = {"@type": "WebSite", "@id": base + "/#website", "url": base + "/", "name": SITE_NAME}
    return [website, _organization(base_url)]


def _script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")  # never close it early
    return f'<script type="application/ld+json">{text}</script>'


def jsonld_scripts(article: Article, base_url: str) -> str:
    """The page's JSON-LD blocks, in the shape its post id picks."""
    pid = int(article.post_id)
    node, crumbs = article_node(article, base_url), _breadcrumbs(article, base_url)
    shape = pid % 3
    if shape == 0:  # one block, @graph
        blocks = [{"@context": CONTEXT, "@graph": [*_site_nodes(base_url), node, crumbs]}]
    elif shape == 1:  # one block, a list of objects each with its context
        blocks = [[{"@context": CONTEXT, **node}, {"@context": CONTEXT, **crumbs}]]
    else:  # two blocks, one object each
        blocks = [{"@context": CONTEXT, **node}, {"@context": CONTEXT, **crumbs}]
    scripts = [_script(block) for block in blocks]
    if pid % 7 == 3:
        scripts.insert(0, f'<script type="application/ld+json">{BROKEN_BLOCK}</script>')
    return "\n".join(scripts)
