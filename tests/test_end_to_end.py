"""The real default model, offline: answers must be grounded and cited, whatever the exact words."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from docent.answering.evaluation import contains_answer
from docent.retrieval.analyzer import fold
from docent.tui.cli import main

pytestmark = pytest.mark.model

# (question, strings of which at least one must appear in a cited passage)
GROUNDED = [
    ("Who is the Kremlin spokesman?", ["Peskov"]),
    ("How many additional police officers took up positions in Mitrovica?", ["300"]),
    ("In which year did Kosovo declare independence?", ["2008"]),
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("docent tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("question, expected", GROUNDED)
def test_answers_offline_with_a_citation_to_a_passage_holding_the_answer(question, expected, default_model_path, no_network, capsys):
    code = main(["--ask", question, "--json", "--offline", "--model", str(default_model_path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and not out["abstained"]
    cited_texts = [fold(c["text"]) for c in out["citations"]]
    assert any(fold(answer) in text for text in cited_texts for answer in expected), out


@pytest.mark.parametrize("question, fact", [(q, e[0]) for q, e in GROUNDED])
def test_a_direct_answer_states_the_fact_first_and_its_citation_holds_it(question, fact, default_model_path, no_network, capsys):
    assert main(["--ask", question, "--json", "--offline", "--model", str(default_model_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    direct, _, quoted = out["answer"].partition("\n\n")
    assert len(direct.split()) <= 21 and fold(fact) in fold(direct), out["answer"]  # the fact, in at most 20 words
    n = int(re.search(r"\[(\d+)\]", direct).group(1))
    cited = next(c for c in out["citations"] if c["n"] == n)
    assert fold(fact) in fold(cited["text"]), (direct, cited["text"])
    assert quoted.startswith(("“", "‘")) and quoted.endswith(f"[{n}]")  # then the source's sentence, quoted and cited


def test_text_mode_prints_an_answer_and_its_sources(default_model_path, no_network, capsys):
    assert main(["-q", "Who is the Kremlin spokesman?", "--offline", "--model", str(default_model_path)]) == 0
    answer, _, sources = capsys.readouterr().out.partition("\nSources:\n")
    assert re.search(r"\[\d\]", answer) and re.match(r"\[\d\] \S+\.txt · passage \d+", sources)


def test_unrelated_question_abstains_without_the_model(default_model_path, no_network, capsys):
    assert main(["-q", "What is the recipe for sourdough bread?", "--json", "--offline", "--model", str(default_model_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["abstained"] and out["tokens"]["completion"] == 0


def test_ctrl_c_stops_generation_and_exits_130(default_model_path, tmp_path):
    env = {**os.environ, "DOCENT_CACHE_DIR": str(tmp_path / "cache"), "DOCENT_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "docent.tui.cli", "-q", "Tell me everything about the Kosovo border crossings.",
               "--model", str(default_model_path), "--max-tokens", "2000", "--ctx", "4096", "--offline"]
    subprocess.run(command, capture_output=True, env=env, timeout=300, check=True)  # the index, the probe, the saved state
    begun = time.monotonic()
    subprocess.run(command, capture_output=True, env=env, timeout=300, check=True)
    whole = time.monotonic() - begun
    for share in (0.55, 0.45, 0.65, 0.35):  # of the time the same run took uninterrupted: the model is writing
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(whole * share)
        if process.poll() is None:
            break
        process.communicate()  # this run was quicker than the timed one: it ended before the signal; try sooner
    else:
        pytest.fail(f"every run ended before it could be interrupted (an uninterrupted run took {whole:.1f} s)")
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    assert process.returncode == 130
    assert time.monotonic() - sent < 2.0
    assert b"interrupted" in process.stderr.read()


def test_eval_reports_figures_computed_from_its_answers(default_model_path, tmp_path, capsys, no_network):
    rows = [
        {"question": "Who is the Kremlin spokesman?", "answers": ["Peskov"], "docs": ["002_063b1ad73eb7774f.txt"]},
        {"question": "In which year did Kosovo declare independence?", "answers": ["2008"], "docs": []},
        {"question": "What is the recipe for sourdough bread?", "answers": [], "unanswerable": True},
    ]
    devset = tmp_path / "dev.jsonl"
    devset.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["eval", str(devset), "--json", "--offline", "--model", str(default_model_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    results = report["results"]
    assert [r["question"] for r in results] == [r["question"] for r in rows]
    answerable = [r for r in results if not r["unanswerable"]]
    assert report["questions"] == 3 and report["answerable"] == 2
    assert report["accuracy"] == round(sum(r["correct"] for r in answerable) / 2, 3)
    assert report["recall_at_k"] == round(sum(r["retrieved"] for r in answerable) / 2, 3)
    assert report["abstention_recall"] == (1.0 if results[2]["abstained"] else 0.0)
    for row, result in zip(rows, results, strict=True):
        assert result["correct"] == (not result["abstained"] and contains_answer(result["answer"], row["answers"]))
    assert report["latency_p50_ms"] == pytest.approx(sorted(r["total_ms"] for r in results)[1], abs=0.05)
    given = [r for r in results if not r["abstained"]]
    assert report["own_replies"] == (round(sum(not r["replaced_reply"] for r in given) / len(given), 3) if given else None)
