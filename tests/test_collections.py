"""Collections: `docent collections add|list|remove`, --collection / the collection key, several --corpus paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docent.answering.fake_model import FakeModel
from docent.retrieval.documents import document_from_bytes
from docent.retrieval.index_cache import open_index
from docent.retrieval.roots import root_labels
from docent.tui import bootstrap
from docent.tui.cli import main
from docent.tui.settings import Settings
from tests.conftest import HARBOUR, LIGHTHOUSE, MARKET

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

USER_CONFIG = """# my docent settings
top_k = 3  # three passages, please

max_tokens = 64
"""


def config_path() -> Path:
    return Path(os.environ["DOCENT_CONFIG"])


def write_config(text: str) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(text, encoding="utf-8")


@pytest.fixture
def fake_model(monkeypatch):
    model = FakeModel(name="fake-model.gguf")
    monkeypatch.setattr(bootstrap, "open_model", lambda settings, notify, progress: model)
    return model


@pytest.fixture
def two_folders(tmp_path) -> tuple[Path, Path]:
    """Two folders named notes, each holding a different town.md; the second one also a lighthouse log."""
    first, second = tmp_path / "home" / "notes", tmp_path / "work" / "notes"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    (first / "town.md").write_text(MARKET, encoding="utf-8")
    (second / "town.md").write_text(HARBOUR, encoding="utf-8")
    (second / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    return first, second


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def test_add_list_remove_keeps_the_users_other_keys_and_comments(corpus_dir, capsys):
    write_config(USER_CONFIG)
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    text = config_path().read_text(encoding="utf-8")
    assert text.startswith(USER_CONFIG)
    assert tomllib.loads(text)["collections"] == {"town": {"paths": [str(corpus_dir)]}}
    assert list(config_path().parent.glob("*.tmp")) == []
    capsys.readouterr()
    assert main(["collections", "list"]) == 0
    assert capsys.readouterr().out.split() == ["town", str(corpus_dir)]
    assert main(["collections", "remove", "town"]) == 0
    assert config_path().read_text(encoding="utf-8") == USER_CONFIG
    assert "no collections yet" in (main(["collections", "list"]), capsys.readouterr().out)[1]


def test_remove_deletes_docents_index_and_never_the_users_files(corpus_dir, capsys):
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    assert main(["index", "--collection", "town"]) == 0
    indexes = list(Path(os.environ["DOCENT_CACHE_DIR"]).glob("*.docent-index"))
    assert len(indexes) == 1
    files = sorted(p.name for p in corpus_dir.iterdir())
    assert main(["collections", "remove", "town"]) == 0
    assert list(Path(os.environ["DOCENT_CACHE_DIR"]).glob("*.docent-index")) == []
    assert sorted(p.name for p in corpus_dir.iterdir()) == files == ["harbour.md", "lighthouse.txt", "market.md"]
    assert "its files were not touched" in capsys.readouterr().out


def test_removing_the_default_collection_drops_the_collection_key(corpus_dir, capsys):
    write_config('collection = "town"\n')
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    assert main(["collections", "remove", "town"]) == 0
    assert tomllib.loads(config_path().read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["add", "more", "MISSING"], "docent: error: no such file or folder: MISSING"),
        (["add", "no way", "CORPUS"], "docent: error: 'no way' cannot name a collection: use letters, digits"),
        (["add", "twice", "CORPUS", "CORPUS/harbour.md"], "is already in the collection through"),
        (["remove", "nope"], "docent: error: no collection named 'nope' (known: town)"),
        (["add", "town", "CORPUS"], "docent: error: a collection named 'town' already exists"),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(corpus_dir, capsys, arguments, message):
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    before = config_path().read_text(encoding="utf-8")
    capsys.readouterr()
    arguments = [a.replace("CORPUS", str(corpus_dir)).replace("MISSING", str(corpus_dir / "missing")) for a in arguments]
    message = message.replace("MISSING", str(corpus_dir / "missing"))
    assert main(["collections", *arguments]) == 1
    assert message in one_error_line(capsys)
    assert config_path().read_text(encoding="utf-8") == before


def test_asking_a_missing_collection_is_one_line(capsys, fake_model):
    assert main(["--collection", "nope", "--ask", "Who?"]) == 1
    assert one_error_line(capsys) == (
        "docent: error: no collection named 'nope' (known: none yet; add one with: docent collections add NAME PATH...)"
    )


def test_a_broken_config_file_is_left_alone(corpus_dir, capsys):
    write_config("top_k = = 3\n")
    assert main(["collections", "add", "town", str(corpus_dir)]) == 1
    assert "not valid TOML" in one_error_line(capsys)
    assert config_path().read_text(encoding="utf-8") == "top_k = = 3\n"


def test_two_roots_holding_the_same_file_name_cite_distinct_documents(two_folders, fake_model, capsys):
    first, second = two_folders
    assert main(["collections", "add", "towns", str(first), str(second)]) == 0
    capsys.readouterr()
    fake_model.queue("The harbour of Vell was rebuilt in 1903 [1].")
    assert main(["--collection", "towns", "--ask", "When was the harbour of Vell rebuilt?", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    cited = out["citations"][0]
    assert cited["doc"] == "work/notes/town.md" and cited["passage_id"].startswith("work/notes/town.md#")
    text = document_from_bytes("town.md", (second / "town.md").read_bytes()).text  # Markdown read as plain text
    assert text[cited["start"]:cited["end"]] == cited["text"]
    assert main(["--collection", "towns", "--ask", "What does the Saturday market sell?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passages"][0]["doc"] == "home/notes/town.md"


def test_roots_are_labelled_by_their_shortest_distinct_tail():
    assert root_labels([Path("/a/notes"), Path("/b/work")]) == ["notes", "work"]
    assert root_labels([Path("/a/notes"), Path("/b/notes")]) == ["a/notes", "b/notes"]
    assert root_labels([Path("/x/a/notes"), Path("/y/a/notes"), Path("/y/todo.md")]) == ["x/a/notes", "y/a/notes", "y/todo.md"]


def test_corpus_may_be_given_several_times(two_folders, corpus_dir, fake_model, capsys):
    _, second = two_folders
    question = "Who converted the lighthouse lamp?"
    assert main(["--corpus", str(corpus_dir), "--corpus", str(second / "town.md"), "-q", question, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passages"][0]["doc"] == "corpus/lighthouse.txt"


def test_the_collection_key_picks_the_collection_and_the_command_line_corpus_wins(two_folders, corpus_dir, fake_model, capsys):
    first, _ = two_folders
    assert main(["collections", "add", "home", str(first)]) == 0
    capsys.readouterr()
    config_path().write_text('collection = "home"\n' + config_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["-q", "What does the Saturday market sell?", "--json"]) == 0
    assert {p["doc"] for p in json.loads(capsys.readouterr().out)["passages"]} == {"town.md"}
    assert main(["--corpus", str(corpus_dir), "-q", "When was the harbour of Vell rebuilt?", "--json"]) == 0
    assert {p["doc"] for p in json.loads(capsys.readouterr().out)["passages"]} <= {"harbour.md", "lighthouse.txt", "market.md"}
    assert main(["--corpus", str(corpus_dir), "--collection", "home", "-q", "Who?"]) == 1
    assert one_error_line(capsys) == "docent: error: both a collection and a corpus are given on the command line; give one of them"


def test_eval_answers_from_the_collection(corpus_dir, fake_model, tmp_path, capsys):
    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    capsys.readouterr()
    cases = tmp_path / "cases.jsonl"
    case = {"question": "When was the harbour of Vell rebuilt?", "answers": ["1903"], "docs": ["harbour.md"], "unanswerable": False}
    cases.write_text(json.dumps(case) + "\n", encoding="utf-8")
    fake_model.queue("The harbour of Vell was rebuilt in 1903 [1].")
    assert main(["eval", str(cases), "--collection", "town", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["recall_at_k"] == 1.0 and report["results"][0]["correct"] is True


def test_the_interface_opens_the_collection_it_is_given(corpus_dir):
    from tests.conftest import drive, wait_until

    assert main(["collections", "add", "town", str(corpus_dir)]) == 0
    from docent.tui.app import make_app
    from docent.tui.settings import resolve_settings

    settings = resolve_settings({"collection": "town"}, config_path())
    app = make_app(settings, model=FakeModel(name="fake.gguf"), watch=False)

    async def scenario(pilot):
        await wait_until(pilot, lambda: app.indexed is not None)
        assert app.status.corpus.startswith("3 docs")

    drive(app, scenario)


def test_an_index_of_several_roots_is_cached_under_its_own_name(two_folders, tmp_path):
    first, second = two_folders
    cache = tmp_path / "cache"
    both = open_index([first, second], cache)
    alone = open_index(first, cache)
    assert both.report.documents == 3 and alone.report.documents == 1
    assert len(list(cache.glob("*.docent-index"))) == 2
    assert open_index([first, second], cache).from_cache
    assert Settings(corpus=str(first)).corpus == str(first)


def test_docent_config_shows_the_collection_and_several_corpus_paths_as_valid_toml(capsys, corpus_dir):
    write_config('collection = "town"\n')
    assert main(["config", "--corpus", str(corpus_dir), "--corpus", "/srv/more"]) == 0
    shown = tomllib.loads(capsys.readouterr().out)
    assert shown["collection"] == "town" and shown["corpus"] == [str(corpus_dir), "/srv/more"]
