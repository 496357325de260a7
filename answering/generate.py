"""Generate stage: the model's reply to the prompt, cut where it starts repeating itself, its citations checked.

Nothing of the reply is shown while it is written: the verify stage decides what of it the reader sees.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from docent.answering.citations import CitingStream, resolve_citations
from docent.answering.llm import ChatModel, GenerationSettings
from docent.answering.plain_text import printable
from docent.answering.prompt import FittedPrompt
from docent.answering.types import Citation

REPEAT_WORDS = 5  # a run of this many words written a second time is a loop
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Generation:
    text: str  # the reply, cut at a repetition, with only checked citations
    citations: list[Citation]
    completion_tokens: int = 0
    prompt_ms: float = 0.0  # until the first token
    generation_ms: float = 0.0
    stopped: bool = False  # the reader stopped it
    looped: bool = False  # cut where it began to repeat itself
    raw: str = field(default="", repr=False)  # what the model wrote


SHORT_REPEAT_WORDS = 4  # a shorter run written three times in a row is a loop too ("The official: The official: ...")


def repetition_at(text: str, words: int = REPEAT_WORDS) -> int | None:
    """Where text begins to repeat a run of words it already wrote (the offset of the repeat), or None: a run of
    `words` words written again, or a run of two to four words, one of them a word of three letters or more, written
    three times in a row ("The official: The official: The official:"; not "very, very, very", "x 3 x 3 x 3" or the
    cells of a table row "| yes | yes | yes |")."""
    found = [(m.start(), m.group().lower().strip(".,;:!?")) for m in _WORD.finditer(text)]
    plain = [w for _, w in found]
    for size in range(2, SHORT_REPEAT_WORDS + 1):
        for i in range(len(plain) - 3 * size + 1):
            run = plain[i:i + size]
            if run == plain[i + size:i + 2 * size] == plain[i + 2 * size:i + 3 * size] \
                    and any(len(w) >= 3 and w.isalpha() for w in run) and "|" not in run:
                return found[i + size][0]
    seen: dict[tuple[str, ...], int] = {}
    for i in range(len(found) - words + 1):
        gram = tuple(w for _, w in found[i: i + words])
        if gram in seen and seen[gram] + words <= i:
            return found[i][0]
        seen.setdefault(gram, i)
    return None


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def generate(
    model: ChatModel, prompt: FittedPrompt, settings: GenerationSettings, should_stop: Callable[[], bool] = lambda: False
) -> Generation:
    """The reply; generation ends at max_tokens, at a stop string, at a repetition, or when should_stop says so."""
    begun = time.perf_counter()
    stream = model.stream(prompt.prompt, settings)
    parts: list[str] = []
    completion, first_token_at, stopped, cut = 0, None, False, None
    try:
        for chunk in stream:
            first_token_at = first_token_at or time.perf_counter()
            completion += 1
            parts.append(printable(chunk))
            cut = repetition_at("".join(parts))
            if cut is not None:
                break
            if should_stop():
                stopped = True
                break
    finally:
        close = getattr(stream, "close", None)  # a generator: closing it ends the model's stream
        if close:
            close()
    ended = time.perf_counter()
    raw = "".join(parts)
    cleaner = CitingStream(prompt.passages, question=prompt.question)
    text = (cleaner.feed(raw[:cut] if cut is not None else raw) + cleaner.finish()).strip()
    return Generation(
        text=text,
        citations=resolve_citations(text, prompt.passages, cleaner.checks),
        completion_tokens=completion,
        prompt_ms=_ms((first_token_at or ended) - begun),
        generation_ms=_ms(ended - (first_token_at or ended)),
        stopped=stopped,
        looped=cut is not None,
        raw=raw,
    )
