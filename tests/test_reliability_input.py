"""Bad input a user can give: a clear answer or one clear line and the right exit code, never a traceback."""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docent.answering.fake_model import FakeModel
from docent.answering.gguf_check import GgufDamaged, check_gguf
from docent.retrieval.chunking import ChunkSettings
from docent.retrieval.documents import UNREADABLE
from docent.retrieval.index_cache import open_index
from docent.retrieval.token_count import count_tokens
from docent.tui.cli import main
from tests.conftest import LIGHTHOUSE

CORPUS, MODEL, QUESTION, OPTION = "Bad input: corpus", "Bad input: model", "Bad input: question", "Bad input: options"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("docent: ") and "Traceback" not in err, err
    return err.strip()


@pytest.fixture
def fake_answers(monkeypatch):
    """The one-shot CLI answers with a FakeModel (context 2048 unless a test changes it)."""
    model = FakeModel(name="fake.gguf")
    monkeypatch.setattr("docent.tui.bootstrap.open_model", lambda settings, notify, progress: model)
    return model


# --- questions and options (already handled; recorded here so the table lists them) ---

@pytest.mark.parametrize(
    "label, argv, code",
    [
        ("empty question", ["-q", ""], 2),
        ("whitespace-only question", ["-q", " \t\n "], 2),
        ("100,000-character question", ["-q", "why " * 25_000], 2),
        ("--top-k -3", ["-q", "x", "--top-k", "-3"], 2),
        ("--top-k 10**9", ["-q", "x", "--top-k", "1000000000"], 2),
        ("--ctx -5", ["-q", "x", "--ctx", "-5"], 2),
        ("--max-tokens 0", ["-q", "x", "--max-tokens", "0"], 2),
        ("--temperature 1e9", ["-q", "x", "--temperature", "1e9"], 2),
        ("--temperature hot", ["-q", "x", "--temperature", "hot"], 2),
        ("unknown option --bogus", ["--bogus"], 2),
    ],
)
def test_bad_questions_and_options_exit_2_with_one_line(label, argv, code, capsys, reliability):
    assert main(argv) == code
    err = one_line_error(capsys)
    reliability(OPTION if label.startswith("-") or "option" in label else QUESTION, label, f"exit {code}: `{err}`")


def test_control_characters_and_escape_sequences_never_reach_the_terminal(corpus_dir, fake_answers, capsys, reliability):
    fake_answers.queue("Rebuilt in 1903 \x1b[2J\x07[1].")
    code = main(["-q", "When was the \x1b]0;pwned\x07harbour of Vell\x00 rebuilt?", "--corpus", str(corpus_dir)])
    out = capsys.readouterr().out
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "\x1b" not in fake_answers.prompts[0]
    reliability(QUESTION, "control characters and escape sequences in the question and the model's output",
                "exit 0; stripped from the prompt and from what is printed")


@pytest.mark.parametrize(
    "label, question", [("only punctuation", "?!?... ,;"), ("a language the corpus lacks", "Когда была перестроена гавань?")]
)
def test_unanswerable_questions_abstain_without_the_model(label, question, corpus_dir, fake_answers, capsys, reliability):
    assert main(["-q", question, "--corpus", str(corpus_dir)]) == 0
    assert "don't say" in capsys.readouterr().out and not fake_answers.prompts
    reliability(QUESTION, label, "exit 0: \"The documents don't say\", the model is not called")


# --- corpus ---

def test_a_file_path_is_a_one_document_corpus(tmp_path, fake_answers, capsys, reliability):
    single = tmp_path / "lighthouse.txt"
    single.write_text(LIGHTHOUSE, encoding="utf-8")
    fake_answers.queue("Mara Quist converted the lamp in 1921 [1].")
    assert main(["-q", "Who converted the lighthouse lamp to electricity?", "--corpus", str(single)]) == 0
    out = capsys.readouterr().out
    assert "[1] lighthouse.txt" in out
    reliability(CORPUS, "a file path instead of a folder", "accepted as a one-document corpus; exit 0, cited")


@pytest.mark.parametrize("label, make", [
    ("missing path", lambda root: root / "nope"),
    ("empty folder", lambda root: (root / "empty").mkdir() or root / "empty"),
])
def test_unusable_corpus_paths_exit_1_with_one_line(label, make, tmp_path, capsys, reliability):
    path = make(tmp_path)
    assert main(["-q", "anything at all", "--corpus", str(path)]) == 1
    reliability(CORPUS, label, f"exit 1: `{one_line_error(capsys)}`")


def test_binary_undecodable_and_unreadable_files_are_skipped_with_counts(corpus_dir, monkeypatch, capsys, reliability):
    (corpus_dir / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus_dir / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (corpus_dir / "locked.txt").write_text("secret", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:  # the tests run as root, so permissions are simulated
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    warnings: list[str] = []
    indexed = open_index(corpus_dir, None, warn=warnings.append)
    assert indexed.report.documents == 3
    assert indexed.report.skipped == {"binary": 1, "undecodable": 1, UNREADABLE: 1}
    assert warnings == ["skipped 3 unreadable file(s): 1 binary, 1 undecodable, 1 unreadable (docent index lists them)"]
    reliability(CORPUS, "binary, non-UTF-8 and permission-denied files among good ones",
                f"the good ones indexed; one notice: `{warnings[0]}`")


def test_an_unreadable_folder_is_skipped(corpus_dir, monkeypatch, reliability):
    (corpus_dir / "private").mkdir()
    (corpus_dir / "private" / "a.txt").write_text("hidden away", encoding="utf-8")
    real_scandir = __import__("os").scandir

    def scandir(path):
        if Path(path).name == "private":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("docent.retrieval.documents.os.scandir", scandir)
    indexed = open_index(corpus_dir, None)
    assert indexed.report.documents == 3 and indexed.report.skipped == {UNREADABLE: 1}
    reliability(CORPUS, "a folder without read permission", "skipped and counted as unreadable; the rest indexed")


def test_a_symlink_loop_is_followed_once(corpus_dir, reliability):
    (corpus_dir / "loop").symlink_to(corpus_dir, target_is_directory=True)
    indexed = open_index(corpus_dir, None)
    assert indexed.report.documents == 3
    reliability(CORPUS, "a symlink loop (a link to the corpus folder inside it)", "each document indexed once; finishes")


def test_a_50_mb_file_on_one_line_is_indexed_within_bounds(tmp_path, reliability):
    rng = random.Random(6)
    words = ["harbour", "lighthouse", "engineer", "ferry", "1921", "Vučić", "market", "électricité", "Quist"]
    line = " ".join(rng.choice(words) for _ in range(5_200_000))[: 50 * 1024 * 1024]
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "one-line.txt").write_text(line, encoding="utf-8")
    started = time.perf_counter()
    indexed = open_index(folder, tmp_path / "cache")
    seconds = time.perf_counter() - started
    settings = ChunkSettings()
    longest = max(count_tokens(p.text) for p in _sample_passages(indexed))
    assert indexed.report.documents == 1 and indexed.report.passages > 50_000
    assert longest <= settings.target_tokens * 1.05  # words are counted one at a time: a token or two of slack
    hits = indexed.index.search("engineer Quist", 3)
    assert hits and "Quist" in hits[0].passage.text
    reliability(CORPUS, "a 50 MB file on one line (no sentence breaks)",
                f"indexed in {seconds:.0f} s into {indexed.report.passages:,} passages "
                f"of at most {settings.target_tokens} tokens; searchable")


def _sample_passages(indexed, n: int = 200):
    index = indexed.index
    step = max(1, len(index.passages) // n)
    return [index.passages[i] for i in range(0, len(index.passages), step)]


def test_a_single_huge_word_is_cut_into_bounded_passages(tmp_path, reliability):
    folder = tmp_path / "blob"
    folder.mkdir()
    (folder / "base64.txt").write_text("QUJD" * 500_000, encoding="utf-8")  # 2 MB, no space at all
    indexed = open_index(folder, None)
    assert indexed.report.passages > 1
    assert max(count_tokens(p.text) for p in _sample_passages(indexed)) <= ChunkSettings().target_tokens * 1.05
    reliability(CORPUS, "a 2 MB 'word' without any space (a base64 blob)", f"cut into {indexed.report.passages:,} bounded passages")


def test_thousands_of_tiny_files_are_all_indexed(tmp_path, reliability):
    folder = tmp_path / "tiny"
    for n in range(3000):
        sub = folder / f"d{n % 30:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"note{n:04d}.txt").write_text(f"Note {n}: the tide table for day {n}.", encoding="utf-8")
    started = time.perf_counter()
    indexed = open_index(folder, tmp_path / "cache")
    seconds = time.perf_counter() - started
    again = open_index(folder, tmp_path / "cache")
    assert indexed.report.documents == 3000 and indexed.report.passages == 3000
    assert again.from_cache and again.report.documents == 3000
    assert indexed.index.search("note 1234", 1)[0].passage.doc_id == "d04/note1234.txt"
    reliability(CORPUS, "3,000 tiny files in 30 folders", f"all 3,000 indexed in {seconds:.1f} s; the second run reuses the cache")


# --- model ---

def tiny_gguf(path: Path, floats: int = 64) -> Path:
    """A minimal, complete GGUF v3 file: one string key and one F32 tensor."""
    def string(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    header = b"GGUF" + struct.pack("<IQQ", 3, 1, 1)
    header += string("general.name") + struct.pack("<I", 8) + string("tiny")
    header += string("weights") + struct.pack("<I", 1) + struct.pack("<Q", floats) + struct.pack("<IQ", 0, 0)
    header += bytes(-len(header) % 32)
    path.write_bytes(header + bytes(4 * floats))
    return path


def test_the_gguf_check_accepts_a_whole_file_and_refuses_every_truncation(tmp_path):
    whole = tiny_gguf(tmp_path / "tiny.gguf")
    check_gguf(whole)
    data = whole.read_bytes()
    for cut in range(0, len(data), 7):
        (tmp_path / "cut.gguf").write_bytes(data[:cut])
        with pytest.raises(GgufDamaged):
            check_gguf(tmp_path / "cut.gguf")


def test_a_truncated_gguf_exits_1_with_one_line(tmp_path, corpus_dir, capsys, reliability):
    truncated = tmp_path / "truncated.gguf"
    truncated.write_bytes(tiny_gguf(tmp_path / "tiny.gguf").read_bytes()[:-10])
    assert main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir), "--model", str(truncated)]) == 1
    err = one_line_error(capsys)
    assert "not a complete GGUF model file" in err
    reliability(MODEL, "a truncated GGUF (small synthetic file, last 10 bytes cut)", f"exit 1: `{err}`")


@pytest.mark.parametrize("label, content", [("a text file named .gguf", b"hello"), ("an empty .gguf file", b"")])
def test_a_file_that_is_not_gguf_exits_1(label, content, tmp_path, corpus_dir, capsys, reliability):
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(content)
    assert main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir), "--model", str(bogus)]) == 1
    reliability(MODEL, label, f"exit 1: `{one_line_error(capsys)}`")


def test_a_missing_model_exits_1(tmp_path, corpus_dir, capsys, reliability):
    assert main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir), "--model", str(tmp_path / "gone.gguf")]) == 1
    reliability(MODEL, "a model path that does not exist", f"exit 1: `{one_line_error(capsys)}`")


def test_a_context_too_small_for_the_instructions_and_the_reply_exits_1(corpus_dir, fake_answers, capsys, reliability):
    fake_answers._n_ctx = 128
    question = ["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir)]
    assert main([*question, "--ctx", "128", "--max-tokens", "100"]) == 1
    err = one_line_error(capsys)
    assert "too small" in err and "--ctx" in err
    reliability(MODEL, "--ctx 128 --max-tokens 100 (fake model; the prompt needs more)", f"exit 1: `{err}`")


@pytest.mark.model
def test_the_real_model_truncated_to_1_mb_exits_1_without_a_crash(default_model_path, tmp_path, reliability):
    truncated = tmp_path / "first-mb.gguf"
    with open(default_model_path, "rb") as whole:
        truncated.write_bytes(whole.read(1 << 20))
    done = subprocess.run(
        [sys.executable, "-m", "docent.tui.cli", "-q", "Who is the Kremlin spokesman?", "--offline", "--model", str(truncated)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    reliability(MODEL, "the real model truncated to its first 1 MB", f"exit 1: `{done.stderr.strip()}`")


@pytest.mark.model
def test_the_real_model_with_a_context_too_small_for_the_reply_exits_1(default_model_path, capsys, reliability):
    question = ["-q", "Who is the Kremlin spokesman?", "--offline", "--model", str(default_model_path)]
    assert main([*question, "--ctx", "128", "--max-tokens", "200"]) == 1
    err = one_line_error(capsys)
    assert "too small" in err
    reliability(MODEL, "--ctx 128 --max-tokens 200 with the real model", f"exit 1: `{err}`")
