"""HTTP to an OpenAI-compatible server with the standard library: JSON requests and streamed events.

Every failure becomes a ServerError with a one-line message that never holds the API key.
Redirects are not followed, so the key is only ever sent to the address the user gave.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Generator, Iterator
from typing import Any
from urllib.parse import urlsplit

from docent.answering.llm import ModelError

MAX_ERROR_BYTES = 64 * 1024  # read at most this much of an error reply
MAX_MESSAGE_CHARS = 300
MAX_LINE_BYTES = 1 << 20


class ServerError(ModelError):
    """The server could not be reached, took too long, or refused the request."""


class HttpError(ServerError):
    """The server answered with an HTTP error status."""

    def __init__(self, message: str, status: int, detail: str) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail  # the server's own message, one line, key removed


class StreamCut(ServerError):
    """The server ended an event stream without its end mark ([DONE]): it stopped or crashed while answering."""


class BadReply(ServerError):
    """The server answered, but not with the JSON an OpenAI-compatible server sends."""


def one_line(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def error_detail(body: bytes) -> str:
    """The message in an error reply: OpenAI's {"error": {"message"}}, FastAPI's {"detail"}, or the text."""
    text = body.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        return one_line(text)
    for key in ("error", "detail", "message"):
        found = data.get(key) if isinstance(data, dict) else None
        if isinstance(found, dict):
            found = found.get("message") or found.get("msg") or json.dumps(found)
        if isinstance(found, list):
            found = "; ".join(str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in found)
        if found:
            return one_line(str(found))
    return one_line(text)


class ServerClient:
    """Requests to one server; a new connection for each request, closed when it is done."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._api_key = api_key or None
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ServerClient({self.base_url!r})"

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def error(self, message: str) -> ServerError:
        """A ServerError whose message cannot show the API key."""
        return ServerError(self._redact(message))

    def _headers(self, body: bytes | None) -> dict[str, str]:
        headers = {"Accept": "application/json, text/event-stream", "User-Agent": "docent"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _open(self, method: str, path: str, payload: Any = None) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send the request; the open connection and the response, whose status is below 400."""
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self.timeout)
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            connection.request(method, self._prefix + path, body=body, headers=self._headers(body))
            response = connection.getresponse()
            if response.status >= 400:
                raise self._http_error(response)
            if response.status >= 300:
                raise self.error(
                    f"the server at {self.base_url} redirects {path} to {response.getheader('Location', '?')}; "
                    "give that address instead"
                )
            return connection, response
        except BaseException as error:
            connection.close()
            if isinstance(error, (OSError, http.client.HTTPException)):
                raise self._transport_error(error) from None
            raise

    def _http_error(self, response: http.client.HTTPResponse) -> HttpError:
        detail = self._redact(error_detail(response.read(MAX_ERROR_BYTES)))
        reason = f"HTTP {response.status}" + (f": {detail}" if detail else f" {response.reason}")
        if response.status in (401, 403):
            reason += " (check DOCENT_API_KEY)" if self._api_key else " (set DOCENT_API_KEY to the server's key)"
        return HttpError(f"the server at {self.base_url} answered {reason}", response.status, detail)

    def _transport_error(self, error: BaseException) -> ServerError:
        if isinstance(error, (TimeoutError, socket.timeout)):
            return self.error(
                f"the server at {self.base_url} did not answer within {self.timeout:g} s "
                "(raise server_timeout, or check that the server is running)"
            )
        if isinstance(error, (ConnectionResetError, http.client.IncompleteRead)):  # RemoteDisconnected among them
            return self.error(
                f"the server at {self.base_url} closed the connection before answering "
                "(check the server's own log: it may have stopped or crashed)"
            )
        if isinstance(error, ConnectionRefusedError):
            return self.error(f"cannot reach the server at {self.base_url}: connection refused (is it running?)")
        if isinstance(error, socket.gaierror):
            return self.error(f"cannot reach the server at {self.base_url}: unknown host {self._host}")
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return self.error(f"cannot reach the server at {self.base_url}: {one_line(reason)}")

    def _read_json(self, response: http.client.HTTPResponse, path: str) -> Any:
        try:
            return json.loads(response.read().decode("utf-8"))
        except (OSError, http.client.HTTPException) as error:
            raise self._transport_error(error) from None
        except ValueError:
            raise BadReply(self._redact(
                f"the server at {self.base_url} sent {path} a reply that is not JSON; is it an OpenAI-compatible server?"
            )) from None

    def request_json(self, method: str, path: str, payload: Any = None) -> Any:
        connection, response = self._open(method, path, payload)
        try:
            return self._read_json(response, path)
        finally:
            connection.close()

    def get_json(self, path: str) -> Any:
        return self.request_json("GET", path)

    def post_json(self, path: str, payload: Any) -> Any:
        return self.request_json("POST", path, payload)

    def post_events(self, path: str, payload: Any) -> Generator[Any, None, None]:
        """The JSON data of each server-sent event in the reply; closing the iterator closes the connection.

        A server that does not stream and sends one JSON object instead yields that object. A stream that
        ends without [DONE] raises StreamCut after its last event.
        """
        connection, response = self._open("POST", path, payload)
        try:
            if "text/event-stream" not in (response.getheader("Content-Type") or ""):
                yield self._read_json(response, path)
                return
            for data in self._events(response):
                if data == "[DONE]":
                    return
                try:
                    yield json.loads(data)
                except ValueError:
                    raise self.error(f"the server at {self.base_url} streamed an event that is not JSON") from None
            raise StreamCut(self._redact(
                f"the server at {self.base_url} closed the connection before finishing its answer "
                "(check the server's own log: it may have stopped or crashed)"
            ))
        except (OSError, http.client.HTTPException) as error:
            raise self._transport_error(error) from None
        finally:
            connection.close()

    @staticmethod
    def _events(response: http.client.HTTPResponse) -> Iterator[str]:
        """The data of each event of a text/event-stream, lines joined; comments and other fields skipped."""
        data: list[str] = []
        while True:
            raw = response.readline(MAX_LINE_BYTES)
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.startswith("data:"):
                value = line[len("data:"):]
                data.append(value[1:] if value.startswith(" ") else value)
            elif not line and data:
                yield "\n".join(data)
                data = []
            if not raw:
                return
