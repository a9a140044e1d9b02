"""The body found by structure, where the configured container (site.BODY_CONTAINER_SELECTOR)
is absent or holds far fewer words than a layer declares.

The body is the block of the article's paragraphs after the headline: the element whose own
paragraphs (and gallery images) weigh the most, widened to its ancestors while they add
paragraphs (the lede and the info lines never count). Paragraphs of page furniture never
count: navigation, headers, asides, footers, figures and captions, forms, and elements whose
class or id names a furniture role (ticker, newsletter, ads, related, share, tags...). Only
pages that need it pay for this.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from lxml import etree

from mayadeen.extraction import dom

# Elements that are never part of the article's text, and never hold it.
FURNITURE_TAGS = frozenset({
    "nav", "header", "aside", "footer", "figure", "figcaption", "form", "button", "select",
    "dialog", "menu", "video", "audio", "iframe", "picture", "svg", "canvas", "object", "embed",
})  # fmt: skip
# Class or id words of furniture, each a whole word of the name ("news-details__tags",
# "related-box", "ad-slot"); never a body container's ("p-content", "article-body").
FURNITURE_NAME_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|ticker|breaking|newsletter|subscribe|signup|"
    r"ads?|advert\w*|adslot|sponsor\w*|promo\w*|banner|related|recommended|read-?next|"
    r"more-?news|most-?read|popular|trending|share|sharing|shares|social|comments?|sidebar|"
    r"widget|tags?|topics|keywords|caption|figcaption|credits?|cookie|popup|modal|footer|bio|embed|"
    r"tweet|twitter|gallery-counter|counter)(?:$|[\s_-])",
    re.I,
)
_PARAGRAPHS = etree.XPath("//body//p")
_FIGURE_TAGS = frozenset({"figure", "picture", "figcaption"})
# What an image of a gallery weighs against the words of paragraphs when choosing the body's
# element: a gallery or infograph holds images and few words.
IMAGE_WORDS = 15
_BODY = etree.XPath("//body")


def is_furniture(element: dom.Element) -> bool:
    """Whether the element is page furniture by its tag, class or id."""
    if element.tag in FURNITURE_TAGS:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and FURNITURE_NAME_RE.search(names) is not None


class FurnitureTest:
    """``inside(element)``: whether an element is furniture or inside furniture, each ancestor
    judged once. ``figures=True``: figures and pictures are no furniture (to find a gallery's
    images)."""

    def __init__(self, figures: bool = False) -> None:
        self._verdicts: dict[dom.Element, bool] = {}
        self._figures = figures

    def inside(self, element: dom.Element) -> bool:
        chain = []
        verdict = False
        node: dom.Element | None = element
        while node is not None:
            known = self._verdicts.get(node)
            if known is not None:
                verdict = known
                break
            chain.append(node)
            if (not self._figures or node.tag not in _FIGURE_TAGS) and is_furniture(node):
                verdict = True
                break
            if node.tag in ("body", "html"):
                break
            node = node.getparent()
        for node in chain:  # all below a furniture element, or none, are inside furniture
            self._verdicts[node] = verdict
        return verdict


def document_body(root: dom.Element) -> dom.Element:
    found = _BODY(root)
    return found[0] if found else root


def _gallery_of(img: dom.Element, holds_h1: set[dom.Element]) -> dom.Element | None:
    """The element of the gallery an image is in: its nearest ancestor holding another image
    too, else the outermost one not holding the headline."""
    holder = None
    for ancestor in img.iterancestors():
        if ancestor in holds_h1:
            break
        holder = ancestor
        if next(islice(ancestor.iter("img"), 1, None), None) is not None:
            break
    return holder


def body_container(
    root: dom.Element,
    h1: dom.Element | None,
    texts: dom.VisibleTexts,
    furniture: FurnitureTest,
    not_body: Callable[[dom.Element, str], bool],
    is_main_image: Callable[[dom.Element], bool],
) -> dom.Element | None:
    """The element holding the article's paragraphs (see the module), None when the page has
    no paragraph or gallery after its headline outside the furniture. ``texts`` covers the
    document body; ``not_body(p, text)`` turns down a paragraph (the lede, an info line, links),
    ``is_main_image(img)`` the article's main image (no part of a gallery)."""
    after_h1 = h1 is None
    holds_h1 = set(h1.iterancestors()) if h1 is not None else set()
    words: dict[dom.Element, int] = {}  # words of the candidate paragraphs under each element
    own: dict[dom.Element, int] = {}  # words of each element's own candidate paragraphs
    paragraphs = set(_PARAGRAPHS(root))
    galleries = FurnitureTest(figures=True)
    body = document_body(root)
    for element in body.iter(etree.Element):
        if element is h1:
            after_h1 = True
            continue
        if not after_h1:
            continue
        if element.tag == "img":
            if not galleries.inside(element) and not is_main_image(element):
                holder = _gallery_of(element, holds_h1)
                if holder is not None:
                    own[holder] = own.get(holder, 0) + IMAGE_WORDS
                    for ancestor in (holder, *holder.iterancestors()):
                        words[ancestor] = words.get(ancestor, 0) + IMAGE_WORDS
            continue
        if element not in paragraphs or furniture.inside(element):
            continue
        text = texts.text(element)
        if text is None or not_body(element, text):
            continue
        count = len(text.split())
        parent = element.getparent()
        own[parent] = own.get(parent, 0) + count
        for ancestor in element.iterancestors():
            words[ancestor] = words.get(ancestor, 0) + count
    if not own:
        return None
    best = max(own, key=own.__getitem__)  # first of the largest, document order
    while True:
        parent = best.getparent()
        if parent is None or parent is body or parent.tag == "html":
            return best
        if furniture.inside(parent) or words.get(parent, 0) <= words.get(best, 0):
            return best
        best = parent
