"""The words of one paragraph of Markdown or reStructuredText, without its inline markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from docent.retrieval.structure import CODE_CLOSE, CODE_OPEN, without_code_marks

# Markdown
_MD_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_HTML_CODE = re.compile(r"<(code|kbd|samp|tt)\b[^<>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)|(?<![\w])_(?=\S)(.+?)(?<=\S)_(?!\w)|~~(.+?)~~")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

# reStructuredText
_RST_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_RST_ROLE = re.compile(r":(?:[\w-]+:)?([\w.+-]+):`([^`]+)`")
_RST_REFERENCE = re.compile(r"`([^`<]*?)\s*(?:<[^`>]*>)?`__?")
_RST_INTERPRETED = re.compile(r"`([^`]+)`")
_RST_STRONG = re.compile(r"(?<![\w*\\])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])")
_RST_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
_RST_FOOTNOTE = re.compile(r"\s?\[(?:#[\w-]*|\d+|\*|[A-Za-z][\w.-]*)\]_")
_RST_NAMED_REFERENCE = re.compile(r"(?<![\w])([A-Za-z][\w-]*[A-Za-z0-9])__?(?!\w)")
_RST_SUBSTITUTION = re.compile(r"\|([^|\s][^|]*)\|(?:__?)?")
_RST_ESCAPE = re.compile(r"\\(.)")
_RST_NAMED_GUARD = re.compile(r"[A-Za-z0-9]__?(?!\w)")
_TITLED = re.compile(r"(.*?)\s*<[^<>]*>", re.DOTALL)
# Roles whose text is no code: cross-references to prose, emphasis, labels, abbreviations.
_PROSE_ROLES = frozenset("""ref doc term pep rfc abbr emphasis strong dfn guilabel menuselection title-reference title
    t sub sup subscript superscript math numref download""".split())
_PROTECTED = "\ue001{}\ue002"
_PLACEHOLDER = re.compile("\ue001(\\d+)\ue002")


def _protect(pattern: re.Pattern[str], text: str, kept: list[str], shown: Callable[[re.Match[str]], str]) -> str:
    """Replace each match by a placeholder for what it shows, kept verbatim until _restore."""

    def keep(match: re.Match[str]) -> str:
        kept.append(shown(match))
        return _PROTECTED.format(len(kept) - 1)

    return pattern.sub(keep, text)


def _code_of(group: int) -> Callable[[re.Match[str]], str]:
    """What a match of inline code shows: its group, marked as code."""
    return lambda match: _as_code(match.group(group))


def _as_code(text: str) -> str:
    return f"{CODE_OPEN}{text.strip()}{CODE_CLOSE}" if text.strip() else ""


def _restore(text: str, kept: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda match: kept[int(match.group(1))], text)


def markdown_inline(text: str) -> str:
    kept: list[str] = []
    text = without_code_marks(text)  # the text's own private-use characters are no marks of ours
    text = _protect(_MD_CODE, text, kept, _code_of(2))
    if "<" in text:  # inline HTML code is code too, without the tags inside it
        text = _protect(_HTML_CODE, text, kept, lambda match: _as_code(_HTML_TAG.sub("", match.group(2))))
    if "<!--" in text:  # a whole comment outside code is never shown; an unclosed "<!--" is text
        text = _HTML_COMMENT.sub("", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return html.unescape(_restore(text, kept))


def _role_text(role: str, content: str) -> str:
    """What a role shows: the title of `title <target>`, the last name of `~a.b.c`, 'PEP 8' for :pep:`8`."""
    if "\\" in content:
        content = _RST_ESCAPE.sub(r"\1", content)
    if content.endswith(">") and (titled := _TITLED.fullmatch(content)) and titled.group(1):
        return titled.group(1)
    content = content.lstrip("!")
    if content.startswith("~"):
        content = content[1:].rsplit(".", 1)[-1]
    if role in ("pep", "rfc"):
        return f"{role.upper()} {content}"
    if role in ("samp", "file"):
        content = content.replace("{", "").replace("}", "")
    return content


def _role_shown(match: re.Match[str]) -> str:
    """A role's text, marked as code unless the role is prose or gives a title (`the builtin <open>` shows words)."""
    shown = _role_text(match.group(1), match.group(2))
    titled = match.group(2).endswith(">") and shown != match.group(2)
    return shown if match.group(1) in _PROSE_ROLES or titled else _as_code(shown)


def rst_inline(text: str) -> str:
    """Each pattern runs only when the text holds the character it starts with: most paragraphs hold few."""
    kept: list[str] = []
    text = without_code_marks(text)
    if "`" in text:
        text = _protect(_RST_LITERAL, text, kept, _code_of(1))
        if ":`" in text:
            text = _protect(_RST_ROLE, text, kept, _role_shown)
    if "]_" in text:
        text = _RST_FOOTNOTE.sub("", text)
    if "`_" in text:
        text = _RST_REFERENCE.sub(r"\1", text)
    if "`" in text:
        text = _RST_INTERPRETED.sub(r"\1", text)
    if "**" in text:
        text = _RST_STRONG.sub(r"\1", text)
    if "*" in text:
        text = _RST_EMPHASIS.sub(r"\1", text)
    if "|" in text:
        text = _RST_SUBSTITUTION.sub(r"\1", text)
    if "_" in text and _RST_NAMED_GUARD.search(text):
        text = _RST_NAMED_REFERENCE.sub(r"\1", text)
    if "\\" in text:
        text = _RST_ESCAPE.sub(lambda m: "" if m.group(1) == " " else m.group(1), text)
    return _restore(text, kept) if kept else text
