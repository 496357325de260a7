"""`docent mcp`: docent's ask, search and collections tools over the Model Context Protocol, on stdio.

Built with the official SDK's MCPServer (mcp 2.x). A tool returns a dict: the SDK sends it as the
result's structured content and, as JSON text, as its content. A mistake in a call (an empty question,
a collection that does not exist) is a tool error carrying docent's one-line message; the server goes on.
"""

from __future__ import annotations

from typing import Any, Literal

from docent.tui.docent_service import CollectionFigures, DocentService
from docent.tui.settings import Settings

INSTRUCTIONS = (
    "docent answers questions about the user's local documents, fully offline, with every claim cited to the passage "
    "it came from and checked against it. Use `ask` for a cited answer, `search` for the best passages without an "
    "answer, `collections` to see which named document collections exist."
)


class McpUnavailable(Exception):
    """The mcp package is not installed."""


def build_server(service: DocentService, log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "WARNING"):
    """The MCP server whose tools call service."""
    try:
        from mcp.server.mcpserver import MCPServer
        from mcp.types import CallToolResult, TextContent
    except ImportError:
        raise McpUnavailable('docent mcp needs the MCP SDK: pip install "docent-qa[mcp]"') from None
    from docent.tui.cli import user_errors

    server = MCPServer("docent", instructions=INSTRUCTIONS, version=_version(), log_level=log_level)

    def guarded(call):
        """Run call; an error the caller can cause becomes a tool error whose text is docent's one-line message."""
        try:
            return call()
        except user_errors() as error:
            return CallToolResult(content=[TextContent(type="text", text=str(error))], is_error=True)

    @server.tool()
    def ask(question: str, collection: str | None = None) -> dict[str, Any]:
        """Answer a question from the documents, with citations checked against the passages they name.

        Returns what `docent --ask QUESTION --json` prints: answer, abstained (true when the documents do not
        say), citations ({n, doc, passage_id, start, end, text}), passages shown to the model, model, timings,
        tokens. collection names a collection (see the collections tool); without it, docent's default corpus.
        """
        return guarded(lambda: service.ask(question, collection))

    @server.tool()
    def search(query: str, collection: str | None = None, k: int = 5) -> dict[str, Any]:
        """The k best passages for query (BM25, no language model): doc, passage_id, section, start, end, score, text."""
        return guarded(lambda: {"passages": service.search(query, collection, k)})

    @server.tool()
    def collections() -> dict[str, Any]:
        """The document collections docent knows, with their folders and document and passage counts."""
        return guarded(lambda: collections_to_json(*service.collections()))

    return server


def collections_to_json(figures: list[CollectionFigures], default: str | None) -> dict[str, Any]:
    listed = [
        {"name": f.name, "paths": list(f.paths), "documents": f.documents, "passages": f.passages}
        | ({"error": f.error} if f.error else {})
        for f in figures
    ]
    return {"collections": listed, "default": default}


def _version() -> str:
    from docent.tui.cli import _version

    return _version()


def run_mcp(settings: Settings, debug: bool = False) -> int:
    """Serve on stdin/stdout until the client closes the connection."""
    service = DocentService(settings)
    server = build_server(service, "DEBUG" if debug else "WARNING")
    service.check()
    server.run("stdio")
    return 0
