"""`docent index PATH`: builds, then refreshes, and prints the figures; errors are one line."""

from __future__ import annotations

import pytest

from docent.tui.cli import main
from tests.scale_helpers import write_old


@pytest.fixture(autouse=True)
def docent_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCENT_CACHE_DIR", str(tmp_path / "home" / "cache"))
    monkeypatch.setenv("DOCENT_DATA_DIR", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("DOCENT_CONFIG", str(tmp_path / "home" / "config.toml"))
    monkeypatch.delenv("DOCENT_CORPUS", raising=False)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "docs"
    write_old(root / "a.txt", "Kosovo closed its largest border crossing on Wednesday.")
    write_old(root / "sub" / "b.md", "# Russia\n\nKremlin spokesman Dmitry Peskov spoke.")
    (root / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    return root


def test_index_prints_figures_then_refreshes(corpus, tmp_path, capsys):
    assert main(["index", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "documents  2 (2 analyzed, 0 unchanged, 0 removed)" in out
    for figure in ("passages   2", "terms ", "skipped    1 (1 binary)", "on disk ", "time "):
        assert figure in out
    assert "blob.txt: binary" in out and str(tmp_path / "home" / "cache") in out
    (corpus / "a.txt").write_text("Serbia put its army on alert.", encoding="utf-8")
    assert main(["index", str(corpus)]) == 0
    assert "documents  2 (1 analyzed, 1 unchanged, 0 removed)" in capsys.readouterr().out


def test_index_without_a_path_uses_the_corpus_setting(corpus, monkeypatch, capsys):
    monkeypatch.setenv("DOCENT_CORPUS", str(corpus))
    assert main(["index"]) == 0
    assert f"indexed    {corpus}" in capsys.readouterr().out


def test_a_missing_folder_is_a_one_line_error(tmp_path, capsys):
    assert main(["index", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("docent: error: corpus not found") and err.count("\n") == 1


def test_unknown_options_are_usage_errors(capsys):
    assert main(["index", "--bogus"]) == 2
    assert "docent index" in capsys.readouterr().err
