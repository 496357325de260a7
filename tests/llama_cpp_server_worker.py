"""llama-cpp-python's server, loading its model as docent does: `python -m tests.llama_cpp_server_worker [server args]`.

llama_cpp.server has no setting for llama.cpp's extra buffer types, and on CPUs where they crash
(AMX, issue "Runs on every machine") the server dies at its first prompt. This test-only stand-in
asks docent's probe (answering/extra_bufts.py) whether they work for the model named by --model,
then makes the server build its model with docent's loader, which sets them as the probe found.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import llama_cpp
from llama_cpp.server.__main__ import main

from docent.answering import extra_bufts
from docent.answering.llama_loading import llama_class


def model_argument(argv: list[str]) -> Path:
    return Path(argv[argv.index("--model") + 1])


def run(argv: list[str]) -> None:
    threads = os.cpu_count() or 1
    decision = extra_bufts.decide("auto", model_argument(argv), threads, cache_dir=None)
    print(f"extra buffer types {'on' if decision.use_extra_bufts else 'off'}", flush=True)
    loader = llama_class()

    class ServedLlama(loader):  # type: ignore[misc,valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, use_extra_bufts=decision.use_extra_bufts, **kwargs)

    llama_cpp.Llama = ServedLlama  # type: ignore[misc]
    sys.argv = ["llama_cpp.server", *argv]
    main()


if __name__ == "__main__":
    run(sys.argv[1:])
