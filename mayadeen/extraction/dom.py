"""Small DOM helpers on lxml elements: visible text, text-pattern search, link collection.

The visible layer is read by text pattern and structure, never by a class name alone, because the
site's templates vary; these helpers are what makes that practical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from scrapy.http import Response, TextResponse

from mayadeen.loaders import clean_text

Element = lxml_html.HtmlElement
# Elements whose text is never visible.
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "title", "meta", "link"})
_HIDDEN_XPATH = etree.XPath("descendant-or-self::*[@hidden]")
# Elements whose string value contains a word (the prefilter of VisibleTexts.exact_text).
_CONTAINING = etree.XPath("descendant-or-self::*[contains(., $word)]")
_TRANSLATOR = HTMLTranslator()
# A text field (a date, a byline, a heading) is a small element: one holding more elements than
# this is never one. Bounds the pattern search, else quadratic on a page nested thousands deep.
ATOM_MAX_ELEMENTS = 200


def is_large(element: Element) -> bool:
    """True when ``element`` holds more than ATOM_MAX_ELEMENTS elements (counted in C)."""
    return next(islice(element.iter(), ATOM_MAX_ELEMENTS, None), None) is not None


@lru_cache(maxsize=256)
def compiled_css(css: str) -> etree.XPath:
    """A CSS selector of site.py (parsel's dialect: ``::text``, ``::attr(name)``) compiled once
    to an lxml XPath; parsel would translate and compile it again on every call."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(css), smart_strings=False)


def css_all(root: Element, css: str) -> list[Any]:
    """What ``Selector.css(css)`` finds under ``root``: strings for ::text/::attr, else elements."""
    return compiled_css(css)(root)


def css_first(root: Element, css: str) -> str | None:
    """The first string a ``::text``/``::attr`` selector gives (``Selector.css(css).get()``)."""
    found = compiled_css(css)(root)
    return str(found[0]) if found else None


def html_selector(response: Response) -> Selector:
    """The response's HTML selector; a body that is not HTML (binary, or text parsel takes
    for JSON or XML) reads as an empty page or as HTML rather than failing."""
    if not isinstance(response, TextResponse):
        return Selector(text="", type="html")
    if response.selector.type != "html":
        return Selector(text=response.text, type="html")
    return response.selector


def is_element(node: object) -> bool:
    """True for a real element (not a comment or processing instruction)."""
    return isinstance(node, Element) and isinstance(node.tag, str)


def _hidden(element: Element) -> bool:
    """An element whose subtree a reader never sees: a script, style... or ``hidden``."""
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


def holders(found: Iterable[Element]) -> set[Element]:
    """Every strict ancestor of the ``found`` elements, each ancestor chain walked once (linear,
    where comparing every pair is quadratic in matches times depth on a deeply nested page)."""
    marked: set[Element] = set()
    for element in found:
        for ancestor in element.iterancestors():
            if ancestor in marked:
                break  # its ancestors are marked already
            marked.add(ancestor)
    return marked


def innermost_matches(
    candidates: list[Element], pattern: re.Pattern[str], skip: list[Element] | None = None
) -> list[tuple[Element, re.Match[str]]]:
    """Elements whose whole text matches ``pattern`` and that hold no matching element inside,
    in document order: "3 Shares" is found in its <li>, not in the <ul> around the byline.
    Subtrees in ``skip`` (fields already found) do not count in an element's text."""
    matches = []
    for element in candidates:
        if is_large(element):
            continue
        text = text_without(element, skip) if skip else text_of(element)
        if text is None:
            continue
        match = pattern.match(text)
        if match:
            matches.append((element, match))
    outer = holders(element for element, _ in matches)
    return [(element, match) for element, match in matches if element not in outer]


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


def string_value(element: Element) -> str:
    """All the text nodes of the element's subtree (comments' text left out, its tail too), in C:
    its visible text when the subtree holds no invisible or hidden element (VisibleTexts knows
    which do). The text serializer is several times faster than XPath's string()."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


class VisibleTexts:
    """The visible text of elements under one scope (an article), each computed once.

    An element's text is read in C (its string value) unless its subtree holds an invisible or
    hidden element or a skipped one: only those few are walked in Python. Texts equal
    ``text_of(element)`` (``text_without(element, skipped)`` once ``skip`` was called) for
    every element under ``scope``; elements outside it must not be asked for.
    """

    def __init__(self, scope: Element):
        self.scope = scope
        self._skipped: set[Element] = set()
        # Elements whose string value is not their visible text: ancestors of an invisible,
        # hidden or skipped element.
        self._walked: set[Element] = set()
        for element in (*scope.iter(*_INVISIBLE), *_HIDDEN_XPATH(scope)):
            self._mark_ancestors(element)
        self._raw: dict[Element, str] = {}
        self._text: dict[Element, str | None] = {}

    def fresh(self) -> VisibleTexts:
        """A new memo over the same scope, nothing skipped (the scope's survey reused)."""
        other = object.__new__(VisibleTexts)
        other.scope = self.scope
        other._skipped = set()
        other._walked = {e for e in self._walked if e not in self._skipped}
        other._raw, other._text = {}, {}
        if self._skipped:  # ancestors marked only for a skipped element: survey again
            return VisibleTexts(self.scope)
        return other

    def _mark_ancestors(self, element: Element) -> None:
        if element is self.scope:
            return
        for ancestor in element.iterancestors():
            if ancestor in self._walked:
                break
            self._walked.add(ancestor)
            if ancestor is self.scope:
                break

    def _walks(self, element: Element) -> bool:
        """True when the element's text is joined from its children's, not read in C."""
        return len(element) > 0 and element in self._walked and not _hidden(element)

    def raw(self, element: Element) -> str:
        """The element's visible text, not normalized ("" when it is invisible)."""
        raw = self._raw.get(element)
        if raw is not None:
            return raw
        # Children before parents, with an explicit stack: a hostile page nests thousands deep.
        stack: list[tuple[Element, bool]] = [(element, False)]
        while stack:
            node, children_done = stack.pop()
            if node in self._raw:
                continue
            if children_done or not self._walks(node):
                self._raw[node] = self._joined(node)
                continue
            stack.append((node, True))
            stack.extend(
                (child, False)
                for child in node
                if is_element(child) and child not in self._skipped and child not in self._raw
            )
        return self._raw[element]

    def _joined(self, element: Element) -> str:
        """The element's raw text, its walked children's being known already."""
        if _hidden(element):
            return ""
        if not len(element):  # no child at all (not even a comment): its text is all
            return element.text or ""
        if element not in self._walked:
            return string_value(element)
        parts = [element.text or ""]
        for child in element:
            if is_element(child) and child not in self._skipped:
                parts.append(self._raw[child])
            if child.tail:
                parts.append(child.tail)
        return "".join(parts)

    def text(self, element: Element) -> str | None:
        """The element's visible text, normalized; None when empty or skipped."""
        if element in self._text:
            return self._text[element]
        text = None if element in self._skipped else clean_text(self.raw(element))
        self._text[element] = text
        return text

    def skip(self, element: Element) -> None:
        """Leave ``element``'s subtree out of its ancestors' texts from now on (its tail stays)."""
        self._skipped.add(element)
        self._text[element] = None
        for ancestor in element.iterancestors():
            self._raw.pop(ancestor, None)
            self._text.pop(ancestor, None)
            if ancestor is self.scope:
                break
        self._mark_ancestors(element)

    def first_innermost(
        self,
        order: list[Element],
        region: set[Element],
        pattern: re.Pattern[str] | Callable[[str], Any],
        max_length: int | None = None,
        accept: Callable[[Element, Any], bool] | None = None,
        all_small: bool = False,
    ) -> tuple[Element, Any] | None:
        """``innermost_matches(order, pattern, skipped)[0]`` when ``region`` is the set of
        ``order``: the first element of ``order`` whose text matches and none of whose
        descendants in ``region`` does. Texts are read only as far as needed: usually a few
        small elements after the headline, never the article's whole text. ``pattern`` is a
        regex (matched at the start of the text) or a function of the text giving a finding or
        None; texts longer than ``max_length`` are not looked at; ``accept(element, finding)``,
        when given, may turn down an innermost finding (the search goes on after it).
        ``all_small``: the caller left every large element (is_large) out of ``order`` and
        ``region`` already (a large element is never innermost: it holds the small ones)."""
        find = pattern.match if isinstance(pattern, re.Pattern) else pattern
        text_of = self.text
        for element in order:
            if not all_small and is_large(element):
                continue
            text = text_of(element)
            if text is None or (max_length is not None and len(text) > max_length):
                continue
            found = find(text)
            if not found:
                continue
            if len(element) and any(
                d in region and (t := text_of(d)) is not None and find(t)
                for d in element.iterdescendants()
            ):
                continue
            if accept is not None and not accept(element, found):
                continue
            return element, found
        return None

    def exact_text(self, under: Element, text: str) -> list[Element]:
        """``exact_text(list(elements(under)), text)`` for ``under`` in the scope. In a subtree
        without invisible, hidden or skipped elements only the elements whose string value
        holds the text's first word can match (cleaning changes whitespace only, and NFC makes
        no ASCII letter but K from other characters), and lxml finds those in C."""
        words = text.split()
        if not words or " ".join(words) != text or not text.isascii():
            # Cleaned texts are never empty and have single spaces: nothing can be equal
            # unless the text is clean too; non-ASCII targets take the general path.
            candidates: Iterable[Element] = elements(under) if text and clean_text(text) else ()
            found = [e for e in candidates if self.text(e) == text]
        else:
            if "K" not in words[0] and under not in self._walked and not _hidden(under):
                candidates = _CONTAINING(under, word=words[0])
            else:
                candidates = elements(under)
            found = [e for e in candidates if self._is_text(e, text, words)]
        outer = holders(found)
        return [e for e in found if e not in outer]

    def _is_text(self, element: Element, text: str, words: list[str]) -> bool:
        """``self.text(element) == text`` for a clean ASCII ``text`` of these ``words``, without
        cleaning a long text (the body around a heading): an ASCII text cleans to ``text``
        exactly when it splits into the same words, and split stops after one word more."""
        if element in self._skipped:
            return False
        raw = self.raw(element)
        if raw.isascii():
            return raw.split(None, len(words)) == words
        return clean_text(raw) == text
