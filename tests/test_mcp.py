"""`docent mcp` driven by the MCP SDK's own client over stdio, against a real server subprocess."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import anyio
import pytest

from docent.answering.fake_model import FakeModel
from docent.tui import bootstrap
from docent.tui.cli import main

mcp = pytest.importorskip("mcp")
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUESTION = "Which border crossing did Kosovo close?"
REPLY = "Kosovo closed its largest border crossing [1]."
CALL_SECONDS = 120


def docent_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name.startswith("DOCENT_")}


def fake_server(tmp_path: Path, replies: list[list[str]], *options: str) -> StdioServerParameters:
    """`docent mcp` with a FakeModel (tests/mcp_worker.py); model openings are logged to tmp_path/model.log."""
    args = ["-m", "tests.mcp_worker", str(tmp_path / "model.log"), json.dumps(replies), *options]
    return StdioServerParameters(command=sys.executable, args=args, env=docent_env(), cwd=str(REPO))


def real_server(*options: str) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "docent", "mcp", *options], env=docent_env(), cwd=str(REPO))


def with_session(server: StdioServerParameters, scenario) -> object:
    """Start the server, initialize a client session, run scenario(session) and return what it returns."""

    async def run():
        with anyio.fail_after(CALL_SECONDS):
            async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
                await session.initialize()
                return await scenario(session)

    return anyio.run(run)


def structured(result) -> dict:
    """The tool result's structured content, after checking that its text is the same JSON."""
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def add_collection(name: str, *paths: Path) -> None:
    assert main(["collections", "add", name, *map(str, paths)]) == 0


def test_lists_the_three_tools_with_their_arguments(tmp_path):
    async def scenario(session):
        return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in with_session(fake_server(tmp_path, []), scenario)}
    assert set(tools) == {"ask", "search", "collections"}
    assert tools["ask"].input_schema["required"] == ["question"]
    assert set(tools["ask"].input_schema["properties"]) == {"question", "collection"}
    assert set(tools["search"].input_schema["properties"]) == {"query", "collection", "k"}
    assert tools["search"].input_schema["properties"]["k"]["default"] == 5


def test_search_returns_the_top_passages_without_the_model(tmp_path, seeds):
    async def scenario(session):
        return await session.call_tool("search", {"query": "Kosovo border crossing Merdare", "k": 3})

    passages = structured(with_session(fake_server(tmp_path, []), scenario))["passages"]
    assert len(passages) == 3
    assert set(passages[0]) == {"doc", "passage_id", "section", "start", "end", "score", "text"}
    assert passages[0]["score"] >= passages[1]["score"] >= passages[2]["score"]
    document = (seeds / passages[0]["doc"]).read_text(encoding="utf-8")
    assert document[passages[0]["start"]:passages[0]["end"]] == passages[0]["text"]
    assert not (tmp_path / "model.log").exists(), "search opened the model"


def test_ask_gives_what_docent_ask_json_prints_and_loads_the_model_once(tmp_path, monkeypatch, capsys):
    replies = [[REPLY], [REPLY]]

    async def scenario(session):
        first = await session.call_tool("ask", {"question": QUESTION})
        second = await session.call_tool("ask", {"question": QUESTION})
        return first, second

    first, second = (structured(r) for r in with_session(fake_server(tmp_path, replies), scenario))
    model = FakeModel([[REPLY]], name="fake-model.gguf")
    monkeypatch.setattr(bootstrap, "open_model", lambda settings, notify, progress: model)
    assert main(["--ask", QUESTION, "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    for answer in (first, second):
        assert {**answer, "timings": None} == {**expected, "timings": None}
    assert first["citations"] and first["abstained"] is False
    assert (tmp_path / "model.log").read_text().splitlines() == ["open", "load", "stream", "done", "stream", "done"]


def test_concurrent_asks_are_answered_one_at_a_time_each_with_its_own_sources(tmp_path):
    replies = [["Kosovo closed ", "its largest ", "border crossing [1]."], ["The Kremlin ", "spokesman is ", "Dmitry Peskov [1]."]]
    questions = [QUESTION, "Who is the Kremlin spokesman?"]

    async def scenario(session):
        results = {}

        async def one(question):
            results[question] = await session.call_tool("ask", {"question": question})

        async with anyio.create_task_group() as group:
            for question in questions:
                group.start_soon(one, question)
        return results

    results = {q: structured(r) for q, r in with_session(fake_server(tmp_path, replies), scenario).items()}
    assert {r["question"] for r in results.values()} == set(questions)
    for question, answer in results.items():
        assert answer["question"] == question
        words = "border" if "Kosovo" in question else "Kremlin"
        assert any(words in p["text"] for p in answer["passages"]), answer["passages"]
    assert (tmp_path / "model.log").read_text().splitlines() == ["open", "load", "stream", "done", "stream", "done"]


def test_an_abstention_is_a_normal_result(tmp_path):
    async def scenario(session):
        return await session.call_tool("ask", {"question": "What is the recipe for sourdough bread?"})

    answer = structured(with_session(fake_server(tmp_path, []), scenario))
    assert answer["abstained"] is True and answer["citations"] == []


BAD_CALLS = [
    ("ask", {"question": "   "}, "the question is empty"),
    ("ask", {"question": "x" * 5000}, "the question is too long (5000 characters; at most 4000)"),
    ("ask", {"question": QUESTION, "collection": "nope"}, "no collection named 'nope'"),
    ("search", {"query": "border", "collection": "nope"}, "no collection named 'nope'"),
    ("search", {"query": "border", "k": 0}, "k must be from 1 to 100"),
]


def test_bad_input_is_a_tool_error_in_docents_words_and_the_server_goes_on(tmp_path):
    async def scenario(session):
        bad = [await session.call_tool(tool, arguments) for tool, arguments, _ in BAD_CALLS]
        wrong_type = await session.call_tool("search", {"query": "border", "k": "many"})
        after = await session.call_tool("search", {"query": "Kosovo border"})
        return bad, wrong_type, after

    bad, wrong_type, after = with_session(fake_server(tmp_path, []), scenario)
    for result, (_, _, message) in zip(bad, BAD_CALLS, strict=True):
        assert result.is_error and result.content[0].text.startswith(message), result.content
        assert "\n" not in result.content[0].text
    assert wrong_type.is_error and "Traceback" not in wrong_type.content[0].text
    assert structured(after)["passages"]


def test_collections_lists_counts_and_the_index_follows_file_changes(tmp_path, corpus_dir):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ferry.md").write_text("# Ferry\n\nThe ferry to Ostra leaves at dawn every Tuesday.\n", encoding="utf-8")
    add_collection("town", corpus_dir)
    add_collection("notes", notes)

    async def scenario(session):
        listed = await session.call_tool("collections", {})
        before = await session.call_tool("search", {"query": "ferry Ostra Tuesday", "collection": "notes"})
        (notes / "bakery.md").write_text("# Bakery\n\nThe bakery in Ostra sells rye bread on Tuesday.\n", encoding="utf-8")
        after = await session.call_tool("search", {"query": "bakery rye bread", "collection": "notes"})
        town = await session.call_tool("search", {"query": "lighthouse lamp electricity", "collection": "town", "k": 1})
        return listed, before, after, town

    listed, before, after, town = (structured(r) for r in with_session(fake_server(tmp_path, []), scenario))
    figures = {c["name"]: c for c in listed["collections"]}
    assert figures["town"]["documents"] == 3 and figures["notes"]["documents"] == 1
    assert figures["town"]["passages"] >= 3 and figures["town"]["paths"] == [str(corpus_dir)]
    assert [p["doc"] for p in before["passages"]] == ["ferry.md"]
    assert after["passages"][0]["doc"] == "bakery.md"
    assert town["passages"][0]["doc"] == "lighthouse.txt"


def test_a_default_collection_that_does_not_exist_stops_the_server_in_one_line(tmp_path):
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "docent", "mcp", "--collection", "nope"],
        capture_output=True, text=True, timeout=60, env={**os.environ}, stdin=subprocess.DEVNULL, cwd=REPO,
    )
    assert done.returncode == 1
    assert done.stderr == "docent: error: no collection named 'nope' (known: none yet; add one with: docent collections add NAME PATH...)\n"


@pytest.mark.model
def test_ask_with_the_real_default_model(default_model_path):
    async def scenario(session):
        return await session.call_tool("ask", {"question": QUESTION})

    answer = structured(with_session(real_server("--offline", "--model", str(default_model_path)), scenario))
    assert answer["model"] == default_model_path.name and answer["abstained"] is False
    assert answer["citations"], answer
    assert all(c["doc"].endswith(".txt") for c in answer["citations"])
