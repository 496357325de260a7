"""British spellings as American ones, so that a question typed either way finds text written the other way.

"Who is Serbia's defence minister?" must find "Defense Minister Milos Vucevic", and "organisation" must find
"organization". Only word families listed here change, each with the endings it takes: a rule as broad as
"-ise is -ize" would also turn "wise", "promise" and "exercise" into words nobody wrote.
"""

from __future__ import annotations

# The endings a listed stem takes in each family ("" is the stem alone).
_VERB = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "able")
_NOUN = ("", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "hood", "hoods", "less", "al", "y")
_DOUBLED = ("ed", "ing", "er", "ers")

# Families: British stems -> American, the letters that differ, and the endings they take.
_FAMILIES: tuple[tuple[tuple[str, ...], str, str, tuple[str, ...]], ...] = (
    # -our: colour, behaviour, armoured, favourite, neighbourhood
    (("col", "flav", "hon", "hum", "lab", "neighb", "fav", "behavi", "arm", "harb", "rum", "vap", "vig", "val",
      "sav", "endeav", "od", "parl", "savi", "clam", "splend", "tum", "cand", "ard", "ranc", "ferv"), "our", "or", _NOUN),
    # -ise, -isation: organise, initialised, serialisation (the verbs only: "wise" and "promise" are no such verb)
    (("organ", "initial", "serial", "deserial", "optim", "custom", "recogn", "normal", "synchron", "author", "minim",
      "maxim", "priorit", "final", "special", "util", "real", "standard", "central", "summar", "categor", "visual",
      "apolog", "critic", "character", "memor", "local", "global", "capital", "general", "stabil", "token",
      "parallel", "virtual", "sanit", "personal", "modern", "material", "legal", "neutral", "mobil", "harmon",
      "item", "container", "alphabet", "random", "vector", "parametr", "rational", "scrutin", "social", "trivial",
      "symbol", "emphas", "hospital", "industrial", "public", "sympath", "regular", "unrecogn", "reorgan",
      "reinitial", "uninitial", "resynchron", "unauthor", "pressur", "equal"), "is", "iz", _VERB),
    # -yse: analyse, paralysed ("analysis" keeps its ending, and is American too)
    (("anal", "paral", "catal", "dial", "electrol"), "ys", "yz", _VERB),
    # -ll- before an ending: travelled, cancelling, modelling ("cancellation" is American too)
    (("travel", "cancel", "model", "label", "level", "fuel", "signal", "marshal", "channel", "tunnel", "counsel",
      "dial", "equal", "total", "rival", "shovel", "pedal", "quarrel", "jewel", "funnel"), "l", "", _DOUBLED),
)
_PLURAL = (("", ""), ("s", "s"))
_E_VERB = (*_PLURAL, ("d", "d"))  # licence(s), licenced -> license(s), licensed
_ER_VERB = (*_PLURAL, ("d", "ed"))  # centre(s), centred -> center(s), centered
# Whole words spelled apart, with their endings (British ending, American ending).
_WORDS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("defence", "defense", _PLURAL), ("licence", "license", _E_VERB), ("offence", "offense", _PLURAL),
    ("pretence", "pretense", _PLURAL), ("centre", "center", _ER_VERB), ("metre", "meter", _PLURAL),
    ("litre", "liter", _PLURAL), ("theatre", "theater", _PLURAL), ("fibre", "fiber", _PLURAL),
    ("calibre", "caliber", _PLURAL), ("spectre", "specter", _PLURAL), ("lustre", "luster", _PLURAL),
    ("manoeuvre", "maneuver", _ER_VERB), ("catalogue", "catalog", _ER_VERB), ("dialogue", "dialog", _PLURAL),
    ("analogue", "analog", _PLURAL), ("programme", "program", _PLURAL), ("judgement", "judgment", _PLURAL),
    ("acknowledgement", "acknowledgment", _PLURAL), ("ageing", "aging", _PLURAL), ("aluminium", "aluminum", _PLURAL),
    ("grey", "gray", (*_PLURAL, ("ed", "ed"), ("ish", "ish"))), ("tyre", "tire", _PLURAL),
    ("fulfil", "fulfill", (*_PLURAL, ("ment", "ment"))), ("enrol", "enroll", (*_PLURAL, ("ment", "ment"))),
    ("mould", "mold", (*_PLURAL, ("ed", "ed"), ("ing", "ing"), ("y", "y"))),
    ("sceptic", "skeptic", (*_PLURAL, ("al", "al"), ("ism", "ism"))), ("plough", "plow", (*_PLURAL, ("ed", "ed"))),
    ("cheque", "check", _PLURAL), ("storey", "story", _PLURAL),
)


def _table() -> dict[str, str]:
    found: dict[str, str] = {}
    for stems, british, american_letters, endings in _FAMILIES:
        for stem in stems:
            for ending in endings:
                found[stem + british + ending] = stem + american_letters + ending
    for british_word, american_word, pairs in _WORDS:
        for british_ending, american_ending in pairs:
            found[british_word + british_ending] = american_word + american_ending
    return found


AMERICAN = _table()


def american(word: str) -> str:
    """The American spelling of a folded word, or the word itself."""
    return AMERICAN.get(word, word)
