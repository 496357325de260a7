"""Kinds of fact: what kind a question asks for, and the spans of a sentence that are facts of a kind.

Technical text states its facts as identifiers (vm.swappiness, os.path.join, GIT_DIR), options
(--force, -f), paths (/etc/fstab, vm.rst), commands (`git stash`), numbers with their units and
versions, as well as people's names and dates. A question's wording says which kinds answer it:
"Which sysctl ..." wants an identifier, "How many ..." a number, "Who ..." a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docent.retrieval.analyzer import STOPWORDS, analyze, fold
from docent.retrieval.chunking import code_pairs

# Question kinds.
VALUE, NAME, PERSON, DATE, PROCEDURE, DEFINITION, REASON, OTHER = (
    "value", "name", "person", "date", "procedure", "definition", "reason", "other"
)
WHERE = "where"
FACT_KINDS = frozenset({VALUE, NAME, PERSON, DATE, WHERE, PROCEDURE})
# A question of these kinds that no fact of the evidence answers may still be answered by a sentence ("How do I ...").
SENTENCE_ANSWERS = frozenset({PROCEDURE, DEFINITION, REASON, OTHER})  # answered by a fact stated in a few words

# Fact types found in text.
NUMBER, VERSION, WHEN, PEOPLE, PROPER, IDENTIFIER, OPTION, PATH, CODE, WORD = (
    "number", "version", "date", "person", "proper", "identifier", "option", "path", "code", "word"
)
ORDINAL = "ordinal"  # "tenth", "3rd": which one of a series
EXPANSION = "expansion"  # the words an abbreviation stands for, as a document spells them out
TECHNICAL = (CODE, OPTION, IDENTIFIER, PATH)
MEASURE = "measure"  # what a question may name as its target: a size, a limit, a port; only a number gives one

# The noun after "which"/"what" that names what is asked, and the fact types that name such a thing.
_TARGETS = {
    OPTION: "option options flag flags switch switches argument arguments parameter parameters",
    PATH: "file files directory directories folder folders path paths filename",
    CODE: "command commands tool tools program programs utility utilities script subcommand invocation",
    IDENTIFIER: """sysctl sysctls setting settings variable variables function functions method methods module modules
        package packages class classes key keys attribute attributes field fields exception exceptions keyword
        keywords macro macros hook hooks config configuration property properties parameter value values
        constant constants header headers environment type types extension extensions library format address addresses""",
    NUMBER: "default level priority value",
    MEASURE: """size limit number port percentage maximum minimum timeout amount count length threshold interval
        delay rate""",
    VERSION: "version release",
}
TARGET_TYPES = {word: kind for kind, words in _TARGETS.items() for word in words.split()}
_TARGET_WANTS = {
    OPTION: (OPTION, CODE, IDENTIFIER),
    PATH: (PATH, CODE, IDENTIFIER),
    CODE: (CODE, IDENTIFIER, OPTION, WORD),
    IDENTIFIER: (IDENTIFIER, CODE, OPTION, PATH, PROPER, WORD),
    NUMBER: (NUMBER, VERSION, CODE, IDENTIFIER),
    MEASURE: (NUMBER, VERSION),
    VERSION: (VERSION, NUMBER),
}
_KIND_WANTS = {
    VALUE: (NUMBER, VERSION, CODE, IDENTIFIER, WHEN),
    DATE: (WHEN, VERSION),
    PERSON: (PEOPLE,),
    NAME: (CODE, IDENTIFIER, OPTION, PATH, PROPER, PEOPLE, WORD, VERSION, NUMBER),
    PROCEDURE: (CODE, OPTION, IDENTIFIER, PATH),
    WHERE: (PATH, CODE, IDENTIFIER, PROPER, PEOPLE),
}

NAME_WANTS = _KIND_WANTS[NAME]  # what a which/what question asks for when it names no kind of thing ("what demand")

_WH = r"^\W*(?:and |so |then |also )?"
_KINDS = (
    (REASON, re.compile(_WH + r"(?:why\b|what (?:is|was) the (?:reason|point|purpose)\b|for what reason)", re.I)),
    (VALUE, re.compile(
        r"\bhow (?:many|much|long|old|far|big|large|high|often|soon|quickly|fast|deep|deeply)\b|\bwhat percentage\b"
        r"|\bwhat (?:is |are )?(?:the )?(?:default|maximum|minimum|max|min) (?:value|size|number|limit|length)\b", re.I)),
    (DATE, re.compile(r"\b(?:which|what|in what)(?: \w+)? (?:year|date|day|month|century|decade|hour|time(?! ?zones?))\b|"
                      + _WH + r"when\b|" + _WH + r"(?:until|till|since|from|to) when\b|\b(?:until|till|since|to|from|by) when\W*$"
                      r"|^(?!.*\b(?:what|which|who|whom|whose|how|where|why)\b).*\bwhen\W*$", re.I)),
    (PERSON, re.compile(_WH + r"(?:who|whom|whose)\b", re.I)),
    (WHERE, re.compile(_WH + r"where\b", re.I)),
    (PROCEDURE, re.compile(_WH + r"how (?:do|can|could|should|would|does|must|might|to)\b|" + _WH + r"how\b", re.I)),
    # "What will Kosovo do if ...?", "What should I do when ...?": an action, told in a sentence, not a name
    (OTHER, re.compile(_WH + r"what (?:will|would|might|may|could|should|can|must|shall) (?:[\w'’-]+ ){1,4}(?<!\bto )do\b"
                       r"(?!\s+(?:a|an|the|this|that|it)\b)", re.I)),
    (NAME, re.compile(
        _WH + r"(?:\w+ )?(?:which|what)\b(?! (?:is|are|was|were|does|do|did|happens|happened) (?:a|an|the)?\b(?! ?name))"
        r"|\bwhat (?:is|are) (?:the )?(?:name|names|called)\b"
        r"|^\W*what (?:is|are|was|were)\b(?!.*\b(?:when|whenever|if|after|before|once)\b).*\b(?:called|named)\W*$"
        r"|\bwhat (?:do|should|can|must) (?:i|you|we) "
        r"(?:run|type|use|call|set|pass|add|install|put|write|enter|edit)\b|\bname (?:of|the)\b", re.I)),
    (DEFINITION, re.compile(_WH + r"(?:what(?:'s| is| are| does| do| was)|define|describe|explain)\b", re.I)),
)
_HOW_MUCH = re.compile(r"\bhow (?:many|much|long|old|far|big|large|high|tall|often|soon|quickly|fast|deep|deeply|heavy|wide)\b", re.I)
# A count: "how many troops" (but "how many years" is a duration).
_COUNTING = re.compile(r"\bhow (?:many|much)\b(?! (?:time|(?:milli)?seconds?|minutes?|hours?|days?|weeks?|months?|years?"
                       r"|decades?|centuries)\b)", re.I)
# Asking how to ("How can I see how long ...", "In Python, how does one ..."), whatever follows.
_HOW_TO = re.compile(r"(?:^|[,;:]\s+)\W*(?:and |so |then |also )?how (?:(?:do|does|can|could|should|would|might|must) "
                     r"(?:i|you|we|one)|to)\b", re.I)
# "Which Balkans expert ...?", "Which Berlin foreign office spokesman ...?": a person, named.
_WHICH_PERSON = re.compile(
    r"\b(?:which|what)\s+(?:(?!(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could|should|must|may|might)\b)"
    r"[\w'’-]+\s+){0,3}?"
    r"(?:experts?|analysts?|researchers?|scientists?|spokes(?:man|woman|person)|ministers?|president|premier|chancellor"
    r"|leaders?|authors?|writers?|maintainers?|creators?|founders?|inventors?|commanders?|envoys?|ambassadors?"
    r"|diplomats?|journalists?|reporters?|politicians?|secretary|directors?|professors?|engineers?|person)\b", re.I)
_TARGET_AFTER = re.compile(r"\b(?:which|what|the|a|an|default|name of the)\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.I)
# "Which prompt escape shows how many jobs …?" asks which escape; the count is what the escape shows.
# ("What flooded Meissen and how many ...?" asks both; "what" is as often a subject as a determiner, "which" rarely.)
_ASKS_WHICH = re.compile(_WH + r"which\s+(?!is\b|are\b|was\b|were\b|does\b|do\b|did\b|can\b|should\b|will\b|would\b)"
                         r"[a-z][\w-]*\s+(?!is\b|are\b)[a-z]+\b(?<!\bhow)", re.I)
_WHICH_TARGET = re.compile(_WH + r"(?:\w+ )?(?:which|what)\s+(?!is\b|are\b|was\b|does\b|do\b|did\b)", re.I)


@dataclass(frozen=True)
class QuestionKind:
    kind: str  # VALUE, NAME, PERSON, DATE, PROCEDURE, DEFINITION, REASON or OTHER
    wants: tuple[str, ...] = ()  # fact types that answer it, the likeliest first
    calendar: bool = False  # asks for a date ("on what date"): a weekday or a month alone does not give one
    count: bool = False  # asks how many: a weekday or a month names no count either (a year may be a number)

    @property
    def asks_fact(self) -> bool:
        return self.kind in FACT_KINDS

    @property
    def sentence_answers(self) -> bool:
        return self.kind in SENTENCE_ANSWERS


# A question's filler after its wh-word: "What exactly is KFOR?" asks what KFOR is.
_FILLER = re.compile(r"\b(what|which|who|where|when|how|why)(?:'s)? (?:exactly|precisely|actually|really|basically)\b", re.I)


def without_filler(question: str) -> str:
    """The question without an adverb that only stresses its wh-word ("What exactly is KFOR?" as "What is KFOR?"),
    which no document's sentence should match for."""
    return _FILLER.sub(lambda m: m.group(0).rsplit(" ", 1)[0], question)


# "What share of Kosovo's people ...?", "Which proportion of ...?": a number, a percentage.
_SHARE_ASKED = re.compile(_WH + r"(?:what|which)(?:'s| is| was)?(?: the)? (?:share|proportion|fraction|percentage) of\b",
                          re.I)


def question_kind(question: str) -> QuestionKind:
    """The kind of answer the question's wording asks for, and which fact types give one.

    The question is its last clause when what comes first only sets the scene ("I'm in a GNOME session;
    which keys ...?"), and a "which"/"what" followed by a noun asks for a name wherever it stands
    ("Runlevels 2 to 4 point to which systemd target?")."""
    question = without_filler(question)
    if _ORDINAL_ASKED.search(question):
        return QuestionKind(VALUE, (ORDINAL, NUMBER))
    if _SHARE_ASKED.search(question):
        return QuestionKind(VALUE, (NUMBER,))
    clause = _LAST_CLAUSE.split(question.strip())[-1]
    if any(_STATUS_ASKED.match(asked) for asked in (question, clause)):
        return QuestionKind(VALUE, _STATUS_WANTS)
    kind = _kind_of(question)
    if kind == VALUE and _ASKS_WHICH.match(question) and _HOW_MUCH.search(question):
        kind = NAME  # "Which prompt escape shows how many jobs …?"
    if (kind == OTHER or _CONDITION.match(question)) and clause != question.strip() and _kind_of(clause) != OTHER:
        question, kind = clause, _kind_of(clause)
    if kind == OTHER and _INNER_WHICH.search(question):
        kind = NAME
    target = _target_type(question)
    if _HOW_MUCH.search(question) and not ((target and _WHICH_TARGET.search(question)) or _ASKS_WHICH.match(question)) \
            and not _HOW_TO.search(question):
        return QuestionKind(VALUE, (NUMBER, WHEN), count=bool(_COUNTING.search(question)))
    if kind in (NAME, VALUE, DEFINITION, PROCEDURE) and target and _names_target(question, kind):
        wants = _TARGET_WANTS[target]
        kind = VALUE if target in (NUMBER, MEASURE, VERSION) else NAME
        return QuestionKind(kind, wants)
    if any(_EXTREME_ASKED.match(asked) for asked in (question, clause)):
        return QuestionKind(VALUE, _EXTREME_WANTS)
    if kind == NAME and not target and (re.search(r"\bname of\b", question, re.I) or _WHICH_PERSON.search(question)):
        return QuestionKind(PERSON, (PEOPLE, PROPER))
    return QuestionKind(kind, _KIND_WANTS.get(kind, ()), kind == DATE and bool(_CALENDAR.search(question)))


# "Which two border crossings ...?", "Which towns had ...?": the answer lists several.
_SEVERAL = re.compile(
    r"\b(?:which|what)\s+(?:two|three|four|five|six|both)\b"
    r"|\b(?:which|what)\s+(?:(?!(?:does|do|did|is|are|was|were|has|have|had)\b)[a-z-]+\s+){0,2}"
    r"(?!(?:this|these|those|does|was|has|his|its|yes)\b)[a-z-]{3,}s(?<!ss)(?<!us)(?<!is)(?<!as)(?<!os)"
    r"\s+(?:are|were|do|does|did|have|had|took|saw|get|got|can|could|should|must|will|would)\b", re.I)


def asks_several(question: str) -> bool:
    return bool(_SEVERAL.search(question))


def _kind_of(question: str) -> str:
    if _HOW_TO.search(question):
        return PROCEDURE  # "How can I see how long each import takes?" asks how to, not how long
    return next((kind for kind, pattern in _KINDS if pattern.search(question)), OTHER)


_LAST_CLAUSE = re.compile(r"[,;:]\s+")
# A question that opens with a condition ("When jsonb input repeats a key, which value is kept?") asks what its
# last clause asks: the opening "when" or "if" sets the scene, it does not ask for a time.
_CONDITION = re.compile(r"\W*(?:when|if|once|after|before|while|unless)\b(?!\s+(?:did|does|do|is|was|were|will|would|can|could|"
                        r"has|have|had|should|must)\b)[^,;:?]*[,;:]\s+\S", re.I)
_INNER_WHICH = re.compile(r"\b(?:which|what)\s+(?!(?:is|are|was|were|does|do|did|happens|happened|will|would|might|may|can|could"
                          r"|should|must|shall)\b)[a-z]", re.I)


# "Which mountain were ...", "What group must ...": the noun a which/what question asks by, last of up to three words.
_ASKED_NOUN = re.compile(r"\b(?:which|what)\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+(?:is|are|was|were|do|does|did|has|have|had"
                         r"|can|could|will|would|should|must)\b", re.I)


# The words a question counts or asks by: "How many source files ...", "Which Debian release ...", "What's the minimum
# OpenSSL version ...": up to four words after "how many" or which/what, before the verb.
_VERB = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|must|may|might|go|goes|get|gets)\b"
_COUNTED = re.compile(rf"\bhow many\s+((?:(?!{_VERB})[\w/+-]+\s+){{0,3}}(?!{_VERB})[\w/+-]+)", re.I)
_ASKED_BY = re.compile(rf"\b(?:which|what)(?:'s| is| are)?(?: the)?\s+((?:(?!{_VERB})[\w/+-]+\s+){{0,3}}(?!{_VERB})[\w/+-]+)",
                       re.I)


def counted_terms(question: str) -> set[str]:
    """The terms of what a "how many" question counts ("tables" of "How many tables can a join hold?")."""
    return {t for match in _COUNTED.finditer(question) for t in analyze(match.group(1))}


def asked_by_terms(question: str) -> set[str]:
    """The terms of the words a which/what question asks by ("debian", "release" of "Which Debian release ...?")."""
    return {t for match in _ASKED_BY.finditer(question) for t in analyze(match.group(1))}


def asked_noun(question: str) -> str | None:
    """The noun naming the kind of thing a which/what question asks for ("mountain", "action", "editor"), if any."""
    match = _ASKED_NOUN.search(question)
    noun = match.group(1).split()[-1].lower() if match else None
    return None if noun is None or noun in STOPWORDS else noun


def _target_type(question: str) -> str | None:
    """The fact type named by the noun after which/what/the, as in "which sysctl" or "what is the default"."""
    for match in _TARGET_AFTER.finditer(question):
        named = [TARGET_TYPES[word] for word in match.group(1).lower().split() if word in TARGET_TYPES]
        if VERSION in named:  # "the minimum version" is a version
            return VERSION
        if named:
            return MEASURE if MEASURE in named else named[0]  # "the default stack size" is a measure
    return None


def _names_target(question: str, kind: str) -> bool:
    """A definition or procedure question asks for a named thing only as "what is the X that/for ..."."""
    if kind in (NAME, VALUE):
        return True
    if kind == PROCEDURE:
        return False
    return bool(re.search(r"\bwhat(?:'s| is| are) the\b", question, re.I)) and not re.search(
        r"\bwhat(?:'s| is| are) the (?:purpose|point|meaning|difference|role|use)\b", question, re.I)


@dataclass(frozen=True)
class Span:
    text: str
    type: str
    start: int  # offsets into the sentence's text
    end: int


_UNITS = (r"%|percent|per cent|[kKMGTP]i?B\b|[kKMGT]\b|bytes?\b|bits?\b|ms\b|milliseconds?\b|s\b|seconds?\b|secs?\b"
          r"|minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|pages?\b|characters?\b|lines?\b"
          r"|times\b|MHz\b|GHz\b|Hz\b|[kK]bps\b|Mbps\b|px\b|pt\b|em\b")
_ENDS_IN_UNIT = re.compile(rf"(?:{_UNITS})$")


def ends_in_unit(value: str) -> bool:
    """Whether a number fact carries its unit ("24 to 48 hours", "5s", "100 Mbps", "10%"), not a bare count."""
    return bool(_ENDS_IN_UNIT.search(value))


_RANGE = r"[-–]\d+(?:[.,]\d+)*(?![\w-]|[.,]\d)"  # "10-15%": one value ("from 1,500 to 5,000" is two)
# "24 to 48 hours" is one value too (a range), but not "from 1,500 to 5,000": a value and the one it became.
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_MONTHS = ("January February March April May June July August September October November December "
           "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_CALENDAR = re.compile(r"\b(?:what|which)(?: exact)? date\b|\bthe (?:exact )?date\b|\bday (?:in|of) (?:"
                       + "|".join(_MONTHS[:12]) + r")\b", re.I)
# "Which day of the protests", "in which round of voting": one of a series, answered by its ordinal ("the tenth
# day"); a day of the week, month or year is a date.
_ORDINAL_ASKED = re.compile(r"\b(?:which|what)\s+(?:day|round|attempt|stage|edition|anniversary)\s+of\s+"
                            r"(?!(?:the\s+|this\s+|that\s+)?(?:week|month|year|" + "|".join(_MONTHS[:12]) + r")\b)", re.I)
# "What exit code ...?", "Which HTTP status code ...?": a status is a number ("127"), a dotted code ("5.7.1") or a
# code of letters and digits ("E0004"), not the command or option the sentence names beside it.
_STATUS_ASKED = re.compile(r"^\W*(?:which|what)\s+(?:[\w-]+\s+)?(?:exit|return|error|status|response|reply)\s+"
                           r"(?:code|status|value)s?\b|^\W*what(?:'s|\s+is|\s+are|\s+was)\s+the\s+(?:[\w-]+\s+){0,2}"
                           r"(?:exit|return|error|response|reply)\s+(?:code|status)\b", re.I)
_STATUS_WANTS = (NUMBER, VERSION, IDENTIFIER)
# "What is the largest number ...?", "What's the biggest UDP datagram payload ...?": the extreme of a magnitude is a
# number (a version or a time too), but not of a thing that has no magnitude ("the highest isolation level", "the
# biggest risk").
_EXTREME_ASKED = re.compile(r"^\W*(?:which|what)(?:'s|\s+is|\s+are|\s+was)?\s+(?:the\s+)?(?:[\w-]+\s+)?"
                            r"(?:largest|biggest|smallest|highest|lowest|longest|shortest|greatest)\s+(?:[\w-]+\s+){0,2}?"
                            r"(?:number|value|size|length|amount|count|time|delay|timeout|interval|period|duration|payload"
                            r"|year|age|weight|depth|width|height|limit|line|body|packet|datagram|integer|file"
                            r"|memory|status|code|port)s?\b", re.I)
_EXTREME_WANTS = (NUMBER, VERSION, WHEN)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion dozen dozens""".split())
_NUMBER_WORD = rf"(?:{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
_SCALE = r"(?:hundreds?|thousands?|millions?|billions?|dozens?)"


def _right_after(words: str) -> str:
    """A position right after one of the words (a lookbehind each: Python's must have a fixed width)."""
    return "(?:" + "|".join(f"(?<={word})" for word in words.split()) + ")"


_AFTER_SCALE = _right_after("hundred thousand million billion")  # "hundred and twenty"; "two and three" are two
_AFTER_TENS = _right_after("twenty thirty forty fifty sixty seventy eighty ninety")
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_MARKUP = re.compile(r"``(?P<a>[^`\n]+)``|`(?P<b>[^`\n]+)`(?:_|__)?|(?<!\w)'(?P<c>[a-z][^'\n]{0,60})'(?!\w)"
                     r"|[\"“](?P<d>[^\"“”\n]{1,60})[\"”]")
_SHELL = re.compile(r"(?:^|\n)[^\S\n]*[$#][^\S\n]+(?:sudo[^\S\n]+)?(?P<command>[a-z][\w.+-]*(?:[^\S\n]+[^\s;&<>]+)*)")
# Addresses, found whole before their parts are: a web address is a place (not "google.com/lesssecureapps" of
# https://myaccount.google.com/lesssecureapps), a mail address a name (not "gnu.org" of bug-bash@gnu.org). Marked up as
# code, an address stays code (_typed).
_ADDRESSES = (
    (PATH, re.compile(r"(?<![\w.+-])(?:https?|ftp|file|ssh|git|rsync)://[^\s<>\"'`|\[\]{}]+")),
    (IDENTIFIER, re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@-]|\.\w)")),
)
_URL_TRAILING = ".,;:!?*_’”'\""  # what ends a sentence or its markup after a web address, not part of it


def _address_end(value: str) -> int:
    """Where a web address found in running text ends: before trailing punctuation or markup, and before a ")" it did
    not open ("(see https://x.org/a)"); "https://en.wikipedia.org/wiki/Foo_(software)" keeps its own parentheses."""
    end = len(value)
    while end and (value[end - 1] in _URL_TRAILING or (value[end - 1] == ")" and value.count("(", 0, end) < value.count(")", 0, end))):
        end -= 1
    return end
_PATTERNS = (
    # a code in capitals joined by hyphens, with digits: CVE-2016-10099, ISO-8859-1, UTF-8, SHA-256, GPL-2+
    (IDENTIFIER, re.compile(r"(?<![\w.-])[A-Z][A-Z0-9]*(?=[-A-Z0-9]*-[A-Z0-9]*\d)(?:-[A-Z0-9]+){1,3}\+?(?![\w-])")),
    # an escape standing alone: a prompt's "\j", a format's "%Y" or "%-d" (not "50%", not C:\Users)
    (CODE, re.compile(r"(?<![\w\\%:])(?:\\[A-Za-z@#$!\[\]]|%[-+#0]?[A-Za-z%])(?![\w\\%])")),
    (OPTION, re.compile(r"(?<![\w\-/.])(?<![^\s(\[{,=]['\"’”)\]`])--?[A-Za-z][\w-]*(?:\[[\w-]+\])?[\w-]*(?:=[^\s,;)\]]+)?")),
    (PATH, re.compile(r"(?<![\w/.])(?:~|\.{1,2}|\$\{?[A-Za-z_]\w*\}?)?/[\w.+@-]+(?:/[\w.+@*-]*)*"
                      r"|(?<![\w/])[\w.-]+/[\w.+@-]+(?:/[\w.+@*-]*)*")),
    (WHEN, re.compile(
        r"\b\d{1,2}(?:[:.][0-5]\d)?\s?(?:[ap]\.m\.|[ap]m\b)|(?<![\d:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]|\.\d)"
        r"|\b(?:noon|midnight)\b|"  # times of day: "6 pm", "8:30 a.m.", "08:00", "noon"
        rf"\b(?:{'|'.join(_MONTHS)})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
        r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b(?:\s+\d{4})?"
        r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        r"|\b(?<!(?<!\d)-)(?:1[5-9]|20)\d\d\b(?!\d|[.,]\d|\s?(?:%|[kKMGT]i?B|bytes?|px))")),
    (ORDINAL, re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
                         r"|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|\d+(?:st|nd|rd|th))\b", re.I)),
    (NUMBER, re.compile(rf"(?<![\w.,])(?<![Ff]rom )\d+(?:[.,]\d+)*\s+to\s+\d+(?:[.,]\d+)*(?![\w.,]\d)(?:\s?(?:{_UNITS}))?")),
    (NUMBER, re.compile(rf"(?<![\w.,])\d+(?:[.,]\d+)*\s{{1,3}}(?:hundred|thousand|million|billion)\b(?:\s?(?:{_UNITS}))?")),
    # a number spelled in several words is one number: "five hundred", "twenty-five", "one hundred and twenty"
    # ("ten ten-minute breaks", "one one-time password" and "one two three" are not one)
    (NUMBER, re.compile(rf"(?i:\b{_NUMBER_WORD}(?:\s+{_SCALE}|{_AFTER_TENS}[\s-]{_UNIT_WORD}|{_AFTER_SCALE}\s+(?:and\s+)?"
                        rf"{_NUMBER_WORD})+\b)"
                        rf"(?:\s(?:{_UNITS}))?")),
    (VERSION, re.compile(r"(?<![\w.])v?\d+(?:\.\d+){1,3}(?:[a-z]\d*)?(?![\w.]*\w)")),
    (NUMBER, re.compile(rf"(?:(?<![\w.-])-(?=\d))?(?<![\w.])(?<!\w\()(?<![A-Za-z]-)\d+(?:[.,]\d+)*(?:{_RANGE})?(?:\s?(?:{_UNITS}))?"
                        rf"|(?i:\b{_NUMBER_WORD}\b)(?:\s(?:{_UNITS}))?")),
    (IDENTIFIER, re.compile(
        r"(?<![\w.$-])[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+(?:\(\))?|(?<![\w$-])[A-Za-z_]\w*\(\)|(?<![\w.$-])\$?[A-Za-z]*_[\w]+"
        r"|(?<![\w.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w-]|\.\w)|(?<![\w.-])[a-z]+[A-Z][A-Za-z0-9]*|(?<![\w.-])[A-Z][a-z]+[A-Z][A-Za-z0-9]*|(?<![\w.-])\$?[A-Z][A-Z0-9_]{1,}(?![\w-])")),
)
# Latin abbreviations of prose: dotted like an identifier ("e.g"), or a word, never a fact.
ABBREVIATIONS = frozenset("e.g i.e a.k.a etc cf viz et al vs".split())
_FILE_EXTENSIONS = frozenset(
    "conf cfg ini rst txt md py pyc c h sh list json yaml yml toml html htm xml log gz bz2 xz deb so el pl rb js css"
    " d service socket timer mount desktop pem key crt lock tmp bak gpg asc pdf png jpg".split())
_CELL = re.compile(r"(?:^|(?<=\| ))[^|\n]*[^|\s]", re.MULTILINE)  # a cell of a row "a | b | c"
# A cell that names a thing: one or two words of letters, digits and -_.+/@~=, with a run of letters.
_NAME_CELL = re.compile(r"(?=.*[A-Za-z]{2})[\w.+/@~=-]+(?: [\w.+/@~=-]+)?")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]*\w|[(\[]+(?=[A-ZÀ-ÖØ-Þ])|\S+")
# A number that labels a part of the document ("Table 3-1", "Listing 9-6", "Section 4.2") says where, not what.
_PART_LABEL = re.compile(r"\b(?:Table|Figure|Fig\.|Listing|Chapter|Section|Appendix|Example)\s+[\dA-Z]+(?:[-.]\d+)*\b")
MAX_CODE_FACT_CHARS = 80  # longer marked code is a snippet, not a fact
_WORD_RE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]+(?![\w-]|\.\w|['’]\w)")


def fact_spans(text: str, table: bool = False, code: tuple[int, ...] = ()) -> list[Span]:
    """The facts stated in text, each typed; a span marked up as code is CODE whatever it holds.

    In a table (rows of cells joined by " | "), a short cell is a name or value in itself, as marked-up code is.
    code: where the file marked inline code (flat start, end pairs): each is a fact, typed by what it holds; one
    of several words still lets the facts inside it count ("LimitRequestBody 1073741824" states a number)."""
    spans: list[Span] = []
    taken = [False] * len(text)

    def add(start: int, end: int, kind: str, take: bool = True) -> None:
        value = text[start:end].rstrip(".,;:")
        end = start + len(value)
        if value and not any(taken[start:end]):
            if value.lower() not in ABBREVIATIONS:
                spans.append(Span(value, kind, start, end))
            if take:
                taken[start:end] = [True] * (end - start)

    for match in _PART_LABEL.finditer(text):
        taken[match.start():match.end()] = [True] * (match.end() - match.start())
    for start, end in code_pairs(code):
        value = text[start:end]
        if len(value) <= MAX_CODE_FACT_CHARS:
            add(start, end, _typed(value) if " " not in value else CODE, take=" " not in value)
    header = text.find("\n")  # the first row names the columns
    for match in _CELL.finditer(text, header + 1) if table and header > 0 else ():
        if _NAME_CELL.fullmatch(match.group().strip()):
            add(match.start(), match.end(), CODE)
    for match in _SHELL.finditer(text):
        add(match.start("command"), match.end("command"), CODE)
    for match in _MARKUP.finditer(text):
        group = next(g for g in "abcd" if match.group(g))
        add(match.start(group), match.end(group), CODE if group != "d" else _typed(match.group(group)))
    for kind, pattern in _ADDRESSES:  # typed as found: "info@example.sh" is no shell script
        for match in pattern.finditer(text):
            add(match.start(), match.start() + _address_end(match.group()), kind)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not (kind == PATH and _is_alternative(match.group())):
                add(match.start(), match.end(), _refined(kind, match.group()))
    for start, end, kind in _proper_names(text):
        add(start, end, kind)
    for match in _WORD_RE.finditer(text):
        add(match.start(), match.end(), IDENTIFIER if has_digit(match.group()) else WORD)  # i32, sha256, ext4
    return sorted(spans, key=lambda span: span.start)


def _typed(value: str) -> str:
    """A quoted string: a technical fact when it looks like one, else code (what to type)."""
    for kind, pattern in _PATTERNS:
        if pattern.fullmatch(value):
            return _refined(kind, value)
    return CODE


def _is_alternative(value: str) -> bool:
    """Two words joined by a slash, one of them a stopword: "and/or", "on/off", "his/her" give a choice, not a path."""
    words = value.lower().split("/")
    return len(words) == 2 and all(w.isalpha() for w in words) and any(w in STOPWORDS for w in words)


def _refined(kind: str, value: str) -> str:
    """A dotted identifier ending in a file extension (vm.rst) is a path; a word in capitals alone (PID) an acronym."""
    if kind == IDENTIFIER and "." in value and value.rsplit(".", 1)[-1].lower() in _FILE_EXTENSIONS:
        return PATH
    if kind == IDENTIFIER and value.isalpha() and value.isupper():
        return PROPER
    if kind == VERSION and _IPV4.fullmatch(value):
        return IDENTIFIER  # an address names a host, it is no version
    return kind


def _proper_names(text: str) -> list[tuple[int, int, str]]:
    """Runs of capitalised words: two or more may be a person's name; one alone at a sentence's start is no name."""
    found: list[tuple[int, int, str]] = []
    run: list[re.Match[str]] = []
    for match in [*_CAPITALISED.finditer(text), None]:
        word = match.group() if match else ""
        if match and word[0].isupper() and word[0].isalpha() and analyze(word):
            run.append(match)
            continue
        if run and run[0].group().lower() in _OPENERS and _opens(text, run):
            while run and run[0].group().lower() in _OPENERS:  # "Since Corepack ...", "Please Note ...": no name's words
                run = run[1:]
        if run and (len(run) > 1 or has_digit(run[0].group()) or not _opens(text, run)):
            found.append((run[0].start(), run[-1].end(), PEOPLE if len(run) > 1 else PROPER))
        run = []
    return found


def _opens(text: str, run: list[re.Match[str]]) -> bool:
    """Whether a run of capitalised words opens a sentence, or a phrase in parentheses that goes on after it ("(See
    crontab for ...)"); "(Greens)", closed right after the run, is a name in parentheses."""
    start = run[0].start()
    if text[:start].endswith("("):
        return not text.startswith(")", run[-1].end()) or run[0].group().lower() in _OPENERS
    return _starts_sentence(text, start)


# Words that open a sentence, capitalised there, and are no name's first word.
_OPENERS = frozenset("""since however although though unlike once like thus hence therefore meanwhile moreover furthermore
    additionally finally instead otherwise still yet even earlier later previously currently today yesterday recently
    please note see unless whether whereas optional default required deprecated experimental""".split())


def has_digit(word: str) -> bool:
    """A capitalised word with a digit ("Modula-3") is a name even at a sentence's start."""
    return any(ch.isdigit() for ch in word)


def _starts_sentence(text: str, at: int) -> bool:
    return at == 0 or text[:at].rstrip().endswith((".", "!", "?", ":", "\n")) or not text[:at].strip()


def same_fact(a: str, b: str) -> bool:
    """Whether two spans state the same fact: equal once folded, markup and case aside."""
    return _key(a) == _key(b)


def _key(value: str) -> str:
    return re.sub(r"[\s`'\"“”‘’*]+", " ", fold(value)).strip(" .,;:")
