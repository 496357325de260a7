"""Top-k BM25 ranking over block postings (compiled from _maxscore.c)."""

import numpy as np

class Ranker:
    """The block postings and passage lengths of an index, each term's idf and the deleted passages; BM25's k1 and b,
    and the average passage length of the corpus searched."""

    def __init__(self, arrays: tuple[np.ndarray, ...], k1: float, b: float, avgdl: float) -> None: ...
    def rank(self, ids: list[int], k: int, bound_scale: float) -> tuple[list[tuple[int, float]], int]:
        """The k best (pid, score) among passages holding a term of ids, best first, and how many were scored."""
