"""Benchmark the terminal interface with the default model; prints medians of several runs.

1. Launch to first paint: `docent` started in a pseudo-terminal (80x24) until the question box is on
   screen; baseline: a one-widget Textual app started the same way, in the same run.
2. Enter to first streamed token: the app driven headless with the real model, from pressing Enter
   until the first answer text is in the conversation; baseline: Answerer.ask alone in a thread,
   until its first text, with another copy of the same model and the same questions.

Usage: python bench/tui.py [--runs N]   (finds the model as docent does: DOCENT_MODEL, config, data dir)
BENCH_SAMPLES=1 also prints every sample.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = [
    "Which border crossing did Kosovo close?",
    "What did Serbia do with its armed forces?",
    "Who blocked the roads near Mitrovica?",
    "What do the Finnish embassies say about the atmosphere?",
    "Why are Kosovo Serbs protesting?",
]
PAINT_MARKER = b"Ask a question"
BASELINE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Static

    class Baseline(App):
        def compose(self):
            yield Static("Ask a question")

    Baseline().run()
    """
)


def spawn_until(command: list[str], env: dict[str, str], marker: bytes, timeout: float = 120.0) -> float:
    """Seconds from starting command in an 80x24 pseudo-terminal until marker appears in what it draws."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen, elapsed = b"", None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    elapsed = time.perf_counter() - started
                    break
    finally:
        os.write(master, b"\x11")  # Ctrl+Q
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(master)
    if elapsed is None:
        raise SystemExit(f"bench: {command[-1]} never showed {marker!r}; is a model available? (docent models pull)")
    return elapsed


def show_samples(label: str, measured: list[float], baseline: list[float]) -> None:
    if os.environ.get("BENCH_SAMPLES"):
        pairs = ", ".join(f"{m * 1000:.0f}/{b * 1000:.0f}" for m, b in zip(measured, baseline, strict=True))
        print(f"{label}: {pairs} ms (app/baseline)")


def first_paint(runs: int, env: dict[str, str]) -> tuple[float, float]:
    installed = Path(sys.executable).parent / "docent"
    docent = [str(installed)] if installed.exists() else [sys.executable, "-c", "from tui.cli import entry_point; entry_point()"]
    app_times, base_times = [], []
    for run in range(runs):  # interleaved, in alternating order, so that load and warm caches touch both alike
        pair = [lambda: app_times.append(spawn_until(docent, env, PAINT_MARKER)),
                lambda: base_times.append(spawn_until([sys.executable, "-c", BASELINE_APP], env, PAINT_MARKER))]
        for measure in pair if run % 2 == 0 else reversed(pair):
            measure()
    show_samples("first paint", app_times, base_times)
    return statistics.median(app_times), statistics.median(base_times)


async def app_first_token(app, question: str) -> float:
    """Seconds from Enter to the first streamed answer text reaching the conversation on the UI thread."""
    from docent.tui.widgets.conversation import ExchangeView

    shown, original = [], ExchangeView.write

    async def timed_write(view, text: str) -> None:
        if text and not shown:
            shown.append(time.perf_counter())
        await original(view, text)

    ExchangeView.write = timed_write  # timed where the text arrives: no busy polling to slow the model
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            while app.answerer is None:
                await pilot.pause(0.05)
            app.query_one("#question").value = question
            started = time.perf_counter()
            await pilot.press("enter")
            while not shown:
                await pilot.pause(0.05)
            await app.action_stop()
            while not app.session.answers:
                await pilot.pause(0.05)
    finally:
        ExchangeView.write = original
    return shown[0] - started


def core_first_token(answerer, question: str) -> float:
    """Seconds from asking to the first answer text, Answerer.ask alone in a thread (as the app and --ask run it)."""
    started, first = time.perf_counter(), []

    def on_text(text: str) -> None:
        if text and not first:
            first.append(time.perf_counter() - started)

    job = threading.Thread(target=lambda: answerer.ask(question, on_text=on_text, should_stop=lambda: bool(first)))
    job.start()
    job.join()
    return first[0]


def first_token(runs: int) -> tuple[float, float]:
    from docent.answering.pipeline import Answerer
    from docent.tui.app import make_app
    from docent.tui.bootstrap import answer_settings, choose_model, make_model, open_corpus
    from docent.tui.history_store import HistoryStore
    from docent.tui.settings import Settings

    settings = Settings()
    indexed = open_corpus(settings, lambda message: None)
    choice = choose_model(settings, print, lambda *args: None)
    # Two copies of the model, so that neither reuses the prompt the other has just evaluated.
    model, core_model = make_model(choice, settings), make_model(choice, settings)
    model.load()
    core_model.load()
    core = Answerer(indexed.index, core_model, answer_settings(settings))
    questions = [QUESTIONS[n % len(QUESTIONS)] for n in range(runs)]
    core_times, app_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        def measure_app(question: str) -> None:
            history = HistoryStore(Path(folder) / "history.sqlite3")
            app = make_app(settings, model=model, indexed=indexed, history=history, export_dir=Path(folder))
            app_times.append(asyncio.run(app_first_token(app, question)))
            history.close()

        for run, question in enumerate(questions):  # interleaved, in alternating order, as above
            pair = [lambda q=question: measure_app(q), lambda q=question: core_times.append(core_first_token(core, q))]
            for measure in pair if run % 2 == 0 else reversed(pair):
                measure()
    show_samples("first token", app_times, core_times)
    return statistics.median(app_times), statistics.median(core_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from docent.tui.bootstrap import find_model
    from docent.tui.settings import Settings

    choice = find_model(Settings())
    if choice is None:
        raise SystemExit("bench: no model found; run: docent models pull")
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, TERM="xterm-256color", DOCENT_MODEL=str(choice.path),
                   DOCENT_DATA_DIR=str(Path(scratch) / "data"), DOCENT_CACHE_DIR=str(Path(scratch) / "cache"))
        paint, paint_base = first_paint(args.runs, env)
    token, token_base = first_token(args.runs)
    load = os.getloadavg()[0]
    print(f"model: {choice.path.name}; {args.runs} runs each; load average {load:.1f} on {os.cpu_count()} cores")
    print(
        f"launch to first paint:        {paint * 1000:7.0f} ms  "
        f"(baseline one-widget Textual app {paint_base * 1000:.0f} ms, ratio {paint / paint_base:.2f})"
    )
    print(
        f"Enter to first streamed token: {token * 1000:7.0f} ms  "
        f"(baseline Answerer.ask alone {token_base * 1000:.0f} ms, ratio {token / token_base:.2f})"
    )


if __name__ == "__main__":
    main()
