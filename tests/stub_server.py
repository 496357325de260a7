"""A stand-in for an OpenAI-compatible server on 127.0.0.1, in a thread: canned replies per route."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the stub sends for one route."""

    status: int = 200
    body: Any = None  # sent as JSON
    events: list[str] | None = None  # sent as server-sent events, one data line each, then the stream ends
    raw: bytes | None = None  # sent as they are, with content_type
    content_type: str = "application/json"
    delay: float = 0.0  # seconds to wait before answering
    event_delay: float = 0.0  # seconds between events


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StubState:
    routes: dict[str, Reply | Callable[[Any], Reply]]
    requests: list[Seen] = field(default_factory=list)
    events_sent: int = 0
    disconnected: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    state: StubState  # set on the subclass made for each server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        self._answer(json.loads(raw) if raw else None)

    def _answer(self, body: Any) -> None:
        state = self.state
        state.requests.append(Seen(self.command, self.path, dict(self.headers), body))
        route = state.routes.get(self.path)
        if route is None:
            reply = Reply(404, {"error": {"message": f"File Not Found: {self.path}"}})
        else:
            reply = route(body) if callable(route) else route
        if reply.delay and state.stopping.wait(reply.delay):
            return
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            state.disconnected.set()

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.events is not None:
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for data in reply.events:
                if reply.event_delay and self.state.stopping.wait(reply.event_delay):
                    return
                self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
                self.state.events_sent += 1
            return
        payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class StubServer:
    """Serves routes on 127.0.0.1 at a free port while in a with block."""

    def __init__(self, routes: dict[str, Reply | Callable[[Any], Reply]]) -> None:
        self.state = StubState(dict(routes))
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def requests(self) -> list[Seen]:
        return self.state.requests

    def paths(self) -> list[str]:
        return [seen.path for seen in self.state.requests]

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def sse(*texts: str, model: str = "stub-model") -> list[str]:
    """Chat completion chunks carrying texts, as a streaming server sends them, then [DONE]."""
    first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}], "model": model}
    chunks = [{"choices": [{"index": 0, "delta": {"content": text}}], "model": model} for text in texts]
    last = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "model": model}
    return [json.dumps(chunk) for chunk in [first, *chunks, last]] + ["[DONE]"]


def models_list(*ids: str, **extra: Any) -> Reply:
    return Reply(body={"object": "list", "data": [{"id": i, "object": "model", **extra} for i in ids]})
