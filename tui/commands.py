"""docent's commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name shown, what it does, app action)
COMMANDS: list[tuple[str, str, str]] = [
    ("New session", "Start a new conversation; the current one stays in the history", "new_session"),
    ("History", "Reopen or export a past session", "history"),
    ("Export session", "Write this session to a Markdown file, with its sources", "export"),
    ("Copy answer", "Copy the selected answer and its sources to the clipboard", "copy_answer"),
    ("Toggle sources", "Show or hide the sources panel", "toggle_sources"),
    ("Help", "List every key", "help"),
]


class DocentCommands(Provider):
    """The session commands, found by fuzzy search."""

    def _run(self, action: str):
        return partial(self.app.run_action, action)

    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(action), help=help_text)
