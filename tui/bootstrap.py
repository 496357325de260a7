"""Turn settings into a ready corpus index and model: shared by the one-shot CLI and the interface."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from docent.answering.llama_model import LlamaCppModel
from docent.answering.llm import ChatModel, GenerationSettings
from docent.answering.model_store import ModelChoice, ModelNotFound, Progress, pull_default_model, resolve_model
from docent.answering.pipeline import Answerer, AnswerSettings
from docent.retrieval.index_cache import IndexedCorpus, open_index
from docent.tui import paths
from docent.tui.corpus_choice import chosen_roots
from docent.tui.settings import Settings, SettingsError

Notify = Callable[[str], None]


def open_corpus(settings: Settings, notify: Notify) -> IndexedCorpus:
    return open_index(chosen_roots(settings), paths.cache_dir(), warn=notify)


def find_model(settings: Settings) -> ModelChoice | None:
    """The model the settings name, else the first one present; None when there is none."""
    named_by = {"command line": "--model", "environment": "DOCENT_MODEL"}.get(settings.sources.get("model", ""), "config")
    return resolve_model(settings.model, named_by, Path.cwd(), paths.data_dir())


def choose_model(settings: Settings, notify: Notify, progress: Progress) -> ModelChoice:
    """The model to use; pulls the default one when none is present, unless offline."""
    choice = find_model(settings)
    if choice is not None:
        return choice
    if settings.offline:
        raise ModelNotFound("no model found, and --offline forbids fetching one; run: docent models pull")
    notify("no model found; pulling the default model (SmolLM2-135M-Instruct, 98 MB) with docent models pull")
    return ModelChoice(pull_default_model(paths.data_dir(), progress), "pulled")


def make_model(choice: ModelChoice, settings: Settings) -> LlamaCppModel:
    return LlamaCppModel(
        choice.path, n_ctx=settings.ctx, n_threads=settings.threads, n_gpu_layers=settings.n_gpu_layers,
        state_file=paths.cache_dir() / "prompt-state.bin", extra_bufts=settings.extra_bufts, probe_cache=paths.cache_dir(),
    )


def is_loopback(url: str) -> bool:
    """Whether url names this machine, judged from the address alone (no name lookup)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server_model(settings: Settings, environ: Mapping[str, str] = os.environ) -> ChatModel:
    """A model on the server the settings name; its API key comes from DOCENT_API_KEY only."""
    from docent.answering.server_http import ServerClient
    from docent.answering.server_model import ServerModel

    assert settings.server is not None  # called only when a server is set
    if settings.offline and not is_loopback(settings.server):
        raise SettingsError(
            f"--offline allows only a server on this machine, not {settings.server}; "
            "unset offline or server (see: docent config)"
        )
    client = ServerClient(settings.server, environ.get("DOCENT_API_KEY") or None, settings.server_timeout)
    return ServerModel(client, settings.server_model, settings.server_ctx)


def open_model(settings: Settings, notify: Notify, progress: Progress) -> ChatModel:
    """The model that answers, not loaded yet: on the server when the settings name one, else a local GGUF file."""
    if settings.server:
        return make_server_model(settings)
    return make_model(choose_model(settings, notify, progress), settings)


def answer_settings(settings: Settings) -> AnswerSettings:
    generation = GenerationSettings(max_tokens=settings.max_tokens, temperature=settings.temperature)
    return AnswerSettings(
        top_k=settings.top_k, generation=generation, grounding=settings.quote_evidence,
        evidence_sentences=settings.evidence_sentences,
        quote_reasons=not settings.server,  # a bigger model on a server may explain "why" in its own words
    )


def cli_answerer(settings: Settings, notify: Notify, progress_line) -> Answerer:
    """The corpus index and a loaded model, for a command that answers on the command line."""
    indexed = open_corpus(settings, notify)
    try:
        model = open_model(settings, notify, progress_line)
    finally:
        progress_line.close()
    model.load()
    notice = getattr(model, "notice", None)  # how a local model was loaded (answering/extra_bufts.py)
    if notice:
        notify(notice)
    if settings.n_gpu_layers and not settings.server and not getattr(model, "gpu_offload_supported", True):
        notify("this llama-cpp-python build has no GPU support; running on the CPU (see README: GPU)")
    return Answerer(indexed.index, model, answer_settings(settings))
