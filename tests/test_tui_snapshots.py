"""Snapshots of the interface's screens at 80x24 and 120x40 (update with: pytest --snapshot-update)."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input

from docent.tui.screens.help import HelpScreen
from docent.tui.screens.history import HistoryScreen
from docent.tui.screens.passage import PassageScreen
from tests.conftest import ask, until_ready, wait_until
from tests.test_tui_app import HARBOUR_Q, HARBOUR_REPLY, LAMP_Q, LAMP_REPLY

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Dates on screen in UTC, whatever the machine's time zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def answered(question: str, then: tuple[str, ...] = (), screen: type | None = None):
    """A run_before that asks question, fixes the speed shown, then presses keys and waits for screen."""

    async def run_before(pilot) -> None:
        app = pilot.app
        app.query_one(Input).cursor_blink = False  # a blinking cursor would show or not by chance
        await until_ready(pilot)
        await ask(pilot, question)
        app.status.speed = 42.0  # the measured speed differs run to run
        for key in then:
            await pilot.press(key)
        if screen is not None:
            await wait_until(pilot, lambda: isinstance(app.screen, screen))
        await pilot.pause(0.1)

    return run_before


@SIZES
def test_main_screen_with_an_answer(snap_compare, build_app, size):
    assert snap_compare(build_app(HARBOUR_REPLY), terminal_size=size, run_before=answered(HARBOUR_Q))


@SIZES
def test_passage_view(snap_compare, build_app, size):
    run_before = answered(LAMP_Q, then=("alt+1",), screen=PassageScreen)
    assert snap_compare(build_app(LAMP_REPLY), terminal_size=size, run_before=run_before)


@SIZES
def test_help_screen(snap_compare, build_app, size):
    run_before = answered(HARBOUR_Q, then=("f1",), screen=HelpScreen)
    assert snap_compare(build_app(HARBOUR_REPLY), terminal_size=size, run_before=run_before)


@SIZES
def test_history_screen(snap_compare, build_app, size):
    run_before = answered(HARBOUR_Q, then=("ctrl+r",), screen=HistoryScreen)
    assert snap_compare(build_app(HARBOUR_REPLY), terminal_size=size, run_before=run_before)
