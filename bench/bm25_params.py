"""Where the passage holding the answer ranks under BM25 parameters other than docent's, scored by rank-bm25 itself.

For each opened question set's answerable questions (bench/quality.py's sets), over the passages docent makes
of its collection: the share whose answer stands in the first, the first 2 and the first 5 passages, per (k1, b).

    python bench/bm25_params.py [--seeds] [--grid 1.5/0.75,0.9/0.6] [--collections DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import CACHE, sets  # noqa: E402
from docent.answering.evaluation import contains_answer, load_cases  # noqa: E402
from docent.retrieval.analyzer import analyze  # noqa: E402
from docent.retrieval.chunking import passage_terms  # noqa: E402
from docent.retrieval.index_cache import open_index  # noqa: E402

RANKS = (1, 2, 5)
GRID = "1.5/0.75,1.2/0.75,1.2/0.5,0.9/0.5,0.9/0.6,0.7/0.4,0.7/0.6,2.0/0.75"


def main() -> None:
    from rank_bm25 import BM25Okapi

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", action="store_true", help="the seed articles' sets instead of the technical ones")
    parser.add_argument("--grid", default=GRID, help="k1/b pairs, comma-separated")
    parser.add_argument("--collections", type=Path, default=Path("/work/collections"))
    args = parser.parse_args()
    grid = [tuple(float(x) for x in pair.split("/")) for pair in args.grid.split(",")]
    by_corpus = defaultdict(list)
    for name, (questions, corpus) in sets(args.collections, opened=True).items():
        if name.startswith("seeds") == args.seeds:
            by_corpus[corpus] += [case for case in load_cases(questions) if not case.unanswerable]
    found: Counter = Counter()
    for corpus, cases in by_corpus.items():
        passages = list(open_index(corpus, CACHE).index.passages)
        terms = [passage_terms(p) for p in passages]
        for k1, b in grid:
            model = BM25Okapi(terms, k1=k1, b=b)
            for case in cases:
                top = np.argsort(-model.get_scores(analyze(case.question)), kind="stable")[:max(RANKS)]
                first = next((i for i, p in enumerate(top) if contains_answer(passages[p].text, case.answers)), None)
                for rank in RANKS:
                    found[(k1, b, rank)] += first is not None and first < rank
    total = sum(len(cases) for cases in by_corpus.values())
    print(f"| k1 | b | questions | {' | '.join(f'answer in top {r}' for r in RANKS)} |")
    print("|---|---|---|" + "---|" * len(RANKS))
    for k1, b in grid:
        print(f"| {k1} | {b} | {total} | " + " | ".join(f"{found[(k1, b, r)] / total:.3f}" for r in RANKS) + " |")


if __name__ == "__main__":
    main()
