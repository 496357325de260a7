"""A server that closes the connection before answering: one line that points at the server's own log."""

from __future__ import annotations

import socket
import threading

import pytest

from docent.answering.server_http import ServerClient, ServerError
from docent.tui.cli import main


class ClosingServer:
    """Accepts connections on 127.0.0.1, reads the request, and closes without a reply (as a server that dies does)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)

    def __enter__(self) -> ClosingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.listener.close()


def test_a_closed_connection_says_to_check_the_servers_log():
    with ClosingServer() as server, pytest.raises(ServerError) as raised:
        ServerClient(server.url, timeout=5).get_json("/v1/models")
    assert str(raised.value) == (
        f"the server at {server.url} closed the connection before answering "
        "(check the server's own log: it may have stopped or crashed)"
    )


def test_from_the_cli_it_is_one_line(capsys):
    with ClosingServer() as server:
        assert main(["--server", server.url, "--ask", "Which border crossing did Kosovo close?"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "closed the connection before answering" in err and "server's own log" in err
