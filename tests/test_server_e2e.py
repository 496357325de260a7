"""End to end: `docent --server` against llama-cpp-python's own OpenAI-compatible server and the default model."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

QUESTION = "Which border crossing did Kosovo close?"
START_SECONDS = 180  # loading a 98 MB model takes seconds; allow for a busy machine
ANSWER_SECONDS = 600
DOCENT = [sys.executable, "-m", "docent"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"llama_cpp.server exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/v1/models", timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"llama_cpp.server did not start within {START_SECONDS} s")


@pytest.fixture(scope="module")
def llama_server(default_model_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """llama-cpp-python's server on a free loopback port, stopped after the tests.

    Started through tests/llama_cpp_server_worker.py, which loads the model with extra buffer types as
    docent's probe decides: on AMX machines the bare server dies at its first prompt."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "tests.llama_cpp_server_worker", "--model", str(default_model_path),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(15)


def docent_env() -> dict[str, str]:
    """The test's own dirs (from the autouse fixture), and an empty data dir: no local model to fall back on."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def run_docent_streaming(args: list[str]) -> tuple[int, list[bytes], str]:
    """Run docent; its exit code, what it wrote to stdout read by read, and its stderr."""
    process = subprocess.Popen(DOCENT + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=docent_env())
    reads: list[bytes] = []
    deadline = time.monotonic() + ANSWER_SECONDS
    while time.monotonic() < deadline:
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            break
        reads.append(chunk)
    else:
        process.kill()
        pytest.fail(f"docent took longer than {ANSWER_SECONDS} s")
    code = process.wait(30)
    return code, reads, process.stderr.read().decode()


def test_cited_answer_through_the_server(llama_server):
    """The server streams its reply; docent prints the answer once its citations are checked, then the sources."""
    code, reads, err = run_docent_streaming(
        ["--offline", "--server", llama_server, "--server-timeout", "300", "--ask", QUESTION]
    )
    out = b"".join(reads).decode()
    assert code == 0, err
    answer, _, sources = out.partition("\nSources:\n")
    assert "[" in answer and sources.startswith("[")
    assert not list((Path(os.environ["DOCENT_DATA_DIR"]) / "models").glob("*.gguf")), "a local model was pulled"


def test_json_answer_through_the_server_has_checked_citations(llama_server, default_model_path):
    finished = subprocess.run(
        DOCENT + ["--offline", "--server", llama_server, "--server-timeout", "300", "--ask", QUESTION, "--json"],
        capture_output=True, text=True, timeout=ANSWER_SECONDS, env=docent_env(),
    )
    assert finished.returncode == 0, finished.stderr
    answer = json.loads(finished.stdout)
    assert answer["model"].endswith(default_model_path.name)
    assert answer["citations"] and not answer["abstained"]
    shown = {p["n"]: p["text"] for p in answer["passages"]}
    for citation in answer["citations"]:
        assert f"[{citation['n']}" in answer["answer"] and citation["text"] == shown[citation["n"]]
