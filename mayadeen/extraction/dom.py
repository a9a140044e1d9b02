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
    candidates: list[Element], pattern: re.Pattern[str], skip: list[Element] | None = None
) -> list[tuple[Element, re.Match[str]]]:
    """Elements whose whole text matches ``pattern`` and that hold no matching element inside,
    in document order: "3 Shares" is found in its <li>, not in the <ul> around the byline.
    Subtrees in ``skip`` (fields already found) do not count in an element's text."""
    matches = []
    for element in candidates:
        text = text_without(element, skip) if skip else text_of(element)
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


def text_without(element: Element, skip: list[Element]) -> str | None:
    """The element's visible text leaving out the subtrees in ``skip`` (their tails are kept)."""
    skipped = {id(e) for e in skip}

    def parts(node: Element) -> Iterator[str]:
        if node.tag in _INVISIBLE or node.get("hidden") is not None:
            return
        if node.text:
            yield node.text
        for child in node:
            if is_element(child) and id(child) not in skipped:
                yield from parts(child)
            if child.tail:
                yield child.tail

    if id(element) in skipped:
        return None
    return clean_text("".join(parts(element)))


def text_after(ancestor: Element, marker: Element) -> str | None:
    """The visible text of ``ancestor`` that follows ``marker`` in document order: what is
    next to an image is its caption; what precedes it (a share icon's "x") is not."""
    collected: list[str] = []
    seen = False

    def walk(node: Element) -> None:
        nonlocal seen
        if node is marker:
            seen = True
            return
        if node.tag in _INVISIBLE or node.get("hidden") is not None:
            return
        if seen and node.text:
            collected.append(node.text)
        for child in node:
            if is_element(child):
                walk(child)
            if seen and child.tail:
                collected.append(child.tail)

    walk(ancestor)
    return clean_text("".join(collected))
