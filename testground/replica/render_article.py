"""An article page's three layers: the metadata JSON block, the meta tags and the visible article.

Each layer is rendered only from the Article; PageVariant decides which layers the page carries and
which visible template (render_markup.TEMPLATES) lays it out.
"""

from __future__ import annotations

import json

from mayadeen import items, site
from testground.replica.model import Article, Block, Image
from testground.replica.render_markup import (
    DEFAULT_MARKUP,
    TEMPLATES,
    Markup,
    Template,
    author_path,
    byline_names,
    esc,
    link,
    tag_path,
    visible_date,
)

# Keys of the metadata classes, as numbered on the real (Arabic) block.
CLASS_KEYS = {
    "posttype": "class1",
    "category": "class2",
    "country": "class3",
    "coverage": "class5",
    "author": "class6",
}
VIDEO_FILE_SUFFIXES = (".mp4", ".webm", ".m3u8")


# --- Layer 1: metadata ---------------------------------------------------------------------


def body_text(article: Article) -> str:
    return "\n\n".join(b.text for b in article.body_blocks)


def keywords(article: Article) -> str:
    """The tags as one comma-separated string; some posts repeat their first tag (real quirk)."""
    tags = list(article.tags)
    if tags and int(article.post_id) % 5 == 0:
        tags.append(tags[0])
    return ",".join(tags)


def metadata(article: Article, base_url: str) -> dict:
    """The tawsiyat-metadata object, keys in the real block's order."""
    classes = [("posttype", article.posttype)]
    if article.variant.metadata_category:
        classes.append(("category", article.section))
    if article.region is not None:
        classes.append(("country", article.region))
    if article.coverage is not None:
        classes.append(("coverage", article.coverage))
    classes.append(("author", byline_names(article.authors)))
    is_video = article.posttype == "Videos"
    return {
        "type": "videoobject" if is_video else "article",
        "postid": article.post_id,
        "title": article.title,
        "url": article.url(base_url),
        "keywords": keywords(article),
        "thumbnail": article.image.url if article.image else "",
        # Not an item field; a stable per-post value of the real shape (seconds as a string).
        "video_duration": str(45 + int(article.post_id) % 600) if is_video else None,
        "word_count": str(items.word_count(body_text(article))),
        "lang": site.LANGUAGE,
        "published_time": article.published.isoformat(),
        "last_updated": article.updated.isoformat(),
        "description": article.summary,
        "author": byline_names(article.authors),
        "classes": [
            {"key": CLASS_KEYS[mapping], "mapping": mapping, "value": value}
            for mapping, value in classes
        ],
        "html": "",
        "lite_url": "",
    }


def metadata_script(article: Article, base_url: str) -> str:
    """The JSON block formatted as on the real page (2-space indent inside an 8-space margin)."""
    text = json.dumps(metadata(article, base_url), indent=2, ensure_ascii=False)
    text = text.replace("</", "<\\/")  # never close the script early
    body = "\n".join("        " + line for line in text.splitlines())
    return f'<script id="tawsiyat-metadata" type="text/tawsiyat">\n{body}</script>'


# --- Layer 2: meta tags --------------------------------------------------------------------


def meta_tags(article: Article, base_url: str, section: bool = True) -> str:
    """The meta tags; without `section`, no article:section (the post's category not given)."""
    url = article.url(base_url)

    def prop(name: str, value: str) -> str:
        return f'<meta property="{name}" content="{esc(value)}">'

    tags = [
        f'<link rel="canonical" href="{esc(url)}">',
        f'<meta name="description" content="{esc(article.summary)}">',
        prop("og:type", "article"),
        prop("og:site_name", "Al Mayadeen English"),
        prop("og:url", url),
        prop("og:title", article.title),
        prop("og:description", article.summary),
    ]
    if article.image:
        tags.append(prop("og:image", article.image.url))
    if article.video_url:
        tags.append(prop("og:video", article.video_url))
    tags += [
        prop("article:published_time", article.published.isoformat()),
        prop("article:modified_time", article.updated.isoformat()),
        *([prop("article:section", article.section)] if section else []),
        *(prop("article:tag", tag) for tag in article.tags),
        f'<meta name="author" content="{esc(byline_names(article.authors))}">',
    ]
    return "\n".join(tags)


# --- Layer 3: the visible article ------------------------------------------------------------


def _byline_html(authors: tuple[str, ...]) -> str:
    links = [link(author_path(name), name) for name in authors]
    if len(links) <= 1:
        return "".join(links)
    return ", ".join(links[:-1]) + " and " + links[-1]


def _time(article: Article, m: Markup) -> str:
    text = esc(m.date_label + visible_date(article.published, m.date_style))
    if not m.time_element:
        return text
    return f'<time datetime="{esc(article.published.isoformat())}">{text}</time>'


def _cased(text: str, m: Markup) -> str:
    """A counter line in the skin's letter case ("19 Shares", "19 shares", "19 SHARES")."""
    return {"lower": text.lower(), "upper": text.upper()}.get(m.counter_case, text)


def _counters(article: Article, t: Template, m: Markup) -> list[tuple[str, str]]:
    """(class, html) of the shares and read-time elements: one each, or one joined line."""
    shares = f"{article.shares} Shares" if article.shares is not None else None
    read = f"{article.read_time} Min Read" if article.read_time is not None else None
    if m.counters is not None and shares and read:
        return [(t.shares, esc(_cased(shares + m.counters + read, m)))]
    counters = ((t.shares, shares), (t.read_time, read))
    return [(c, esc(_cased(text, m))) for c, text in counters if text]


def _info(article: Article, t: Template, index: int, m: Markup) -> str:
    """Byline, source, date, shares and read time, in the template's structure."""
    byline = "By " + _byline_html(article.authors)
    parts: list[tuple[str, str]] = [(t.byline, byline)]
    if article.source is not None:
        source = esc("Source: " + article.source)
        if m.byline_with_source:
            parts = [(t.byline, f"{byline} | {source}")]
        else:
            parts.append((t.source, source))
    parts.append((t.date, _time(article, m)))
    if m.updated_line and article.updated != article.published:
        updated = esc("Updated: " + visible_date(article.updated, m.date_style))
        parts.append((t.date + "--updated", updated))
    counters = _counters(article, t, m)
    if index == 0:  # shares in the list, read time in a div below it
        lis = "".join(f'<li class="{c}">{html}</li>' for c, html in parts)
        below = [(c, html) for c, html in counters if c == t.read_time]
        lis += "".join(f'<li class="{c}">{html}</li>' for c, html in counters if c != t.read_time)
        after = "".join(f'<div class="{c}">{html}</div>' for c, html in below)
        return f'<ul class="{t.info}">{lis}</ul>{after}'
    if index == 1:
        spans = "".join(f'<span class="{c}">{html}</span>' for c, html in parts + counters)
        return f'<div class="{t.info}">{spans}</div>'
    paras = "".join(f'<p class="{c}">{html}</p>' for c, html in parts)
    line = " | ".join(f'<span class="{c}">{html}</span>' for c, html in counters)
    if line:
        paras += f'<p class="counters">{line}</p>'
    return f'<div class="{t.info}">{paras}</div>'


def _img(image: Image) -> str:
    return f'<img src="{esc(image.url)}" alt="{esc(image.alt)}">'


def _main_figure(image: Image, t: Template, index: int) -> str:
    caption = image.caption
    if index == 0:
        cap = f'<div class="{t.caption}">{esc(caption)}</div>' if caption is not None else ""
        return (
            f'<ul class="{t.figure}"><li><button class="close-btn" type="button">x</button></li>'
            f"<li>{_img(image)}{cap}</li></ul>"
        )
    if index == 1:
        cap = (
            f'<figcaption class="{t.caption}">{esc(caption)}</figcaption>'
            if caption is not None
            else ""
        )
        return f'<figure class="{t.figure}">{_img(image)}{cap}</figure>'
    cap = f'<p class="{t.caption}">{esc(caption)}</p>' if caption is not None else ""
    return f'<div class="{t.figure}">{_img(image)}{cap}</div>'


def _inline_figure(image: Image, t: Template, index: int, slide: str = "") -> str:
    """An in-body or gallery image: a direct child of the body container; `slide` is a gallery's
    slide counter ("1 / 5"), shown between the image and its caption."""
    counter = f'<span class="slide-counter">{esc(slide)}</span>' if slide else ""
    if index == 2:
        cap = f'<p class="caption">{esc(image.caption)}</p>' if image.caption else ""
        return f'<div class="{t.inline_figure}">{_img(image)}{counter}{cap}</div>'
    cap = f"<figcaption>{esc(image.caption)}</figcaption>" if image.caption else ""
    return f'<figure class="{t.inline_figure}">{_img(image)}{counter}{cap}</figure>'


def _related_box(block: Block, article: Article, t: Template, index: int) -> str:
    """The Related News box: headlines are the block's text lines, URLs its url lines (else the
    article's related URLs), in the same order."""
    titles = block.text.split("\n")
    urls = block.url.split("\n") if block.url else list(article.related)
    pairs = list(zip(titles, urls, strict=False))
    if index == 0:
        links = "".join(f"<h5>{link(u, title)}</h5>" for title, u in pairs)
        head = f'<h4 class="{t.related_head}">Related News</h4>'
        return f'<div class="{t.related}">{head}{links}</div>'
    if index == 1:
        links = "".join(f"<li>{link(u, title)}</li>" for title, u in pairs)
        head = f'<div class="{t.related_head}">Related News</div>'
        return f'<aside class="{t.related}">{head}<ul>{links}</ul></aside>'
    links = "".join(f"<p>{link(u, title)}</p>" for title, u in pairs)
    head = f'<h3 class="{t.related_head}">Related News</h3>'
    return f'<section class="{t.related}">{head}{links}</section>'


def _tweet(block: Block) -> str:
    url = block.url or ""
    handle = url.split("://", 1)[-1].split("/")[1:2]
    author = f"&mdash; @{esc(handle[0])} " if handle and handle[0] else ""
    inner = block.html or f'<p lang="en" dir="ltr">{esc(block.text)}</p>'
    return f'<blockquote class="twitter-tweet">{inner}{author}{link(url, "View on X")}</blockquote>'


def _block(block: Block, article: Article, t: Template, index: int) -> str:
    inner = block.html if block.html is not None else esc(block.text)
    if block.kind in ("p", "h2", "h3"):
        return f"<{block.kind}>{inner}</{block.kind}>"
    if block.kind == "blockquote":
        if index == 2:
            inner = f"<p>{inner}</p>"
        return f'<blockquote class="{t.pull_quote}">{inner}</blockquote>'
    if block.kind == "tweet":
        return _tweet(block)
    if block.kind == "readmore":
        if block.html is not None:
            return f'<p class="read-more">{block.html}</p>'
        return f'<p class="read-more">Read more: {link(block.url or "", block.text)}</p>'
    if block.kind == "related":
        return _related_box(block, article, t, index)
    if block.kind == "figure":
        return _inline_figure(Image(block.url or "", block.text or None, ""), t, index)
    raise ValueError(f"unknown block kind {block.kind!r}")


def _lede_repeated(article: Article, m: Markup) -> bool:
    if m.lede_repeat is None:
        return article.variant.lede_repeated
    return m.lede_repeat and bool(article.body_blocks)


def _body(article: Article, t: Template, index: int, m: Markup) -> str:
    children = []
    if _lede_repeated(article, m):
        children.append(f"<p>{esc(article.summary)}</p>")
    n = len(article.gallery)
    children += [
        _inline_figure(image, t, index, f"{k} / {n}" if m.slide_counter else "")
        for k, image in enumerate(article.gallery, 1)
    ]
    children += [_block(b, article, t, index) for b in article.blocks]
    html = "".join(children)
    for element in reversed(m.body):
        tag, cls = element.split(".", 1)
        html = f'<{tag} class="{cls}">{html}</{tag}>'
    return html


def _player(url: str, article: Article) -> str:
    if url.split("?")[0].endswith(VIDEO_FILE_SUFFIXES):
        poster = f' poster="{esc(article.image.url)}"' if article.image else ""
        return (
            f'<div class="video-player"><video controls preload="none"{poster}>'
            f'<source src="{esc(url)}" type="video/mp4"></video></div>'
        )
    return (
        f'<div class="video-embed"><iframe src="{esc(url)}" title="{esc(article.title)}" '
        "allowfullscreen></iframe></div>"
    )


def _tags(article: Article, t: Template, index: int) -> str:
    if not article.tags:
        return ""
    if index == 0:
        lis = "".join(f"<li>{link(tag_path(tag), tag)}</li>" for tag in article.tags)
        return f'<ul class="{t.tags}">{lis}</ul>'
    if index == 1:
        links = " ".join(link(tag_path(tag), tag, "tag") for tag in article.tags)
        return f'<div class="{t.tags}">{links}</div>'
    links = ", ".join(link(tag_path(tag), tag) for tag in article.tags)
    return f'<p class="{t.tags}">Tags: {links}</p>'


def visible_article(article: Article, m: Markup = DEFAULT_MARKUP) -> str:
    index = article.variant.template % len(TEMPLATES)  # the layout
    t = m.templates[index % len(m.templates)]  # its class names
    title = f'<h1 class="{t.title}">{esc(article.title)}</h1>'
    lede = m.lede.format(esc(article.summary))
    figure = _main_figure(article.image, t, index) if article.image else ""
    player = _player(article.video_url, article) if article.video_url else ""
    info = _info(article, t, index, m)
    if index == 1:  # figure before the lede, header wrapped
        head = f'<header class="story__header">{title}{info}</header>{figure}{lede}{player}'
    else:
        head = f"{title}{info}{lede}{figure}{player}"
    return (
        f'<article class="{t.article}">{head}{_body(article, t, index, m)}'
        f"{_tags(article, t, index)}</article>"
    )
