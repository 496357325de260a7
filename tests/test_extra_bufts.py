"""Extra buffer types on or off: the probe's verdict, its cache, the setting; and the real probe."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from docent.answering import extra_bufts
from docent.answering.extra_bufts import Verdict, decide, run_child

WORKS = Verdict(True, probe_ms=5)
DIES = Verdict(False, "died with SIGILL (illegal instruction)")


class FakeProbe:
    """A probe that gives a fixed verdict and counts its calls."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict, self.calls = verdict, 0

    def __call__(self, model_path: Path, n_threads: int, timeout: float) -> Verdict:
        self.calls += 1
        return self.verdict


@pytest.fixture(autouse=True)
def fresh_memo():
    extra_bufts.memo.clear()
    yield
    extra_bufts.memo.clear()


@pytest.fixture
def model_file(tmp_path) -> Path:
    path = tmp_path / "models" / "tiny.gguf"
    path.parent.mkdir()
    path.write_bytes(b"GGUF" + bytes(60))
    return path


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "probe-cache"  # not the test's cache dir, whose verdicts conftest shares with other tests


def test_a_probe_that_dies_turns_extra_bufts_off_and_says_so_once(model_file, cache):
    probe = FakeProbe(DIES)
    first = decide("auto", model_file, 2, cache, probe)
    assert not first.use_extra_bufts
    assert "died with SIGILL (illegal instruction)" in first.notice and "--extra-bufts on" in first.notice
    extra_bufts.memo.clear()  # the next run of docent
    again = decide("auto", model_file, 2, cache, probe)
    assert (again.use_extra_bufts, again.notice, probe.calls) == (False, None, 1)


def test_a_probe_that_passes_keeps_them_on_without_a_notice(model_file, cache):
    assert decide("auto", model_file, 2, cache, FakeProbe(WORKS)) == extra_bufts.Decision(True, None)


def test_the_cached_verdict_is_reused_without_probing(model_file, cache):
    decide("auto", model_file, 2, cache, FakeProbe(DIES))
    extra_bufts.memo.clear()
    probe = FakeProbe(WORKS)
    assert not decide("auto", model_file, 2, cache, probe).use_extra_bufts
    assert probe.calls == 0
    assert len(list((cache / "extra-bufts").glob("*.json"))) == 1


def test_another_model_or_build_is_probed_again(model_file, cache, monkeypatch):
    probe = FakeProbe(WORKS)
    decide("auto", model_file, 2, cache, probe)
    other_model = model_file.with_name("other.gguf")
    other_model.write_bytes(b"GGUF" + bytes(80))
    decide("auto", other_model, 2, cache, probe)
    assert probe.calls == 2
    build = extra_bufts.llama_build()
    monkeypatch.setattr(extra_bufts, "llama_build", lambda: {**build, "llama_cpp": "9.9.9"})
    decide("auto", model_file, 2, cache, probe)
    assert probe.calls == 3
    model_file.write_bytes(b"GGUF" + bytes(61))  # the same name, another file
    decide("auto", model_file, 2, cache, probe)
    assert probe.calls == 4


def test_a_damaged_cache_file_is_ignored_and_probed_again(model_file, cache):
    decide("auto", model_file, 2, cache, FakeProbe(DIES))
    (saved,) = (cache / "extra-bufts").glob("*.json")
    saved.write_text('{"key": {"probe": 1}, "works"', encoding="utf-8")
    extra_bufts.memo.clear()
    probe = FakeProbe(WORKS)
    assert decide("auto", model_file, 2, cache, probe).use_extra_bufts
    assert probe.calls == 1
    assert extra_bufts.read_verdict(saved, extra_bufts.probe_key(model_file, 2)).works  # replaced


@pytest.mark.parametrize("mode, expected", [("on", True), ("off", False)])
def test_the_setting_on_or_off_decides_without_probing(model_file, cache, mode, expected):
    probe = FakeProbe(DIES)
    assert decide(mode, model_file, 2, cache, probe) == extra_bufts.Decision(expected, None)
    assert probe.calls == 0


def test_a_probe_that_does_not_finish_in_time_counts_as_failed(model_file, cache):
    started = extra_bufts.time.perf_counter()
    verdict = run_child([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert extra_bufts.time.perf_counter() - started < 10
    assert verdict == Verdict(False, "did not finish within 0.5 s")
    decision = decide("auto", model_file, 2, cache, FakeProbe(verdict))
    assert not decision.use_extra_bufts and "did not finish within 0.5 s" in decision.notice


@pytest.mark.parametrize("signal_name, phrase", [("SIGILL", "SIGILL (illegal instruction)"), ("SIGSEGV", "SIGSEGV (segmentation fault)")])
def test_a_child_killed_by_a_signal_is_a_failed_probe_naming_it(signal_name, phrase):
    command = [sys.executable, "-c", f"import os, signal; os.kill(os.getpid(), signal.{signal_name})"]
    verdict = run_child(command, timeout=30)
    assert (verdict.works, verdict.reason, verdict.cacheable) == (False, f"died with {phrase}", True)


def test_a_child_that_exits_with_an_error_is_not_kept(model_file, cache):
    verdict = run_child([sys.executable, "-c", "raise SystemExit('no such model')"], timeout=30)
    assert (verdict.works, verdict.reason, verdict.cacheable) == (False, "exited with code 1: no such model", False)
    probe = FakeProbe(verdict)
    decide("auto", model_file, 2, cache, probe)
    extra_bufts.memo.clear()
    decide("auto", model_file, 2, cache, probe)
    assert probe.calls == 2


def test_the_cpu_identity_holds_its_feature_flags():
    identity = extra_bufts.cpu_identity()
    if Path("/proc/cpuinfo").is_file():
        assert identity.get("flags") or identity.get("Features")


@pytest.mark.model
def test_the_real_probe_runs_the_default_model_and_gives_a_verdict(default_model_path):
    verdict = extra_bufts.run_probe(default_model_path, os.cpu_count() or 1, timeout=600)  # a busy machine is slow
    if "amx_int8" in extra_bufts.cpu_identity().get("flags", "").split():
        assert verdict.works or verdict.reason.startswith("died with")  # the crash this probe exists for
    else:
        assert verdict == Verdict(True, probe_ms=verdict.probe_ms)


@pytest.mark.model
@pytest.mark.parametrize("use_extra_bufts", [True, False])
def test_the_model_is_loaded_with_extra_bufts_as_asked(default_model_path, use_extra_bufts):
    from docent.answering.llama_loading import load_llama

    llama = load_llama(str(default_model_path), use_extra_bufts, n_ctx=256, verbose=False)
    assert llama.model_params.use_extra_bufts is use_extra_bufts
    assert llama.model_params.n_gpu_layers == 0  # Llama's own settings still reach the same parameters
    llama.close()


@pytest.mark.model
def test_where_the_probe_dies_docent_answers_with_them_off_and_says_so_once(default_model_path, tmp_path, monkeypatch, capsys):
    from docent.tui.cli import main

    monkeypatch.setenv("DOCENT_CACHE_DIR", str(tmp_path / "cache-of-a-crashing-cpu"))  # not shared with other tests
    probe = FakeProbe(DIES)
    monkeypatch.setattr(extra_bufts, "run_probe", probe)
    question = ["-q", "Who is the Kremlin spokesman?", "--offline", "--model", str(default_model_path)]
    assert main(question) == 0
    first = capsys.readouterr()
    notices = [line for line in first.err.splitlines() if "extra buffer types" in line]
    assert notices == [
        "docent: the probe of llama.cpp's repacked CPU kernels (extra buffer types) died with SIGILL (illegal instruction); "
        f"loading {default_model_path.name} with them off (--extra-bufts on forces them; see README: Crashes in the model code)"
    ]
    assert "Peskov" in first.out
    extra_bufts.memo.clear()  # the next run
    assert main(question) == 0
    assert "extra buffer types" not in capsys.readouterr().err
    assert probe.calls == 1


def test_the_setting_reaches_the_model(tmp_path):
    from docent.answering.model_store import ModelChoice
    from docent.tui import paths
    from docent.tui.bootstrap import make_model
    from docent.tui.settings import Settings

    model = make_model(ModelChoice(tmp_path / "m.gguf", "config"), Settings(extra_bufts="off"))
    assert (model.extra_bufts, model.probe_cache) == ("off", paths.cache_dir())


NOTICE = "the probe of llama.cpp's repacked CPU kernels (extra buffer types) died with SIGILL (illegal instruction); ..."


def test_the_loading_notice_is_one_line_on_stderr_of_a_one_shot_answer(monkeypatch, capsys):
    from docent.answering.fake_model import FakeModel
    from docent.tui import bootstrap
    from docent.tui.cli import main

    model = FakeModel([["Kosovo closed its largest border crossing [1]."]])
    model.notice = NOTICE
    monkeypatch.setattr(bootstrap, "open_model", lambda settings, notify, progress: model)
    assert main(["-q", "Which border crossing did Kosovo close?"]) == 0
    assert capsys.readouterr().err.splitlines().count(f"docent: {NOTICE}") == 1


def test_the_loading_notice_is_a_notification_in_the_interface(build_app):
    from docent.answering.fake_model import FakeModel
    from tests.conftest import drive

    model = FakeModel(name="tiny.gguf")
    model.notice = NOTICE
    app = build_app(model=model)

    async def scenario(pilot):
        assert [n.message for n in app._notifications].count(NOTICE) == 1

    drive(app, scenario)
