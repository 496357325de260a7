"""Model threads: answers on a fixed thread count (all cores) against threads fitted to the free cores.

    python bench/threads.py [--model PATH] [--rounds 5]

Each answer is a ~300-token prompt and up to 64 generated tokens with the default model; measured with the
machine as it is ("as found") and with one extra program keeping a core busy (a Python busy loop), the two
thread policies alternating in the same run. Prints the median seconds per answer and the ratios.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docent.answering.llama_model import LlamaCppModel  # noqa: E402
from docent.answering.llm import GenerationSettings  # noqa: E402

DEFAULT_MODEL = Path("/work/models/SmolLM2-135M-Instruct.Q4_1.gguf")
PROMPT = "<|im_start|>user\n" + "What does the okapi option of git stash do? " * 25


def seconds_per_answer(model: LlamaCppModel, rounds: int) -> float:
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        for _ in model.stream(PROMPT + f"round {i} {time.time_ns()}<|im_end|>\n<|im_start|>assistant\n",
                              GenerationSettings(max_tokens=64)):
            pass
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    models = {"fixed": LlamaCppModel(args.model, n_threads=cores, extra_bufts="off"),
              "fitted": LlamaCppModel(args.model, extra_bufts="off")}
    for model in models.values():
        model.load()
        seconds_per_answer(model, 1)  # warm
    for load in ("as found", "one core busy"):
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if load != "as found" else None
        time.sleep(0.5)
        try:
            figures = {name: seconds_per_answer(model, args.rounds) for name, model in models.items()}
        finally:
            if hog:
                hog.kill()
        print(f"{load}: {cores} threads fixed {figures['fixed']:.2f} s, fitted {figures['fitted']:.2f} s "
              f"(fitted / fixed {figures['fitted'] / figures['fixed']:.2f}; fitted ran on "
              f"{models['fitted'].threads_now} thread(s)); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
