"""The config file, DOCENT_* variables, `docent config`, `docent config path` and `docent --version`."""

from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path

import pytest

from docent.tui.cli import add_setting_options, main, main_parser
from docent.tui.settings import SETTING_KEYS, Settings, SettingsError, load_config, resolve_settings

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def write_config(text: str) -> Path:
    path = Path(os.environ["DOCENT_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_lines(out: str) -> dict[str, str]:
    """The `key = value  # origin` lines of `docent config`, by key."""
    return {line.split(" = ")[0]: line for line in out.splitlines() if " = " in line and not line.startswith("#")}


def test_precedence_command_line_then_environment_then_file_then_default(monkeypatch):
    path = write_config('top_k = 6\nmax_tokens = 50\ntemperature = 0.3\nserver = "http://127.0.0.1:8080"\n')
    monkeypatch.setenv("DOCENT_MAX_TOKENS", "70")
    monkeypatch.setenv("DOCENT_TEMPERATURE", "0.7")
    settings = resolve_settings({"temperature": 0.9}, path)
    assert (settings.temperature, settings.max_tokens, settings.top_k, settings.ctx) == (0.9, 70, 6, 2048)
    assert settings.server == "http://127.0.0.1:8080"
    assert settings.sources["temperature"] == "command line"
    assert settings.sources["max_tokens"] == "environment"
    assert settings.sources["top_k"] == "config file"
    assert settings.sources["ctx"] == "default"


def test_every_setting_has_an_option_and_every_option_a_setting():
    options = {action.dest for action in main_parser()._actions}
    assert set(SETTING_KEYS) <= options
    per_invocation = {"help", "ask", "json", "debug", "version"}
    assert options - per_invocation == set(SETTING_KEYS)


def test_docent_config_shows_each_value_and_its_origin(monkeypatch, capsys):
    write_config('top_k = 6\ncorpus = "/srv/docs"\n')
    monkeypatch.setenv("DOCENT_TEMPERATURE", "0.5")
    assert main(["config", "--max-tokens", "40"]) == 0
    out = capsys.readouterr().out
    lines = config_lines(out)
    assert set(lines) == {key for key in SETTING_KEYS if getattr(Settings(), key) is not None} | {"corpus"}
    assert lines["top_k"].endswith("# config file") and "= 6" in lines["top_k"]
    assert lines["corpus"].startswith('corpus = "/srv/docs"')
    assert lines["temperature"].endswith("# DOCENT_TEMPERATURE")
    assert lines["max_tokens"].endswith("# --max-tokens")
    assert lines["ctx"].endswith("# default")
    assert "# server: not set (answer with the local model)" in out
    assert f"# config file: {os.environ['DOCENT_CONFIG']} (present)" in out


def test_docent_config_output_is_a_valid_config_file(capsys):
    write_config('top_k = 6\nserver = "http://127.0.0.1:8080/v1"\noffline = true\n')
    assert main(["config"]) == 0
    shown = tomllib.loads(capsys.readouterr().out)
    assert shown["top_k"] == 6 and shown["server"] == "http://127.0.0.1:8080" and shown["offline"] is True


def test_docent_config_path_prints_the_path_even_when_the_file_is_broken(capsys):
    path = write_config("top_k = = 3\n")
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{path}\n"


def test_default_config_path_is_in_the_user_config_dir(monkeypatch, capsys):
    monkeypatch.delenv("DOCENT_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent/xdg")
    assert main(["config", "path"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.endswith(os.path.join("docent", "config.toml")) and "/nonexistent/xdg" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("top_k = 0\n", "top_k must be from 1 to 100"),
        ('top_k = "many"\n', "top_k must be a whole number"),
        ("temperature = [1]\n", "temperature must be a number"),
        ("topk = 3\n", "unknown key 'topk' (did you mean 'top_k'?)"),
        ('server = "ftp://host"\n', "server must be an http:// or https:// address"),
        ('server = "http://user:pw@host:8080"\n', "server must not hold a user name or password"),
        ("offline = maybe\n", "not valid TOML"),
    ],
)
def test_invalid_config_file_is_one_line_naming_key_and_problem(text, message, capsys):
    path = write_config(text)
    assert main(["config"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"docent: error: {path}: ") and message in err
    assert err.count("\n") == 1
    assert main(["--ask", "anything"]) == 1
    assert message in capsys.readouterr().err


def test_invalid_environment_value_exits_1_and_names_the_variable(monkeypatch, capsys):
    monkeypatch.setenv("DOCENT_SERVER_TIMEOUT", "soon")
    assert main(["config"]) == 1
    assert "DOCENT_SERVER_TIMEOUT: server_timeout must be a number" in capsys.readouterr().err


def test_invalid_command_line_value_exits_2(capsys):
    assert main(["config", "--server-ctx", "5"]) == 2
    assert "--server-ctx: server_ctx must be from 128" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://gpu.example.org/v1", "https://gpu.example.org"),
        ("https://gpu.example.org/llm/v1/", "https://gpu.example.org/llm"),
    ],
)
def test_server_address_is_stored_without_v1(given, stored, capsys):
    assert main(["config", "--server", given]) == 0
    assert config_lines(capsys.readouterr().out)["server"].startswith(f'server = "{stored}"')


def test_unknown_key_lists_known_keys_when_nothing_is_close():
    with pytest.raises(SettingsError, match="known keys: collection, corpus, model"):
        load_config(write_config("colour = 'blue'\n"))


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main_parser().parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"docent {version('docent-qa')}\n"


def test_setting_options_are_shared_by_docent_and_docent_config():
    import argparse

    parser = argparse.ArgumentParser()
    add_setting_options(parser)
    assert {action.dest for action in parser._actions} - {"help"} == set(SETTING_KEYS)


def test_quoting_the_evidence_can_be_switched_off_from_the_file_and_back_on_from_the_command_line(capsys):
    from docent.tui.bootstrap import answer_settings

    path = write_config("quote_evidence = false\n")
    assert answer_settings(resolve_settings({}, path)).grounding is False
    parsed = vars(main_parser().parse_args(["--quote-evidence"]))
    assert answer_settings(resolve_settings({"quote_evidence": parsed["quote_evidence"]}, path)).grounding is True
    assert vars(main_parser().parse_args([]))["quote_evidence"] is None, "unset on the command line: the file decides"
    assert main(["config", "--no-quote-evidence"]) == 0
    assert config_lines(capsys.readouterr().out)["quote_evidence"].startswith("quote_evidence = false")


def test_a_why_is_answered_from_the_sources_by_a_local_model_and_by_the_reply_of_a_server():
    from docent.tui.bootstrap import answer_settings

    assert answer_settings(resolve_settings({}, write_config(""))).quote_reasons is True
    path = write_config('server = "http://gpu-box:8080"\n')
    assert answer_settings(resolve_settings({}, path)).quote_reasons is False


def test_the_model_sees_whole_passages_when_evidence_sentences_is_zero():
    from docent.tui.bootstrap import answer_settings

    assert answer_settings(resolve_settings({}, write_config(""))).evidence_sentences == 3
    path = write_config("evidence_sentences = 0\n")
    assert answer_settings(resolve_settings({}, path)).evidence_sentences == 0
    parsed = vars(main_parser().parse_args(["--evidence-sentences", "5"]))
    assert answer_settings(resolve_settings({"evidence_sentences": parsed["evidence_sentences"]}, path)).evidence_sentences == 5
    with pytest.raises(SettingsError):
        resolve_settings({}, write_config("evidence_sentences = -1\n"))


@pytest.mark.parametrize(
    "where, expected_origin",
    [("option", "# --extra-bufts"), ("environment", "# DOCENT_EXTRA_BUFTS"), ("file", "# config file"), (None, "# default")],
)
def test_extra_bufts_is_a_setting_shown_with_its_origin(where, expected_origin, monkeypatch, capsys):
    arguments = ["config"]
    if where == "option":
        arguments += ["--extra-bufts", "off"]
    elif where == "environment":
        monkeypatch.setenv("DOCENT_EXTRA_BUFTS", "OFF")
    elif where == "file":
        write_config('extra_bufts = "off"\n')
    assert main(arguments) == 0
    line = config_lines(capsys.readouterr().out)["extra_bufts"]
    assert line.startswith('extra_bufts = "off"' if where else 'extra_bufts = "auto"') and line.endswith(expected_origin)


def test_a_wrong_extra_bufts_value_is_one_line(monkeypatch, capsys):
    assert main(["config", "--extra-bufts", "maybe"]) == 2
    assert "invalid choice: 'maybe'" in capsys.readouterr().err
    monkeypatch.setenv("DOCENT_EXTRA_BUFTS", "maybe")
    assert main(["config"]) == 1
    assert capsys.readouterr().err == "docent: error: DOCENT_EXTRA_BUFTS: extra_bufts must be one of: auto, on, off\n"
