"""Answering through an OpenAI-compatible server, against a stub server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from docent.answering.llm import GenerationSettings
from docent.answering.pipeline import Answerer, AnswerSettings
from docent.answering.server_http import ServerClient, ServerError
from docent.answering.server_model import DEFAULT_SERVER_CTX, ServerModel
from docent.answering.server_tokens import estimate_tokens
from docent.answering.types import Message
from docent.retrieval.index_cache import open_index
from docent.tui import paths
from docent.tui.cli import main
from tests.stub_server import Reply, StubServer, models_list, sse

QUESTION = "Which border crossing did Kosovo close?"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_model(url: str, model: str | None = None, n_ctx: int | None = None, key: str | None = None, timeout=5.0):
    return ServerModel(ServerClient(url, key, timeout), model, n_ctx)


def first_source_sentence(request: dict) -> str:
    """The first sentence of source [1] in the chat request docent sent."""
    user = request["messages"][-1]["content"]
    text = user.split("[1] ", 1)[1].split("\n", 2)[1]
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".!?")


def echoing_chat(request: dict) -> Reply:
    """A chat reply that quotes source [1] and cites it, streamed in small pieces."""
    sentence = first_source_sentence(request)
    words = sentence.split(" ")
    pieces = [w + " " for w in words[:-1]] + [words[-1], " [1]", "."]
    return Reply(events=sse(*pieces))


@pytest.fixture(scope="module")
def index():
    return open_index(paths.default_corpus(), None).index


def ask(model: ServerModel, index, **settings) -> tuple[object, str]:
    shown: list[str] = []
    settings = {"grounding": False, **settings}  # the reply as the server sent it: these tests are about transport
    answer = Answerer(index, model, AnswerSettings(**settings)).ask(QUESTION, on_text=shown.append)
    return answer, "".join(shown)


# --- a streamed, cited answer ---


def test_streamed_answer_is_cited_and_checked(index):
    routes = {"/v1/models": models_list("big-model"), "/v1/chat/completions": echoing_chat}
    with StubServer(routes) as stub:
        answer, shown = ask(server_model(stub.url), index)
    request = stub.requests[-1].body
    assert request["stream"] is True and request["model"] == "big-model"
    assert request["messages"][0]["role"] == "system" and "Sources:" in request["messages"][-1]["content"]
    assert answer.model == "big-model"
    assert [c.n for c in answer.citations] == [1]
    assert answer.citations[0].passage == answer.passages[0].passage
    assert answer.text.endswith("[1].") and shown.strip() == answer.text
    assert not answer.abstained and not answer.stopped


def test_unsupported_citation_is_repaired_as_for_a_local_model(index):
    """The server's reply goes through the same citation checks: a citation to a passage that does not
    support the sentence is moved to the one that does."""

    def wrong_number(request: dict) -> Reply:
        return Reply(events=sse(first_source_sentence(request), " [3]", "."))

    with StubServer({"/v1/chat/completions": wrong_number}) as stub:
        answer, _ = ask(server_model(stub.url), index)
    assert [c.n for c in answer.citations] == [1] and "[3]" not in answer.text


def test_cli_json_answer_through_server(capsys):
    routes = {"/v1/models": models_list("big-model"), "/v1/chat/completions": echoing_chat}
    with StubServer(routes) as stub:
        # The stub echoes source [1]; what the grounding check makes of that is tested elsewhere.
        code = main(["--server", stub.url + "/v1/", "--ask", QUESTION, "--json", "--offline", "--no-quote-evidence"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["model"] == "big-model" and out["citations"][0]["n"] == 1
    assert out["citations"][0]["text"] == out["passages"][0]["text"]
    assert all(seen.path.startswith(("/v1/", "/props", "/tokenize", "/extras/")) for seen in stub.requests)


def test_cli_text_answer_through_server_lists_sources(capsys):
    with StubServer({"/v1/chat/completions": echoing_chat}) as stub:
        code = main(["--server", stub.url, "--ask", QUESTION, "--no-quote-evidence"])
    out = capsys.readouterr().out
    assert code == 0
    assert "[1]." in out and "\nSources:\n[1] " in out


# --- the context size and token counts ---


def test_context_is_asked_of_llama_server_and_the_prompt_fitted_to_it(index):
    routes = {
        "/v1/models": models_list("big-model"),
        "/props": Reply(body={"default_generation_settings": {"n_ctx": 700}}),
        "/tokenize": lambda body: Reply(body={"tokens": list(range(len(body["content"].split())))}),
        "/v1/chat/completions": echoing_chat,
    }
    with StubServer(routes) as stub:
        model = server_model(stub.url)
        answer, _ = ask(model, index, top_k=6)
    assert model.n_ctx == 700 and model.ctx_source == "server" and model.tokens.method == "llama.cpp"
    assert 1 <= len(answer.passages) < 6
    assert answer.tokens.prompt <= 700 - GenerationSettings().max_tokens


def test_context_from_vllm_model_list_and_settings_win():
    with StubServer({"/v1/models": models_list("m", max_model_len=32768)}) as stub:
        found, configured = server_model(stub.url), server_model(stub.url, n_ctx=4096)
        found.load()
        configured.load()
    assert found.n_ctx == 32768 and configured.n_ctx == 4096


def test_without_tokenizer_or_context_the_estimate_is_conservative():
    with StubServer({}) as stub:
        model = server_model(stub.url, model="any")
        model.load()
        prompt = model.render([Message("system", "Be brief."), Message("user", "Why did Kosovo close the border?")])
        assert model.tokens.method == "estimate" and model.n_ctx == DEFAULT_SERVER_CTX
        counted = model.count_tokens(prompt)
    assert counted > estimate_tokens("Be brief.") + estimate_tokens("Why did Kosovo close the border?")


def test_llama_cpp_python_token_count_route_is_used():
    routes = {"/extras/tokenize/count": lambda body: Reply(body={"count": 100 if len(body["input"]) > 40 else 5})}
    with StubServer(routes) as stub:
        model = server_model(stub.url)
        model.load()
        counted = model.count_tokens(model.render([Message("user", "x" * 50)]))
    assert model.tokens.method == "llama-cpp-python" and counted >= 100


# --- errors: one clear line each ---


def test_unreachable_server():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerError, match=r"cannot reach the server at .*connection refused"):
        server_model(url).load()


def test_unreachable_server_from_the_cli_is_one_line(capsys):
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["--server", url, "--ask", QUESTION]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach the server" in err and "Traceback" not in err


def test_timeout():
    with StubServer({"/v1/models": Reply(delay=3.0, body={"data": []})}) as stub:
        with pytest.raises(ServerError, match=r"did not answer within 0.3 s"):
            server_model(stub.url, timeout=0.3).load()


def test_timeout_while_streaming(index):
    slow = Reply(events=sse("Kosovo", " closed", " it"), event_delay=3.0)
    with StubServer({"/v1/chat/completions": slow}) as stub:
        with pytest.raises(ServerError, match=r"did not answer within 0.5 s"):
            ask(server_model(stub.url, model="m", timeout=0.5), index)


def test_http_500_shows_the_servers_message(index):
    failing = Reply(500, {"error": {"message": "CUDA out of memory", "type": "server_error"}})
    with StubServer({"/v1/chat/completions": failing}) as stub:
        with pytest.raises(ServerError) as raised:
            ask(server_model(stub.url), index)
    assert str(raised.value) == f"the server at {stub.url} answered HTTP 500: CUDA out of memory"


def test_http_error_with_plain_text_body(index):
    failing = Reply(502, raw=b"<html>\n<body>Bad gateway</body>\n</html>", content_type="text/html")
    with StubServer({"/v1/chat/completions": failing}) as stub:
        with pytest.raises(ServerError, match=r"HTTP 502: <html> <body>Bad gateway</body> </html>$"):
            ask(server_model(stub.url), index)


def test_model_not_in_the_servers_list():
    with StubServer({"/v1/models": models_list("llama-3-70b", "qwen-32b")}) as stub:
        with pytest.raises(ServerError, match=r"has no model 'mistral'; it serves: llama-3-70b, qwen-32b"):
            server_model(stub.url, model="mistral").load()


def test_model_not_found_answer_from_the_chat_route(index):
    missing = Reply(404, {"error": {"message": "The model `gpt-x` does not exist", "code": "model_not_found"}})
    with StubServer({"/v1/chat/completions": missing}) as stub:
        with pytest.raises(ServerError, match=r"has no model 'gpt-x': The model `gpt-x` does not exist"):
            ask(server_model(stub.url, model="gpt-x"), index)


def test_address_that_is_not_an_openai_server(index):
    with StubServer({}) as stub:
        with pytest.raises(ServerError, match=r"has no /v1/chat/completions \(HTTP 404\)"):
            ask(server_model(stub.url), index)


def test_error_event_in_the_stream(index):
    broken = Reply(events=[json.dumps({"error": {"message": "slot unavailable"}})])
    with StubServer({"/v1/chat/completions": broken}) as stub:
        with pytest.raises(ServerError, match=r"stopped with an error: slot unavailable"):
            ask(server_model(stub.url, model="m"), index)


def test_a_server_that_dies_while_answering_is_an_error_not_an_answer(capsys):
    """Seen with llama-server killed mid-reply: the stream just ends; docent must not answer from half a reply."""
    cut = Reply(events=sse("Kosovo", " closed")[:-2])  # no finish_reason chunk, no [DONE]
    with StubServer({"/v1/chat/completions": cut}) as stub:
        code = main(["--server", stub.url, "--ask", QUESTION])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.count("\n") == 1
    assert "closed the connection before finishing its answer" in captured.err and "server's own log" in captured.err


def test_a_finished_reply_without_done_is_whole(index):
    """Some servers end the stream after the chunk that gives finish_reason, without [DONE]."""
    with StubServer({"/v1/chat/completions": Reply(events=sse("Merdare [1].")[:-1])}) as stub:
        answer, shown = ask(server_model(stub.url, model="m"), index)
    assert answer.text.startswith("Merdare [") and answer.citations and shown == answer.text


# --- the API key ---


def test_api_key_is_sent_but_never_shown(monkeypatch, capsys):
    key = "sk-test-5e3r3t-k3y"
    monkeypatch.setenv("DOCENT_API_KEY", key)
    refused = Reply(401, {"error": {"message": f"Incorrect API key provided: {key}"}})
    with StubServer({"/v1/models": refused}) as stub:
        code = main(["--server", stub.url, "--ask", QUESTION, "--no-quote-evidence"])
    err = capsys.readouterr().err
    assert stub.requests[0].headers["Authorization"] == f"Bearer {key}"
    assert code == 1 and key not in err
    assert "HTTP 401: Incorrect API key provided: ***" in err and "check DOCENT_API_KEY" in err
    assert main(["config"]) == 0
    shown = capsys.readouterr().out
    assert key not in shown and "DOCENT_API_KEY: set (never shown)" in shown


def test_api_key_is_not_an_option(capsys):
    assert main(["--api-key", "sk-x", "--ask", QUESTION]) == 2


def test_redirects_are_not_followed():
    moved = Reply(307, raw=b"", content_type="text/plain")
    with StubServer({"/v1/models": moved}) as stub:
        with pytest.raises(ServerError, match="redirects /v1/models"):
            ServerModel(ServerClient(stub.url, "sk-key", 5.0)).load()
    assert len(stub.requests) == 1


def test_offline_forbids_a_server_elsewhere(capsys):
    assert main(["--offline", "--server", "http://docent-test.invalid:8080", "--ask", QUESTION]) == 1
    assert "--offline allows only a server on this machine" in capsys.readouterr().err


# --- streaming details and cancelling ---


def test_event_stream_with_crlf_comments_and_split_data():
    raw = (
        b": ping\r\n\r\n"
        b'data: {"choices": [{"delta": {"content": "Kosovo"}}]}\r\n\r\n'
        b"event: message\r\n"
        b'data: {"choices": [{"delta":\r\ndata:  {"content": " closed"}}]}\r\n\r\n'
        b"data: [DONE]\r\n\r\n"
        b'data: {"choices": [{"delta": {"content": "never read"}}]}\r\n\r\n'
    )
    with StubServer({"/v1/chat/completions": Reply(raw=raw, content_type="text/event-stream")}) as stub:
        texts = list(server_model(stub.url, model="m").stream("[]", GenerationSettings()))
    assert texts == ["Kosovo", " closed"]


def test_server_that_does_not_stream_still_answers():
    whole = Reply(body={"choices": [{"message": {"role": "assistant", "content": "Kosovo closed it [1]."}}]})
    with StubServer({"/v1/chat/completions": whole}) as stub:
        texts = list(server_model(stub.url, model="m").stream("[]", GenerationSettings()))
    assert texts == ["Kosovo closed it [1]."]


def test_closing_the_stream_closes_the_connection():
    endless = Reply(events=sse(*[f" word{i}" for i in range(200)]), event_delay=0.02)
    with StubServer({"/v1/chat/completions": endless}) as stub:
        stream = server_model(stub.url, model="m").stream("[]", GenerationSettings())
        assert next(stream) == " word0"
        stream.close()
        assert stub.state.disconnected.wait(5), "the server kept streaming after the stream was closed"
        assert stub.state.events_sent < 200


def test_stop_during_an_answer_marks_it_stopped(index):
    endless = Reply(events=sse(*[f" word{i}" for i in range(200)]), event_delay=0.02)
    with StubServer({"/v1/chat/completions": endless}) as stub:
        polls: list[int] = []  # nothing is shown before it is checked: stop after the third token
        answerer = Answerer(index, server_model(stub.url, model="m"))
        answer = answerer.ask(QUESTION, should_stop=lambda: polls.append(1) or len(polls) >= 3)
        assert stub.state.disconnected.wait(5)
    assert answer.stopped and answer.tokens.completion < 200


def test_a_web_page_where_props_and_tokenize_would_be_is_not_an_error():
    page = Reply(raw=b"<html>web interface</html>", content_type="text/html")
    routes = {"/v1/models": models_list("m"), "/props": page, "/tokenize": page, "/extras/tokenize/count": page}
    with StubServer(routes) as stub:
        model = server_model(stub.url)
        model.load()
    assert model.n_ctx == DEFAULT_SERVER_CTX and model.tokens.method == "estimate"


def test_a_web_page_instead_of_the_model_list_is_explained():
    page = Reply(raw=b"<html>router login</html>", content_type="text/html")
    with StubServer({"/v1/models": page}) as stub:
        with pytest.raises(ServerError, match=r"sent /v1/models a reply that is not JSON; is it an OpenAI-compatible"):
            server_model(stub.url).load()


def test_ctrl_c_stops_the_answer_and_closes_the_connection():
    endless = Reply(events=sse(*[f" word{i}" for i in range(400)]), event_delay=0.05)
    with StubServer({"/v1/models": models_list("m"), "/v1/chat/completions": endless}) as stub:
        docent = subprocess.Popen(
            [sys.executable, "-c", "from tui.cli import entry_point; entry_point()", "--server", stub.url,
             "--server-timeout", "10", "--ask", QUESTION],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 30  # the answer is printed only once checked: wait until it is being written
            while stub.state.events_sent < 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert stub.state.events_sent >= 5, "no answer being written before Ctrl+C"
            docent.send_signal(signal.SIGINT)
            code = docent.wait(30)
        finally:
            docent.kill()
        assert code == 130 and "interrupted" in docent.stderr.read().decode()
        assert stub.state.disconnected.wait(5) and stub.state.events_sent < 400
