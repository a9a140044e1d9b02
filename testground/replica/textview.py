"""A page's visible text, as a text browser would dump it: the project's definition of "visible".

The seed file (``shared/seed/article-kazakhstan.txt``) is the text of a real page in this form; the
replica is checked against it through this function, so the rules below are derived from it:

- head, script, style, template, noscript, embedded media fallbacks and hidden elements are skipped;
- text collapses whitespace as HTML does; an ``<img>`` renders its alt text inline;
- p, h1-h6, figure, blockquote and pre are paragraphs: one blank line before and after (collapsing);
- other block elements (div, ul, li, nav, ...) and ``<br>`` break the line;
- each ``<li>`` starts with two spaces per list depth and "• "; a continued line inside an li is
  indented by 2 * depth + 2 spaces; lists add no blank lines;
- NBSP is kept as U+00A0: never collapsed, never stripped (the seed keeps one at a line end);
- leading and trailing blank lines are dropped and there is no final newline.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

SKIPPED = frozenset(
    {
        "head", "script", "style", "template", "noscript", "title", "meta", "link",
        "iframe", "video", "audio", "object", "embed", "svg", "canvas", "select", "input",
    }
)  # fmt: skip
PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "blockquote", "pre"})
BLOCKS = frozenset(
    {
        "html", "body", "div", "section", "article", "header", "footer", "nav", "aside", "main",
        "ul", "ol", "li", "figcaption", "form", "fieldset", "legend", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "dl", "dt", "dd", "address", "details", "summary", "menu",
        "hgroup", "hr",
    }
)  # fmt: skip
LISTS = frozenset({"ul", "ol", "menu"})
# HTML's collapsible white space: NBSP is not part of it.
_WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")
_DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _TextDump:
    """Accumulates lines; breaks are requested and only materialize before the next text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line: list[str] = []  # the current line's pieces (indent/bullet included)
        self.has_text = False  # the current line holds text beyond its indent/bullet
        self.pending = 0  # 0 none, 1 line break, 2 blank line
        self.bullet: str | None = None  # the next line's "  • " of a just-opened li
        self.list_depth = 0
        self.li_depths: list[int] = []  # depths of the li elements we are inside

    def request_break(self, level: int) -> None:
        self.pending = max(self.pending, level)

    def _start_line(self) -> None:
        if self.has_text:
            self.lines.append(_finish(self.line))
            if self.pending == 2:
                self.lines.append("")
        elif self.pending == 2 and self.lines and self.lines[-1] != "":
            self.lines.append("")
        if self.bullet is not None:
            self.line = [self.bullet]
            self.bullet = None
        elif self.li_depths:
            self.line = [" " * (2 * self.li_depths[-1] + 2)]
        else:
            self.line = []
        self.has_text = False
        self.pending = 0

    def text(self, raw: str) -> None:
        for piece in re.split(r"([ \t\n\r\f]+)", raw):
            if not piece:
                continue
            if _WHITESPACE_RE.fullmatch(piece):
                # A collapsible space only counts between texts on the same line.
                if self.has_text and not self.pending and not self.line[-1].endswith(" "):
                    self.line.append(" ")
                continue
            if self.pending or self.bullet is not None:
                self._start_line()
            self.line.append(piece)
            self.has_text = True

    def line_break(self) -> None:
        """A ``<br>``: ends the current line even when it is empty."""
        if self.has_text:
            self.request_break(1)
            self._start_line()
        else:
            self.lines.append("")

    def result(self) -> str:
        if self.has_text:
            self.lines.append(_finish(self.line))
        lines = self.lines
        while lines and not lines[0].strip(" "):
            lines = lines[1:]
        while lines and not lines[-1].strip(" "):
            lines = lines[:-1]
        return "\n".join(lines)


def _finish(pieces: list[str]) -> str:
    return "".join(pieces).rstrip(" ")


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    return bool(_DISPLAY_NONE_RE.search(element.get("style") or ""))


def _walk(element: etree._Element, dump: _TextDump) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None or tag in SKIPPED or _is_hidden(element):
        return
    if tag == "br":
        dump.line_break()
        return
    if tag == "img":
        dump.text(element.get("alt") or "")
        return
    level = 2 if tag in PARAGRAPHS else 1 if tag in BLOCKS else 0
    if level:
        dump.request_break(level)
    if tag in LISTS:
        dump.list_depth += 1
    if tag == "li":
        depth = max(dump.list_depth, 1)
        dump.bullet = "  " * depth + "• "
        dump.li_depths.append(depth)
    if element.text:
        dump.text(element.text)
    for child in element:
        _walk(child, dump)
        if child.tail:
            dump.text(child.tail)
    if tag == "li":
        dump.li_depths.pop()
        dump.bullet = None  # an li without text renders nothing
    if tag in LISTS:
        dump.list_depth -= 1
    if level:
        dump.request_break(level)


def visible_text(html: str) -> str:
    """The visible text of an HTML document or fragment (see the module docstring)."""
    if not html.strip():
        return ""
    root = lxml.html.document_fromstring(html)
    dump = _TextDump()
    _walk(root, dump)
    return dump.result()
