"""Child processes that the fault tests kill, run side by side, or interrupt: `python -m tests.fault_workers MODE ...`.

index CORPUS CACHE      open the index, then print the top passages of fixed queries as one JSON line
history DB N            answer N questions with a FakeModel, saving each; print "saved <question>" after each commit
ask-slow CORPUS         the one-shot CLI with a FakeModel that streams slowly (for Ctrl+C)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

QUERIES = ["tide table day 1234", "harbour ferry 77", "note 1999 lighthouse"]


def ranking(index) -> list[list[str]]:
    return [[hit.passage.passage_id for hit in index.search(query, 5)] for query in QUERIES]


def run_index(corpus: str, cache: str) -> None:
    from docent.retrieval.index_cache import open_index

    indexed = open_index(Path(corpus), Path(cache))
    print(json.dumps({"ranking": ranking(indexed.index), "documents": indexed.report.documents}), flush=True)


def run_history(db: str, count: str) -> None:
    from docent.answering.fake_model import FakeModel
    from docent.answering.pipeline import Answerer
    from docent.tui.history_store import HistoryStore
    from tests.conftest import HARBOUR, LIGHTHOUSE, make_index

    model = FakeModel([["The harbour ", "was rebuilt ", "in 1903 [1]."]] * int(count))
    answerer = Answerer(make_index({"harbour.md": HARBOUR, "lighthouse.txt": LIGHTHOUSE}), model)
    store = HistoryStore(Path(db))
    session = store.new_session("corpus", model.name)
    for n in range(int(count)):
        question = f"When was the harbour of Vell rebuilt? #{session}.{n}"
        store.save_answer(session, answerer.ask(question))
        print(f"saved {question}", flush=True)


def run_ask_slow(corpus: str) -> None:
    from docent.answering.fake_model import FakeModel
    from docent.tui import bootstrap, cli

    model = FakeModel([["The harbour ", *[f"word{n} " for n in range(1000)]]], chunk_delay=0.05, name="slow.gguf")
    stream = model.stream

    def announced_stream(prompt, settings):
        print("generating", file=sys.stderr, flush=True)  # the answer is printed only once checked
        yield from stream(prompt, settings)

    model.stream = announced_stream  # type: ignore[method-assign]
    bootstrap.open_model = lambda settings, notify, progress: model
    sys.exit(cli.main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", corpus, "--max-tokens", "1000"]))


if __name__ == "__main__":
    mode, *arguments = sys.argv[1:]
    {"index": run_index, "history": run_history, "ask-slow": run_ask_slow}[mode](*arguments)
