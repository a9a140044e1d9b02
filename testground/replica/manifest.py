"""The ground truth: the exact item the spider must produce for an article page.

The field rules of the spider issue applied to what the page carries (``article.variant`` says
which layers it has): fields that only the metadata block gives (region, coverage) are None on a
page without it; the section falls back from the metadata category to article:section to the
URL's section name, as the spider's extraction does.
"""

from __future__ import annotations

from typing import Any

from mayadeen import items, site
from testground.replica.model import Article

GALLERY_TOPS = ("infographs", "in-pictures")


def expected_section(article: Article) -> str | None:
    """Metadata category, else article:section (both the article's section), else the URL's."""
    variant = article.variant
    if (variant.has_metadata and variant.metadata_category) or variant.has_meta_tags:
        return article.section
    return site.section_name(article.sub or article.top)


def _absolute(url: str, base_url: str) -> str:
    return base_url.rstrip("/") + url if url.startswith("/") else url


def expected_item(article: Article, base_url: str) -> dict[str, Any]:
    """Every field of items.ARTICLE_FIELDS but scraped_at, in feed order."""
    variant = article.variant
    body = "\n\n".join(b.text for b in article.body_blocks)
    section = expected_section(article)
    posttype = article.posttype if variant.has_metadata else site.TOP_POSTTYPE[article.top]
    image = article.image
    item = {
        "url": article.url(base_url),
        "post_id": article.post_id,
        "title": article.title,
        "summary": article.summary,
        "authors": list(article.authors),
        "source": article.source,
        "published_at": article.published.isoformat(),
        "updated_at": article.updated.isoformat(),
        "section": section,
        "content_type": site.content_type_for(posttype, section),
        "region": article.region if variant.has_metadata else None,
        "coverage": article.coverage if variant.has_metadata else None,
        "tags": list(article.tags),
        "image_url": image.url if image else None,
        "image_caption": image.caption if image else None,
        "body": body,
        "word_count": items.word_count(body),
        "read_time_minutes": article.read_time,
        "shares": article.shares,
        "related_urls": [_absolute(u, base_url) for u in article.related],
        "video_url": article.video_url,
        "images": (
            [{"url": i.url, "caption": i.caption} for i in article.gallery]
            if article.top in GALLERY_TOPS
            else []
        ),
        "language": site.LANGUAGE,
        "content_hash": items.content_hash(article.title, article.summary, body),
    }
    return item
