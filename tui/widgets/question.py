"""The question box, and the keys that open a source from anywhere: Alt+1 … Alt+9."""

from __future__ import annotations

import unicodedata

from textual.widgets import Input

# Most terminals send Alt+n as Esc n, which Textual reads as the character macOS types for Option+n.
ALT_DIGIT_CHARACTERS = dict(zip("123456789", "¡™£¢∞§¶•ª", strict=True))


def key_name(character: str) -> str:
    """The name Textual gives the key that types character."""
    if character.isalnum():
        return character
    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


ALT_DIGIT_KEYS = {key_name(character): int(n) for n, character in ALT_DIGIT_CHARACTERS.items()}


def source_keys(n: int) -> str:
    """The keys that open source n: Alt+n, and the key Alt+n arrives as in most terminals."""
    return f"alt+{n},{key_name(ALT_DIGIT_CHARACTERS[str(n)])}"


class QuestionBox(Input):
    """An Input that leaves Alt+digit to the app's bindings instead of typing it, and keeps its cursor at the end
    when focused (selecting the text on focus would let the next key typed replace the question)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, select_on_focus=False, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key in ALT_DIGIT_KEYS or key.startswith("alt+"):
            return False
        return super().check_consume_key(key, character)
