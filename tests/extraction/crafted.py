"""Replica pages transformed into markup we have never seen, with the item each must give.

Each transform changes one guess of the site profile and keeps the facts: the metadata block
replaced by a schema.org JSON-LD block carrying the same facts; the body container's and the
lede's class names renamed. ``expected`` is the replica manifest's item for what the page still
carries.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from mayadeen import site
from testground.replica import manifest
from testground.replica.model import Article

BASE = "http://127.0.0.1:8089"
_METADATA_RE = re.compile(r'<script id="tawsiyat-metadata" type="text/tawsiyat">.*?</script>', re.S)
_POSTID_META_RE = re.compile(r'<meta name="postid" content="[^"]*">\n?')


def _author(name: str) -> dict[str, str]:
    kind = "Organization" if name.startswith("Al Mayadeen") else "Person"
    return {"@type": kind, "name": name}


def jsonld_of(article: Article) -> list[dict[str, Any]]:
    """The metadata block's facts as schema.org nodes, the way news sites write them: the
    article in an @graph beside its WebPage and publisher, the tags as a list, the image as an
    ImageObject, the authors as Person/Organization objects."""
    url = article.url(BASE)
    if article.posttype == "Videos":
        kind = "VideoObject"
    elif article.content_type == "opinion":
        kind = "OpinionNewsArticle"
    else:
        kind = "NewsArticle"
    node: dict[str, Any] = {
        "@type": kind,
        "@id": url + "#article",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published.isoformat(),
        "dateModified": article.updated.isoformat(),
        "author": [_author(name) for name in article.authors],
        "articleSection": article.section,
        "keywords": list(article.tags),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": site.LANGUAGE,
        "identifier": {"@type": "PropertyValue", "name": "postid", "value": article.post_id},
        "publisher": {"@type": "Organization", "name": "Al Mayadeen English"},
    }
    if article.image:
        node["image"] = {"@type": "ImageObject", "url": article.image.url}
    if article.video_url:
        node["embedUrl" if "embed" in article.video_url else "contentUrl"] = article.video_url
    return [
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": url}, node]},
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []},
    ]


def with_jsonld(html: str, article: Article) -> str:
    """The page with its metadata block and postid meta replaced by JSON-LD blocks (one broken
    block first, as a CMS plugin may leave)."""
    blocks = [json.dumps(node, ensure_ascii=False).replace("</", "<\\/")
              for node in jsonld_of(article)]  # fmt: skip
    scripts = ['<script type="application/ld+json">{"@type": "NewsArticle", broken</script>'] + [
        f'<script type="application/ld+json">{block}</script>' for block in blocks
    ]
    html = _METADATA_RE.sub("", html)
    html = _POSTID_META_RE.sub("", html)
    return html.replace("</head>", "\n".join(scripts) + "\n</head>", 1)


def without_metadata(article: Article) -> Article:
    return dataclasses.replace(
        article, variant=dataclasses.replace(article.variant, has_metadata=False)
    )


def expected_with_jsonld(article: Article) -> dict[str, Any]:
    """The manifest's item for the page carrying JSON-LD instead of the metadata block: the
    same, but region and coverage (the metadata's alone) absent and the section from
    articleSection."""
    expected = manifest.expected_item(without_metadata(article), BASE)
    expected["section"] = article.section
    expected["content_type"] = site.content_type_for(site.TOP_POSTTYPE[article.top],
                                                     article.section)  # fmt: skip
    return expected


# The profile's body container and lede class names, and the names the renamed pages use.
CONTAINER_CLASS = site.BODY_CONTAINER_SELECTOR.split(".", 1)[1]
LEDE_CLASS = " ".join(site.LEDE_SELECTOR.split(".")[1:])


def renamed(html: str) -> str:
    """The page with only the body container's and the lede's class names changed."""
    html, containers = re.subn(rf'class="{CONTAINER_CLASS}"', 'class="article-body__text"', html)
    html, ledes = re.subn(rf'class="{LEDE_CLASS}"', 'class="article-standfirst"', html)
    assert containers == 1 and ledes == 1
    return html
