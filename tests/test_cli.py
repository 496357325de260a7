import io
import json
import re
import subprocess
import sys

import pytest

from docent.answering.fake_model import FakeModel
from docent.retrieval.documents import CorpusError
from docent.tui import bootstrap
from docent.tui.cli import main


@pytest.fixture
def fake_model(monkeypatch, tmp_path):
    """Run the CLI with a fake model that replies with what the test queues."""
    model = FakeModel()
    monkeypatch.setattr(bootstrap, "open_model", lambda settings, notify, progress: model)
    model.gpu_offload_supported = False
    return model


def test_json_output_has_exactly_the_documented_shape(fake_model, capsys, seeds):
    fake_model.queue("Kosovo closed its largest border crossing [1].")
    code = main(["--ask", "Which border crossing did Kosovo close?", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == {"question", "answer", "abstained", "citations", "passages", "model", "timings", "tokens"}
    assert out["abstained"] is False and out["question"] == "Which border crossing did Kosovo close?"
    citation_keys = {"n", "doc", "passage_id", "start", "end", "section", "text", "verified", "support"}
    assert out["citations"] and set(out["citations"][0]) == citation_keys
    assert set(out["passages"][0]) == {"n", "doc", "passage_id", "score", "section", "text"}
    assert set(out["timings"]) == {"retrieval_ms", "prompt_ms", "generation_ms", "total_ms"}
    assert set(out["tokens"]) == {"prompt", "completion"}
    cited = out["citations"][0]
    document = (seeds / cited["doc"]).read_text(encoding="utf-8")
    assert document[cited["start"] : cited["end"]] == cited["text"]


def test_text_output_prints_the_direct_answer_then_the_quote_then_lists_sources(fake_model, capsys):
    fake_model.queue("The Kremlin spokesman", " is Dmitry Peskov", " [1].")
    assert main(["-q", "Who is the Kremlin spokesman?"]) == 0
    out = capsys.readouterr().out
    assert re.match(r"The Kremlin spokesman is Dmitry Peskov \[\d\]\.\n\n[‘“].*Peskov.*[’”] \[\d\]\n", out), out
    assert re.search(r"\nSources:\n\[\d\] \S+\.txt", out)


def test_abstention_exits_zero_and_says_so(fake_model, capsys):
    assert main(["-q", "What is the recipe for sourdough bread?", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["abstained"] is True and "don't say" in out["answer"] and out["citations"] == []


def test_question_from_stdin(fake_model, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Which border crossing did Kosovo close?\n"))
    fake_model.queue("Merdare [1].")
    assert main(["--ask", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "Which border crossing did Kosovo close?"


@pytest.mark.parametrize(
    "argv",
    [["--bogus"], ["-q", "x", "--top-k", "0"], ["-q", "x", "--ctx", "-5"], ["-q", "x", "--temperature", "hot"], ["-q", "   "], ["--json"]],
)
def test_bad_usage_exits_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("docent: ") and "Traceback" not in err


def test_missing_corpus_exits_1_with_one_line(capsys, tmp_path):
    assert main(["-q", "anything", "--corpus", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"docent: error: corpus not found: {tmp_path / 'nope'}"


def test_missing_model_file_exits_1(capsys, tmp_path):
    assert main(["-q", "Which border crossing?", "--model", str(tmp_path / "missing.gguf")]) == 1
    assert "model file not found" in capsys.readouterr().err


def test_a_file_that_is_not_gguf_is_refused(capsys, tmp_path):
    bogus = tmp_path / "notes.gguf"
    bogus.write_text("hello")
    assert main(["-q", "Which border crossing?", "--model", str(bogus)]) == 1
    assert "not a GGUF model file" in capsys.readouterr().err


def test_offline_without_a_model_names_the_pull_command(capsys):
    assert main(["-q", "Which border crossing?", "--offline"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "docent models pull" in err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(CorpusError):
        main(["-q", "x", "--corpus", str(tmp_path / "nope"), "--debug"])


def test_help_is_fast_because_heavy_modules_are_not_imported():
    probe = (
        "import sys\nfrom tui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('llama_cpp', 'textual', 'tiktoken', 'numpy', 'rank_bm25') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "usage: docent" in result.stdout
    assert result.stdout.strip().endswith("[]")


def test_models_list_says_how_to_get_the_default(capsys):
    assert main(["models", "list"]) == 0
    assert "docent models pull" in capsys.readouterr().out


def test_control_characters_and_escape_sequences_never_reach_the_terminal(fake_model, capsys):
    fake_model.queue("The Kremlin spokesman is \x1b[2J\x1b]0;pwned\x07Dmitry", " Peskov\x07 [1].")
    assert main(["-q", "Who is the Kremlin\x1b[31m spokes\x00man?"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert out.startswith("The Kremlin spokesman is Dmitry Peskov [")


def test_an_overlong_question_is_a_usage_error(capsys):
    assert main(["-q", "why " * 25_000]) == 2
    assert "too long" in capsys.readouterr().err


def test_punctuation_only_or_foreign_questions_abstain(fake_model, capsys):
    for question in ["?!?...", "¿Cuál es la capital de Francia?"]:
        assert main(["-q", question, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["abstained"] is True


def test_the_cli_never_prints_a_reply_that_fails_the_checks(fake_model, capsys, seeds):
    fake_model.queue("Kosovo closed a crossing [1].")
    assert main(["-q", "Which border crossing did Kosovo close on Wednesday?"]) == 0
    out = capsys.readouterr().out
    assert "closed a crossing" not in out
    direct, quoted = out.split("\n\n")[:2]
    fact = re.fullmatch(r"(\w+) \[\d\]", direct.strip())  # the fact alone, first
    quote = re.fullmatch(r"“(.+)” \[(\d)\]", quoted.strip())  # then the sentence of the source that states it
    assert fact and quote and fact.group(1) in quote.group(1), out
    cited = re.search(rf"^\[{quote.group(2)}\] (\S+)", out, re.MULTILINE).group(1)
    assert quote.group(1) in " ".join((seeds / cited).read_text(encoding="utf-8").split())


def test_a_looping_reply_is_never_printed(fake_model, capsys, seeds):
    fake_model.queue(*["Kosovo is a memory controller that can be used to control the memory. "] * 6)
    assert main(["-q", "What did Kosovo do about the border on Wednesday?"]) == 0
    assert "memory controller" not in capsys.readouterr().out
