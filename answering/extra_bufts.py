"""Whether to load a local model with llama.cpp's extra buffer types (weight repacking on).

llama.cpp repacks a model's weights for its faster CPU kernels ("extra buffer types", on by default;
llama.cpp's --no-repack turns them off). On CPUs that report AMX, the AMX kernels of llama-cpp-python
0.3.36 die with SIGILL as soon as a prompt is a few tokens long (ggml-org/llama.cpp#28756). So, with
the setting `extra_bufts = "auto"`, before a model is first loaded with them on, a child process loads
it so and evaluates a short batch (answering/extra_bufts_probe.py). Its verdict is kept as a small
JSON file in the cache folder, keyed by the llama.cpp build, the CPU and the model file: the probe
runs once per combination. Where the child dies, the model is loaded with extra buffer types off.
"""

from __future__ import annotations

import hashlib
import json
import platform
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from docent.retrieval.index_store import atomic_file

PROBE_FORMAT = 1  # bump when the probe changes what it tests: old verdicts are then ignored
README_SECTION = "README: Crashes in the model code"


@dataclass(frozen=True)
class Verdict:
    """What the probe found: works, or why not (as a phrase: "died with SIGILL (illegal instruction)")."""

    works: bool
    reason: str = ""
    cacheable: bool = True  # a verdict about this build, CPU and model, not a passing accident
    probe_ms: int = 0


@dataclass(frozen=True)
class Decision:
    use_extra_bufts: bool
    notice: str | None = None  # one line for the user, when the probe has just turned them off


Probe = Callable[[Path, int, float], Verdict]  # model file, threads, timeout in seconds


def signal_phrase(number: int) -> str:
    """'SIGILL (illegal instruction)' for 4."""
    try:
        name = signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
    meaning = signal.strsignal(number) or ""
    return f"{name} ({meaning.lower()})" if meaning else name


def probe_timeout(model_path: Path) -> float:
    """Seconds the probe may take: loading a big model from a cold disk takes a while, a hang never ends."""
    return float(round(60 + 20 * model_path.stat().st_size / 1e9))


def probe_command(model_path: Path, n_threads: int) -> list[str]:
    return [sys.executable, "-m", "docent.answering.extra_bufts_probe", str(model_path), str(n_threads)]


def run_probe(model_path: Path, n_threads: int, timeout: float) -> Verdict:
    """Evaluate a short batch with extra buffer types on, in a child process that may die."""
    return run_child(probe_command(model_path, n_threads), timeout)


def run_child(command: list[str], timeout: float) -> Verdict:
    """Run command; it works when it exits 0. A death by signal or a timeout is a verdict worth keeping."""
    started = time.perf_counter()
    try:
        child = subprocess.run(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Verdict(False, f"did not finish within {timeout:g} s")
    except OSError as error:
        return Verdict(False, f"could not start: {error.strerror or error}", cacheable=False)
    elapsed = round((time.perf_counter() - started) * 1000)
    if child.returncode == 0:
        return Verdict(True, probe_ms=elapsed)
    if child.returncode < 0:
        return Verdict(False, f"died with {signal_phrase(-child.returncode)}", probe_ms=elapsed)
    last = (child.stderr.decode(errors="replace").strip().splitlines() or [""])[-1][:200]
    return Verdict(False, f"exited with code {child.returncode}: {last}", cacheable=False, probe_ms=elapsed)


def cpu_identity() -> dict:
    """The CPU as the model code sees it: model name and feature flags (Linux), else what platform says."""
    identity = {"machine": platform.machine(), "processor": platform.processor()}
    try:
        first = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
    except OSError:
        return identity
    wanted = {"vendor_id", "cpu family", "model", "model name", "stepping", "microcode", "flags", "Features"}
    for line in first.splitlines():
        name, _, value = line.partition(":")
        if name.strip() in wanted:
            identity[name.strip()] = value.strip()
    return identity


def llama_build() -> dict:
    """The llama.cpp build: llama_cpp's version, its shared library's file and what it was compiled for."""
    import llama_cpp
    import llama_cpp.llama_cpp as bindings

    identity = {"llama_cpp": llama_cpp.__version__, "system": llama_cpp.llama_print_system_info().decode(errors="replace")}
    library = getattr(getattr(bindings, "_lib", None), "_name", None)
    if library and Path(library).is_file():
        stat = Path(library).stat()
        identity["library"] = [library, stat.st_size, stat.st_mtime_ns]
    return identity


def probe_key(model_path: Path, n_threads: int) -> dict:
    """What a verdict was found for: the probe, the llama.cpp build, the CPU, the model file, the threads."""
    stat = model_path.stat()
    return {
        "probe": PROBE_FORMAT, "build": llama_build(), "cpu": cpu_identity(),
        "model": [str(model_path.resolve()), stat.st_size, stat.st_mtime_ns], "threads": n_threads,
    }


def verdict_path(cache_dir: Path, key: dict) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:24]
    return cache_dir / "extra-bufts" / f"{digest}.json"


def read_verdict(path: Path, key: dict) -> Verdict | None:
    """The verdict saved at path for key; None when there is none, or it is damaged or for another key."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key or not isinstance(data["works"], bool) or not isinstance(data["reason"], str):
            return None
        return Verdict(data["works"], data["reason"], probe_ms=int(data.get("probe_ms", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_verdict(path: Path, key: dict, verdict: Verdict) -> None:
    """Save a verdict atomically; a cache that cannot be written only costs another probe next time."""
    record = {"key": key, **{k: v for k, v in asdict(verdict).items() if k != "cacheable"}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(path) as out:
            out.write(json.dumps(record, indent=1).encode())
    except OSError:
        pass


class _Memo:
    """Verdicts found by this process, so that loading the same model again does not even read the file."""

    def __init__(self) -> None:
        self._verdicts: dict[str, Verdict] = {}
        self._lock = threading.Lock()

    def get(self, key: dict) -> Verdict | None:
        with self._lock:
            return self._verdicts.get(json.dumps(key, sort_keys=True))

    def put(self, key: dict, verdict: Verdict) -> None:
        with self._lock:
            self._verdicts[json.dumps(key, sort_keys=True)] = verdict

    def clear(self) -> None:
        with self._lock:
            self._verdicts.clear()


memo = _Memo()


def notice_for(verdict: Verdict, model_name: str) -> str:
    return (
        f"the probe of llama.cpp's repacked CPU kernels (extra buffer types) {verdict.reason}; "
        f"loading {model_name} with them off (--extra-bufts on forces them; see {README_SECTION})"
    )


def decide(mode: str, model_path: Path, n_threads: int, cache_dir: Path | None, probe: Probe | None = None) -> Decision:
    """Extra buffer types on or off for this model: as the setting says, or (auto) as the probe found.

    A notice is given only when a probe has just found that they fail, not when a saved verdict says so."""
    if mode != "auto":
        return Decision(mode == "on")
    with _deciding:  # one probe at a time: a second load of the same model then finds its verdict
        return _decide_by_probe(model_path, n_threads, cache_dir, probe or run_probe)


_deciding = threading.Lock()


def _decide_by_probe(model_path: Path, n_threads: int, cache_dir: Path | None, probe: Probe) -> Decision:
    key = probe_key(model_path, n_threads)
    verdict = memo.get(key)
    if verdict is None and cache_dir is not None:
        verdict = read_verdict(verdict_path(cache_dir, key), key)
    if verdict is not None:
        memo.put(key, verdict)
        return Decision(verdict.works)
    verdict = probe(model_path, n_threads, probe_timeout(model_path))
    if verdict.cacheable:
        memo.put(key, verdict)
        if cache_dir is not None:
            write_verdict(verdict_path(cache_dir, key), key, verdict)
    return Decision(verdict.works, None if verdict.works else notice_for(verdict, model_path.name))
