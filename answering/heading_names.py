"""Which heading names a thing: reference text describes a setting, a function or an option under a heading that
is its name ("swappiness", "SESSION_COOKIE_AGE", "v8.writeHeapSnapshot([filename])"), and does not repeat it.
"""

from __future__ import annotations

import re

from docent.answering.facts import TECHNICAL, VERSION, WORD, Span, fact_spans

# The words that name a part of a document rather than a thing it describes, in any small folder.
DOCUMENT_PARTS = frozenset('''usage installation install overview introduction intro examples example notes note options
    description synopsis configuration config troubleshooting history bugs faq todo summary background contents license
    authors author changelog changes requirements setup features reference appendix index glossary tutorial guide
    conclusion references acknowledgements contributing support see also environment files exit status'''.split())
_HEADING_NUMBER = re.compile(r"\s*(?:\d+\.)+\d*\s+(?=\S)")  # "2.3. swappiness"; lower case after it too
_HEADING_MARKUP = re.compile(r"[`*\"“”‘’]")
# What may follow the name: its arguments, a colon, another spelling, a dash and a title.
_AFTER_NAME = re.compile(r"\s*(?:$|[(\[:,<]|\s(?:—|–|--|---)\s)")


def heading_name(heading: str) -> Span | None:
    """The thing a heading names, when it is a name: an identifier, option, path, code, a version or a lower-case
    word, alone or before its arguments, a colon or a title ("v8.writeHeapSnapshot([filename])", "-q, --quiet",
    "os.path — Common pathname manipulations", "2.3. swappiness"); a heading in words ("Creating a spatial
    database", "Membership") names none."""
    own = _HEADING_MARKUP.sub("", heading)
    own = own[len(number.group()):] if (number := _HEADING_NUMBER.match(own)) else own.strip()
    spans = fact_spans(own)
    if not spans or spans[0].start != 0 or not _AFTER_NAME.match(own, spans[0].end):
        return None
    first = spans[0]
    return first if first.type in (*TECHNICAL, WORD, VERSION) else None

