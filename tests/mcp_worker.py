"""`docent mcp` with a FakeModel, for the MCP tests: `python -m tests.mcp_worker LOG REPLIES_JSON [docent mcp options]`.

A test-only stand-in, as tests/fault_workers.py does for the one-shot CLI: bootstrap.open_model is
replaced by one returning a FakeModel that replies with the JSON list of chunk lists, slowly enough
(chunk_delay) for calls to overlap; LOG gets a line when the model is opened, loaded, starts and ends a reply.
"""

from __future__ import annotations

import json
import sys

from docent.answering.fake_model import FakeModel
from docent.tui import bootstrap, cli


class CountingModel(FakeModel):
    def __init__(self, replies, log: str) -> None:
        super().__init__(replies, name="fake-model.gguf", chunk_delay=0.02)
        self.log = log

    def load(self) -> None:
        if not self.loaded:
            self._note("load")
        super().load()

    def stream(self, prompt, settings):
        self._note("stream")
        yield from super().stream(prompt, settings)
        self._note("done")

    def _note(self, line: str) -> None:
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def main() -> None:
    log, replies, *options = sys.argv[1:]
    model = CountingModel(json.loads(replies), log)

    def open_model(settings, notify, progress):
        model._note("open")
        return model

    bootstrap.open_model = open_model
    sys.exit(cli.main(["mcp", *options]))


if __name__ == "__main__":
    main()
