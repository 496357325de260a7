"""Compare sentence splitters on hand-labelled paragraphs of real documentation, as written and hard-wrapped.

    python -m bench.sentence_split            # docent's own rules, and pysbd, syntok, blingfire if installed

Each paragraph of bench/data/sentences.txt is given to each splitter twice: on one line, and wrapped at 72
columns as in a plain-text file. A boundary is counted as the number of non-space characters before it, so
splitters that change white space compare fairly. Times are per paragraph, all splitters measured in the
same run (compare the ratios: the machine is shared).
"""

from __future__ import annotations

import statistics
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from docent.retrieval.segmentation import TEXT, segments

DATA = Path(__file__).resolve().parent / "data"
# The first sample was seen while docent's rules were written; the second was labelled after.
SAMPLES = {"development sample": DATA / "sentences.txt", "held-out sample": DATA / "sentences-heldout.txt"}
SEPARATOR = " ⏐ "
REPEATS = 5

Splitter = Callable[[str], list[str]]


def labelled(sample: Path) -> list[list[str]]:
    lines = sample.read_text(encoding="utf-8").splitlines()
    return [line.split(SEPARATOR) for line in lines if line.strip() and not line.startswith("#")]


def boundaries(sentences: list[str]) -> set[int]:
    ends, total = set(), 0
    for sentence in sentences[:-1]:
        total += len("".join(sentence.split()))
        ends.add(total)
    return ends


def docent_split(text: str) -> list[str]:
    return [text[s.start:s.end] for s in segments(text, prose_indent=True) if s.kind == TEXT]


def _pysbd() -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter.segment


def _syntok() -> Splitter | None:
    try:
        from syntok import segmenter
    except ImportError:
        return None

    def split(text: str) -> list[str]:
        return ["".join(t.spacing + t.value for t in sentence) for paragraph in segmenter.analyze(text) for sentence in paragraph]

    return split


def _blingfire() -> Splitter | None:
    try:
        import blingfire
    except ImportError:
        return None
    return lambda text: blingfire.text_to_sentences(text).split("\n")


def measure(name: str, split: Splitter, paragraphs: list[list[str]]) -> dict[str, float | str]:
    row: dict[str, float | str] = {"splitter": name}
    for variant, render in (("one line", " ".join), ("wrapped", lambda s: textwrap.fill(" ".join(s), 72))):
        hits = predicted = gold = exact = 0
        for sentences in paragraphs:
            truth, found = boundaries(sentences), boundaries(split(render(sentences)))
            hits += len(truth & found)
            predicted += len(found)
            gold += len(truth)
            exact += truth == found
        row[f"{variant} precision"] = hits / predicted if predicted else 1.0
        row[f"{variant} recall"] = hits / gold
        row[f"{variant} paragraphs right"] = exact / len(paragraphs)
    texts = [textwrap.fill(" ".join(s), 72) for s in paragraphs]
    runs = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        for text in texts:
            split(text)
        runs.append((time.perf_counter() - began) / len(texts) * 1000)
    row["ms per paragraph"] = statistics.median(runs)
    return row


def main() -> None:
    splitters = {"docent rules": docent_split, "pysbd": _pysbd(), "syntok": _syntok(), "blingfire": _blingfire()}
    for title, sample in SAMPLES.items():
        paragraphs = labelled(sample)
        rows = [measure(name, split, paragraphs) for name, split in splitters.items() if split is not None]
        print(f"\n{title}: {len(paragraphs)} paragraphs, {sum(len(p) - 1 for p in paragraphs)} boundaries")
        columns = list(rows[0])
        print(" | ".join(columns))
        for row in rows:
            print(" | ".join(f"{row[c]:.3f}" if isinstance(row[c], float) else str(row[c]) for c in columns))
        base = rows[0]["ms per paragraph"]
        for row in rows[1:]:
            print(f"{row['splitter']}: {row['ms per paragraph'] / base:.1f}x the time of docent's rules")


if __name__ == "__main__":
    main()
