"""Plain `docent`: the terminal interface."""

from __future__ import annotations

from docent.tui.settings import Settings


def run_interface(settings: Settings, debug: bool = False) -> int:
    from docent.tui.app import make_app
    from docent.tui.supervisor import mark_interface_running

    mark_interface_running()
    make_app(settings, debug=debug).run()
    return 0
