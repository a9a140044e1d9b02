"""Small DOM helpers on lxml elements: visible text, text-pattern search, link collection.

The visible layer is read by text pattern and structure, never by a class name alone, because the
site's templates vary; these helpers are what makes that practical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import html as lxml_html

from mayadeen.loaders import clean_text

Element = lxml_html.HtmlElement
# Elements whose text is never visible.
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "title", "meta", "link"})
# A text field (a date, a byline, a heading) is a small element: one holding more elements than
# this is never one. Bounds the pattern search, else quadratic on a page nested thousands deep.
ATOM_MAX_ELEMENTS = 200


def is_element(node: object) -> bool:
    """True for a real element (not a comment or processing instruction)."""
    return isinstance(node, Element) and isinstance(node.tag, str)


def _hidden(element: Element) -> bool:
    return element.tag in _INVISIBLE or element.get("hidden") is not None


def _text_parts(element: Element, skipped: frozenset[int] = frozenset()) -> Iterator[str]:
    """The visible text pieces under ``element`` in document order, leaving out invisible
    subtrees and those whose id() is in ``skipped`` (their tails are kept). Iterative, not
    recursive: a hostile page nests thousands of elements, past Python's recursion limit."""
    if _hidden(element) or id(element) in skipped:
        return
    # The stack holds elements still to open and tail strings still to emit, last first.
    stack: list[Element | str] = [element]
    while stack:
        top = stack.pop()
        if isinstance(top, str):
            yield top
            continue
        if top.text:
            yield top.text
        for child in reversed(top):
            if child.tail:
                stack.append(child.tail)
            if is_element(child) and not _hidden(child) and id(child) not in skipped:
                stack.append(child)


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
        if next(islice(element.iter(), ATOM_MAX_ELEMENTS, None), None) is not None:
            continue
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
    skipped = frozenset(id(e) for e in skip)
    if id(element) in skipped:
        return None
    return clean_text("".join(_text_parts(element, skipped)))


def text_after(ancestor: Element, marker: Element) -> str | None:
    """The visible text of ``ancestor`` that follows ``marker`` in document order: what is
    next to an image is its caption; what precedes it (a share icon's "x") is not."""
    collected: list[str] = []
    seen = False
    stack: list[Element | str] = [ancestor]  # as in _text_parts: iterative
    while stack:
        top = stack.pop()
        if isinstance(top, str):
            if seen:
                collected.append(top)
            continue
        if top is marker:
            seen = True
            continue
        if _hidden(top):
            continue
        if seen and top.text:
            collected.append(top.text)
        for child in reversed(top):
            if child.tail:
                stack.append(child.tail)
            if is_element(child):
                stack.append(child)
    return clean_text("".join(collected))
