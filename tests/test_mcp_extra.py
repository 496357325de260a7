"""Without the mcp extra, `docent mcp` says which extra to install, in one line."""

from __future__ import annotations

import subprocess
import sys

HIDE_MCP = "import sys; sys.modules['mcp'] = None; from docent.tui.cli import main; sys.exit(main(['mcp']))"


def test_docent_mcp_without_the_extra_names_it_in_one_line():
    done = subprocess.run([sys.executable, "-c", HIDE_MCP], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr == 'docent: error: docent mcp needs the MCP SDK: pip install "docent-qa[mcp]"\n'
    assert done.stdout == ""
