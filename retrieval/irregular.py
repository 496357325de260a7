"""Irregular verb forms as their base form, so that "Where did Vucic meet them?" finds "he met them".

The light stemmer joins regular inflections (closed, closing, close); a past tense or participle spelled apart
(met, said, chosen) kept a term of its own. Left out: forms that are also common words of technical text in
another sense ("bit", "built" as in built-in, "left", "found" as in not found, "broken", "lay", "saw", "fell",
"rose", "read", "set", "put", "cut", "let", "led" as in LED, "fed" as in the Fed, "hid" as in HID, "made" beside
make the tool), and those of go (the language), see (as in "see also") and do (a stopword), which would join words
that have nothing to do with each other.
"""

from __future__ import annotations

# base: its irregular forms
_FORMS = {
    "meet": "met", "say": "said says", "tell": "told", "take": "took taken", "give": "gave given",
    "come": "came", "hold": "held", "send": "sent", "begin": "began begun",
    "bring": "brought", "think": "thought", "buy": "bought", "write": "wrote written", "run": "ran",
    "choose": "chose chosen", "know": "knew known", "show": "shown", "speak": "spoke spoken",
    "keep": "kept", "stand": "stood", "sell": "sold", "win": "won", "lose": "lost",
    "pay": "paid", "mean": "meant", "feel": "felt", "hear": "heard", "strike": "struck", "fight": "fought",
    "catch": "caught", "teach": "taught", "seek": "sought", "freeze": "froze frozen", "grow": "grew grown",
    "throw": "threw thrown", "fly": "flew flown", "hide": "hidden", "get": "got gotten",
    "forget": "forgot forgotten", "shake": "shook shaken", "wake": "woke woken", "wear": "wore worn",
    "swear": "swore sworn", "understand": "understood", "withdraw": "withdrew withdrawn", "arise": "arose arisen",
    "draw": "drew drawn", "eat": "ate eaten", "drive": "drove", "ride": "rode ridden", "rise": "risen",
    "fall": "fallen", "steal": "stole stolen", "sleep": "slept", "spend": "spent", "lend": "lent",
    "bend": "bent", "flee": "fled", "bleed": "bled", "sing": "sang sung", "ring": "rang rung",
    "swim": "swam swum", "sink": "sank sunk", "drink": "drank drunk", "forbid": "forbade forbidden",
    "undertake": "undertook undertaken", "overtake": "overtook overtaken", "mistake": "mistook mistaken",
    "overcome": "overcame", "become": "became", "rebuild": "rebuilt", "rewrite": "rewrote rewritten",
    "override": "overrode overridden", "undo": "undid undone", "redo": "redid redone",
}

BASE = {form: base for base, forms in _FORMS.items() for form in forms.split()}


def base_form(word: str) -> str:
    """The base form of a folded word that is an irregular verb form, or the word itself."""
    return BASE.get(word, word)
