"""Fit the learned candidate ranking (answering/ranking.py) and write its weights to answering/ranker_weights.py.

Training data: every answerable fact question of the opened question sets (bench/quality.py's --opened sets, all
written by people who read only the documents), over the candidate pool docent draws from (AnswerSettings:
fact_passages, fact_pool). A candidate is a positive when it holds an accepted answer (weight 1) or stands in a
sentence that does (weight POSITIVE_SENTENCE). The model is linear over standardised FEATURES with a softmax
over each question's candidates (a listwise ranking loss), fitted by gradient descent with an L2 penalty.

Before writing, it reports leave-one-set-out figures (fit on the other sets, measure on the one left out): the
share of fact questions whose first candidate holds the answer (fact) or whose sentence does (sentence), for the
hand-written ranking and the learned one, over the same pool. Those are the figures to trust; the pipeline's own
figures on these sets after training are in-sample.

    python bench/train_ranker.py [--collections DIR] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import CACHE, sets  # noqa: E402
from docent.answering.candidates import facts_of  # noqa: E402
from docent.answering.evaluation import contains_answer, load_cases  # noqa: E402
from docent.answering.fake_model import FakeModel  # noqa: E402
from docent.answering.pipeline import Answerer  # noqa: E402
from docent.answering.ranking import FEATURES, features  # noqa: E402
from docent.retrieval.index_cache import open_index  # noqa: E402

WEIGHTS_FILE = ROOT / "answering" / "ranker_weights.py"
POSITIVE_SENTENCE = 0.3
L2 = 0.01
STEPS = 400
STEP_SIZE = 0.5


@dataclass
class Question:
    rows: np.ndarray  # one row of FEATURES per candidate
    fact: np.ndarray  # 1 where the candidate holds an accepted answer
    sentence: np.ndarray  # 1 where its sentence does


def questions_of(question_file: Path, corpus: Path) -> list[Question]:
    index = open_index(corpus, CACHE).index
    answerer = Answerer(index, FakeModel())
    found = []
    for case in load_cases(question_file):
        if case.unanswerable:
            continue
        evidence = answerer.pool(case.question)
        if not evidence.kind.asks_fact:
            continue
        facts = facts_of(evidence, index.term_idf, index.rare_term_idf)
        rows = np.array(features(evidence, facts, index.term_idf, index.rare_term_idf)).reshape(len(facts), len(FEATURES))
        found.append(Question(rows, np.array([contains_answer(c.text, case.answers) for c in facts], float),
                              np.array([contains_answer(c.sentence.text, case.answers) for c in facts], float)))
    return found


def fit(questions: list[Question]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, scale and weights of the softmax ranking over the questions that have a positive candidate."""
    useful = [(q.rows, target / target.sum()) for q in questions
              if (target := q.fact + POSITIVE_SENTENCE * q.sentence).sum() > 0]
    if not useful:
        raise SystemExit("no question has a candidate holding its answer: nothing to fit")
    stacked = np.vstack([rows for rows, _ in useful])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    standard = [((rows - mean) / scale, target) for rows, target in useful]
    weight = np.zeros(stacked.shape[1])
    for _ in range(STEPS):
        gradient = np.zeros_like(weight)
        for rows, target in standard:
            scores = rows @ weight
            p = np.exp(scores - scores.max())
            gradient += rows.T @ (p / p.sum() - target)
        weight -= STEP_SIZE * (gradient / len(standard) + L2 * weight)
    return mean, scale, weight


def learned(mean: np.ndarray, scale: np.ndarray, weight: np.ndarray):
    """The learned scores of a question's candidate rows."""
    return lambda rows: ((rows - mean) / scale) @ weight


def firsts(questions: list[Question], order) -> tuple[int, int]:
    """How many questions' first candidate (by order(rows)) holds the answer, and how many its sentence does."""
    fact = sentence = 0
    for q in questions:
        if len(q.rows):
            first = int(np.argmax(order(q.rows)))
            fact += q.fact[first] > 0
            sentence += q.sentence[first] > 0
    return fact, sentence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", type=Path, default=Path("/work/collections"))
    parser.add_argument("--dry-run", action="store_true", help="report, do not write the weights")
    args = parser.parse_args()
    data = {name: questions_of(path, corpus) for name, (path, corpus) in sets(args.collections, opened=True).items()}
    rule = FEATURES.index("rule_score")
    totals = {"all": np.zeros(5), "technical": np.zeros(5)}
    print("| left out | fact questions | rule: fact | rule: sentence | learned: fact | learned: sentence |")
    print("|---|---|---|---|---|---|")
    for held, questions in data.items():
        mean, scale, weight = fit([q for name, qs in data.items() if name != held for q in qs])
        figures = np.array([len(questions), *firsts(questions, lambda rows: rows[:, rule]),
                            *firsts(questions, learned(mean, scale, weight))])
        totals["all"] += figures
        if not held.startswith("seeds"):
            totals["technical"] += figures
        print(f"| {held} | {figures[0]:.0f} | " + " | ".join(f"{x / figures[0]:.2f}" for x in figures[1:]) + " |")
    for label, t in totals.items():
        print(f"| {label} | {t[0]:.0f} | " + " | ".join(f"{x / t[0]:.3f}" for x in t[1:]) + " |")
    mean, scale, weight = fit([q for qs in data.values() for q in qs])
    for name, w in zip(FEATURES, weight, strict=True):
        print(f"{name:24s} {w:+.3f}")
    if not args.dry_run:
        WEIGHTS_FILE.write_text(
            '"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.\n\n'
            'Written by bench/train_ranker.py: do not edit."""\n\n'
            + "".join(f"{name} = {_floats(values)}\n" for name, values in (("MEAN", mean), ("SCALE", scale), ("WEIGHT", weight))),
            encoding="utf-8")
        print(f"weights written to {WEIGHTS_FILE.relative_to(ROOT)}")


def _floats(values: np.ndarray) -> str:
    return "(\n" + "".join(f"    {v:.6g},  # {name}\n" for v, name in zip(values, FEATURES, strict=True)) + ")"


if __name__ == "__main__":
    main()
