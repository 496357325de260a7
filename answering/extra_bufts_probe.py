"""The probe's child process: load a model with extra buffer types on and evaluate a short batch.

    python -m docent.answering.extra_bufts_probe MODEL THREADS

Exit 0 when the model evaluated the batch and one more token; any crash of llama.cpp's repacked
kernels (SIGILL in its AMX code on some Intel CPUs) kills this process instead of docent.
"""

from __future__ import annotations

import sys

# A few dozen tokens: prompts this long reach the matrix kernels that a one-token step does not.
PROBE_TEXT = (
    "The harbour was rebuilt in 1903 after a winter storm destroyed the old wooden pier, and the fishing "
    "boats sail north each spring to follow the herring shoals along the coast."
)
PROBE_CTX = 256


def probe(model_path: str, n_threads: int) -> int:
    """Tokens evaluated with extra buffer types on; raises or dies when they do not work."""
    from docent.answering.llama_loading import load_llama

    llama = load_llama(model_path, True, n_ctx=PROBE_CTX, n_threads=n_threads, verbose=False)
    tokens = llama.tokenize(PROBE_TEXT.encode(), add_bos=True)
    llama.eval(tokens)  # one batch: the prompt path
    llama.eval([tokens[-1]])  # one token: the generation path
    return len(tokens) + 1


def main(argv: list[str]) -> int:
    model_path, threads = argv
    probe(model_path, int(threads))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
