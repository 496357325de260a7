"""The text a browser would show for an HTML page: no scripts, styles or hidden elements."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never shown.
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"})
# Elements that start a new line of text.
_BLOCKS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p pre section summary table
    tbody tfoot thead tr ul""".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_PRE_NEWLINE = "\ue000"  # a line break inside <pre>, kept through white-space tidying


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.first_heading: list[str] = []
        self._hidden_tag: str | None = None  # the element whose subtree is being skipped
        self._hidden_depth = 0
        self._in_title = False
        self._in_pre = 0
        self._heading_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._hidden_tag == "head" and tag == "body":  # <head> left unclosed
            self._hidden_tag, self._hidden_depth = None, 0
        if self._hidden_tag is not None:
            if tag == self._hidden_tag and tag not in _VOID:
                self._hidden_depth += 1
            return
        if tag in _INVISIBLE or _is_hidden(attrs):
            if tag not in _VOID:
                self._hidden_tag, self._hidden_depth = tag, 1
            return
        if tag == "pre":
            self._in_pre += 1
        if tag in ("h1", "h2") and not self.first_heading:
            self._heading_depth += 1
        if tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._hidden_depth -= 1
                if self._hidden_depth == 0:
                    self._hidden_tag = None
            return
        if tag == "pre" and self._in_pre:
            self._in_pre -= 1
        if tag in ("h1", "h2") and self._heading_depth:
            self._heading_depth -= 1
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden_tag is not None:
            return
        if self._heading_depth:
            self.first_heading.append(data)
        if self._in_pre:
            self.parts.append(data.replace("\n", _PRE_NEWLINE))
        else:
            self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).replace(_PRE_NEWLINE, "\n")
    return _BLANK_LINES.sub("\n\n", text).strip()


def visible_text(html: str) -> tuple[str, str]:
    """The visible text of a page, paragraphs separated by blank lines, and its title ('' if none)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.first_heading).split())
    return _tidy("".join(parser.parts)), title
