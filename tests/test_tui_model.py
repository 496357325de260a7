"""The interface with the real default model (marked `model`)."""

from __future__ import annotations

import pytest

from docent.tui.app import make_app
from docent.tui.settings import Settings
from tests.conftest import ask, drive, until_ready

pytestmark = pytest.mark.model


def test_the_real_model_streams_a_cited_answer_about_the_seed_articles(store, default_model_path):
    app = make_app(Settings(model=str(default_model_path), max_tokens=48), history=store)

    async def scenario(pilot):
        await until_ready(pilot, timeout=120)
        await ask(pilot, "Which border crossing did Kosovo close?", timeout=300)
        answer = app.session.answers[0]
        assert answer.text and answer.tokens.completion > 0
        assert app.conversation.exchanges[0].markdown.source
        assert len(app.sources.query_one("#source-list").options) == len(answer.passages) > 0
        assert "tok/s" in str(app.status.render()) and "5 docs" in str(app.status.render())

    drive(app, scenario, ready=False)
