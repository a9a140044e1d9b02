"""Small DOM helpers on lxml elements: visible text, text-pattern search, link collection.

The visible layer is read by text pattern and structure, never by a class name alone, because the
site's templates vary; these helpers are what makes that practical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html as lxml_html

from mayadeen.loaders import clean_text

Element = lxml_html.HtmlElement
# Elements whose text is never visible.
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "title", "meta", "link"})


def is_element(node: object) -> bool:
    """True for a real element (not a comment or processing instruction)."""
    return isinstance(node, Element) and isinstance(node.tag, str)


def _text_parts(element: Element) -> Iterator[str]:
    if element.tag in _INVISIBLE or element.get("hidden") is not None:
        return
    if element.text:
        yield element.text
    for child in element:
        if is_element(child):
            yield from _text_parts(child)
        if child.tail:
            yield child.tail


def text_of(element: Element) -> str | None:
    """The element's visible text, normalized (whitespace and NBSP collapsed, NFC), or None."""
    return clean_text("".join(_text_parts(element)))


def raw_text_of(element: Element) -> str:
    """The element's visible text without normalization (keeps NBSP etc.)."""
    return "".join(_text_parts(element))


def elements(root: Element) -> Iterator[Element]:
    """Every visible element under ``root`` (itself included), in document order."""
    for element in root.iter():
        if not is_element(element) or element.tag in _INVISIBLE:
            continue
        yield element


def is_ancestor(ancestor: Element, element: Element) -> bool:
    """True when ``ancestor`` strictly contains ``element``."""
    return any(parent is ancestor for parent in element.iterancestors())


def innermost_matches(
    candidates: list[Element], pattern: re.Pattern[str]
) -> list[tuple[Element, re.Match[str]]]:
    """Elements whose whole text matches ``pattern`` and that hold no matching element inside,
    in document order: "3 Shares" is found in its <li>, not in the <ul> around the byline."""
    matches = []
    for element in candidates:
        text = text_of(element)
        if text is None:
            continue
        match = pattern.match(text)
        if match:
            matches.append((element, match))
    matched = [element for element, _ in matches]
    return [
        (element, match)
        for element, match in matches
        if not any(other is not element and is_ancestor(element, other) for other in matched)
    ]


def exact_text(candidates: list[Element], text: str) -> list[Element]:
    """The innermost elements whose normalized text is exactly ``text``."""
    return [e for e, _ in innermost_matches(candidates, re.compile(rf"^{re.escape(text)}$"))]
