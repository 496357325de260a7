"""The text a browser would show for an HTML page, no scripts, styles or hidden elements, as plain text
with its headings (h1-h6) as section marks, <pre> as code, tables row by row and list items marked
(conventions in structure.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from docent.retrieval.structure import CODE_CLOSE, CODE_OPEN, PlainText, PlainTextWriter, without_code_marks

# Elements whose content is never shown.
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "svg", "math", "iframe", "object"})
# Elements that start a new block of text.
_BLOCKS = frozenset(
    """address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption
    figure footer form header hr html legend main nav p section summary""".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INLINE_CODE = frozenset({"code", "kbd", "samp", "tt"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Navigation around a page's content: links to other pages, the site's menu, the chapter's table of contents, the
# language bar, the footer. HTML marks it with <nav> or a landmark role; documentation generators give the
# container (never a heading, a term or a link: their ids and classes come from their own words) one of these
# classes: Sphinx's "related" bar and "sphinxsidebar", DocBook's "navheader"/"navfooter" and "toc", Publican's
# "docnav", mdBook's "menu-bar", Apache's language bars and "quickview", SQLite's "mainmenu" and "fancy_toc", and
# Bootstrap's "dropdown-menu" (a menu shown on a click: HAProxy's manual puts one after each keyword it links).
_NAVIGATION_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_NAVIGATION_CONTAINERS = frozenset("div nav header footer aside ul ol table".split())
_NAVIGATION_CLASSES = frozenset(
    """nav navbar navigation navheader navfooter breadcrumb breadcrumbs related sphinxsidebar docnav menu-bar menu
    mainmenu submenu footer toplang bottomlang quickview toc fancy_toc dropdown-menu""".split()
)
# ... or these ids (as a class, "sidebar" is often content: DocBook's sidebars; an id "header" holds AsciiDoc's title).
_NAVIGATION_IDS = _NAVIGATION_CLASSES | {"sidebar", "banner", "path", "page-header", "hd", "ft"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The glyph of a heading's link to itself (Sphinx's and Apache's "¶", "§", "🔗"): a handle, not the heading's words.
_SELF_LINK_GLYPH = re.compile(r"\s*[¶§🔗]\s*$")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = PlainTextWriter()
        self.inline: list[str] = []  # the words of the block being read
        self.title_parts: list[str] = []
        self.first_heading: list[str] = []
        self._hidden_tag: str | None = None  # the element whose subtree is being skipped
        self._hidden_depth = 0
        self._in_title = False
        self._pre: list[str] | None = None
        self._pre_depth = 0
        self._heading: int | None = None
        self._tables: list[list[list[str]]] = []  # rows of each open table, innermost last
        self._cell: list[str] | None = None
        self._lists: list[int] = []  # the next number of each open <ol>, 0 for <ul>
        self._item_marker = ""
        self._code_depth = 0  # open inline code elements

    def updatepos(self, i: int, j: int) -> int:
        """Where parsing goes on (j), without counting lines and columns on the way: only getpos() reads them,
        and nothing here calls it. The count is a fifth of the parser's own time."""
        return j

    # Blocks

    def flush(self) -> None:
        text = " ".join("".join(self.inline).split())
        self.inline = []
        self._code_depth = 0  # a code element left open ends with its block
        if not text:
            return
        if self._item_marker:
            text, self._item_marker = f"{self._item_marker} {text}", ""
        self.out.paragraph(text)

    def _start_block(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and self._cell is None:
            self.flush()
            self._pre_depth += 1
            if self._pre is None:
                self._pre = []
        elif tag in _HEADINGS and self._cell is None:
            self.flush()
            self._heading = _HEADINGS[tag]
        elif tag == "table":
            self.flush()
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in ("td", "th") and self._tables:
            self._cell = []
        elif tag in ("ul", "ol", "menu"):
            self.flush()
            self._lists.append(_start_number(attrs) if tag == "ol" else 0)
        elif tag == "li":
            self.flush()
            self._item_marker = self._next_marker()
        elif tag == "br":
            self._text("\n" if self._pre is not None else " ")
        elif tag in _BLOCKS and self._cell is None and self._pre is None and self._heading is None:
            self.flush()

    def _end_block(self, tag: str) -> None:
        if tag == "pre" and self._pre is not None:
            self._pre_depth -= 1
            if self._pre_depth == 0:
                self.out.code("".join(self._pre).split("\n"))
                self._pre = None
        elif tag in _HEADINGS and self._heading is not None:
            text = _SELF_LINK_GLYPH.sub("", "".join(self.inline))
            self.inline = []
            self.out.heading(self._heading, text)
            self._heading, self._code_depth = None, 0
        elif tag in ("td", "th") and self._cell is not None:
            if self._tables and self._tables[-1]:
                self._tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell, self._code_depth = None, 0
        elif tag == "table" and self._tables:
            rows = self._tables.pop()
            if self._tables and self._tables[-1]:  # a table inside a cell: its rows become that cell's words
                self._cell = (self._cell or []) + [" ".join(" ".join(row) for row in rows)]
            else:
                self.out.table(rows)
        elif tag in ("ul", "ol", "menu") and self._lists:
            self.flush()
            self._lists.pop()
        elif tag in _BLOCKS or tag == "li":
            if self._cell is None and self._pre is None and self._heading is None:
                self.flush()

    def _next_marker(self) -> str:
        if not self._lists or self._lists[-1] == 0:
            return "-"
        number = self._lists[-1]
        self._lists[-1] += 1
        return f"{number}."

    def _text(self, data: str) -> None:
        if self._pre is not None:
            self._pre.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        else:
            self.inline.append(data)

    # Parser events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._hidden_tag == "head" and tag == "body":  # <head> left unclosed
            self._hidden_tag, self._hidden_depth = None, 0
        if self._hidden_tag is not None:
            if tag == self._hidden_tag and tag not in _VOID:
                self._hidden_depth += 1
            return
        if tag in _INVISIBLE or _is_hidden(attrs) or _is_navigation(tag, attrs):
            if tag not in _VOID:
                self._hidden_tag, self._hidden_depth = tag, 1
            return
        self._start_block(tag, attrs)
        if tag in _INLINE_CODE and self._pre is None:
            self._code_depth += 1
            if self._code_depth == 1:
                self._text(CODE_OPEN)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._hidden_tag is not None:
            if tag == self._hidden_tag:
                self._hidden_depth -= 1
                if self._hidden_depth == 0:
                    self._hidden_tag = None
            return
        if tag in _INLINE_CODE and self._code_depth and self._pre is None:
            self._code_depth -= 1
            if self._code_depth == 0:
                self._text(CODE_CLOSE)
        self._end_block(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden_tag is not None:
            return
        if self._heading in (1, 2) and not self.out.marks:
            self.first_heading.append(data)
        if CODE_OPEN in data or CODE_CLOSE in data:  # the page's own private-use characters are no marks of ours
            data = without_code_marks(data)
        self._text(data if self._pre is not None else data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        if self._pre is not None:
            self.out.code("".join(self._pre).split("\n"))
        for rows in self._tables:
            self.out.table(rows)
        if self._heading is not None:
            self.out.heading(self._heading, "".join(self.inline))
            self.inline = []
        self.flush()


def _start_number(attrs: list[tuple[str, str | None]]) -> int:
    for name, value in attrs:
        if name == "start" and value and value.strip().isdigit():
            return int(value)
    return 1


def _is_navigation(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag == "nav":
        return True
    if tag == "a" and ("class", "headerlink") in attrs:
        return True  # Sphinx's "¶" after a term or a heading: a link to itself, no words
    if tag in ("html", "body"):
        return False
    for name, value in attrs:
        if not value:
            continue
        if name == "role" and value in _NAVIGATION_ROLES:
            return True
        if tag not in _NAVIGATION_CONTAINERS:
            continue
        if name == "id" and value in _NAVIGATION_IDS:
            return True
        if name == "class" and not _NAVIGATION_CLASSES.isdisjoint(value.split()):
            return True
    return False


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


# HTTP headers a CGI program wrote before the page, saved with it ("Content-type: text/html" heads man2html's
# pages, as Debian ships bash's man page): from a Content-type of text or a numeric Status to the blank line that
# ends them, when markup follows.
_CGI_HEADERS = re.compile(r"(?i:content-type:\s*text/|status:\s*\d{3}\b)[^\n<]*\r?\n(?:[A-Za-z][A-Za-z0-9-]*:[^\n<]*\r?\n)*"
                          r"\r?\n(?=\s*<)")


def html_text(html: str) -> tuple[PlainText, str]:
    """The visible text of a page (blocks separated by blank lines) with its sections and inline code, and its
    title ('' if none)."""
    parser = _VisibleText()
    headers = _CGI_HEADERS.match(html)
    if headers:  # blanked rather than cut: every offset into the page stays where it was
        html = re.sub(r"[^\n]", " ", headers.group()) + html[headers.end():]
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or " ".join("".join(parser.first_heading).split())
    return parser.out.result(), title


def visible_text(html: str) -> tuple[str, str]:
    """The visible text of a page and its title ('' if none)."""
    plain, title = html_text(html)
    return plain.text, title
