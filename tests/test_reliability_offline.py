"""Offline, proven: with every way to open a network connection patched to fail, docent still answers.

The guard refuses internet sockets (AF_INET, AF_INET6), connections and name lookups, and records each
attempt; local socket pairs stay allowed, since asyncio's event loop wakes itself up through one.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from docent.answering.fake_model import FakeModel
from docent.tui.app import make_app
from docent.tui.cli import main
from docent.tui.settings import Settings
from tests.conftest import SEEDS, ask, until_ready, wait_until

OFFLINE = "Offline"
NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6)


class NetworkBlocked(OSError):
    """Raised instead of opening a network connection."""


@pytest.fixture
def blocked_network(monkeypatch) -> list[str]:
    """Patch socket creation, connection and name lookup to fail; the list collects every attempt."""
    attempts: list[str] = []
    real_socket = socket.socket

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(f"{what}{args[:2]}")
            raise NetworkBlocked(f"network access blocked by the test: {what}")

        return refused

    class GuardedSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and (family == -1 or family in NETWORK_FAMILIES):
                attempts.append(f"socket({family})")
                raise NetworkBlocked("network access blocked by the test: socket")
            super().__init__(family, type, proto, fileno)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_the_guard_really_blocks_the_network(blocked_network, capsys, reliability):
    with pytest.raises(OSError):
        socket.create_connection(("pypi.org", 443), timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert main(["models", "pull"]) == 1  # the one command allowed the network fails cleanly without it
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and blocked_network
    reliability(OFFLINE, "`docent models pull` (the only command allowed the network) with the network blocked",
                f"exit 1: `{err.strip()}`; the guard saw {len(blocked_network)} attempt(s)")


def fake_model() -> FakeModel:
    return FakeModel([["Mara Quist converted the lamp in 1921 [1]."]] * 3, name="fake.gguf")


def test_the_one_shot_pipeline_runs_offline_with_a_fake_model(corpus_dir, monkeypatch, blocked_network, capsys, reliability):
    model = fake_model()
    monkeypatch.setattr("docent.tui.bootstrap.open_model", lambda settings, notify, progress: model)
    assert main(["-q", "Who converted the lighthouse lamp to electricity?", "--corpus", str(corpus_dir)]) == 0
    assert "Sources:\n[1] lighthouse.txt" in capsys.readouterr().out and blocked_network == []
    reliability(OFFLINE, "`docent -q` from an empty cache (index built and saved, fake model), network blocked",
                "exit 0, cited answer; no network attempt")


def run_interface(app, question: str, ready_timeout: float, answer_timeout: float):
    async def main_loop():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot, ready_timeout)
            await ask(pilot, question, timeout=answer_timeout)
            await wait_until(pilot, lambda: app.history is not None)
            return app.session.answers[-1]

    return asyncio.run(main_loop())


def test_the_interface_runs_offline_with_a_fake_model(corpus_dir, blocked_network, reliability):
    app = make_app(Settings(corpus=str(corpus_dir)), model=fake_model())  # index and history opened by the app
    answer = run_interface(app, "Who converted the lighthouse lamp to electricity?", 30, 10)
    assert answer.citations and answer.citations[0].passage.doc_id == "lighthouse.txt"
    assert blocked_network == []
    reliability(OFFLINE, "the interface (make_app + Pilot): index, history and an answer (fake model), network blocked",
                "answer cited to lighthouse.txt; no network attempt")


@pytest.mark.model
def test_the_one_shot_pipeline_runs_offline_with_the_real_model(default_model_path, blocked_network, capsys, reliability):
    assert main(["-q", "Who is the Kremlin spokesman?", "--model", str(default_model_path)]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and blocked_network == []
    reliability(OFFLINE, "`docent -q` with the real model and the seed corpus, network blocked", "exit 0, cited answer; no network attempt")


@pytest.mark.model
def test_the_interface_runs_offline_with_the_real_model(default_model_path, blocked_network, reliability):
    app = make_app(Settings(corpus=str(SEEDS), model=str(default_model_path)))  # model loaded by the app itself
    answer = run_interface(app, "Who is the Kremlin spokesman?", 120, 120)
    assert answer.text and blocked_network == []
    reliability(OFFLINE, "the interface with the real model (loaded by the app), network blocked",
                f"answered ({len(answer.citations)} citation(s)); no network attempt")
