"""Plain `docent`: the terminal interface."""

from __future__ import annotations

from docent.tui.settings import Settings


def run_interface(settings: Settings, debug: bool = False) -> int:
    from docent.retrieval.index_cache import prepare_reading_processes
    from docent.tui.app import make_app
    from docent.tui.supervisor import mark_interface_running

    mark_interface_running()
    prepare_reading_processes()  # while the standard streams are still the terminal's
    make_app(settings, debug=debug).run()
    return 0
