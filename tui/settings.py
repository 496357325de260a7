"""Settings from the command line, DOCENT_* variables and the config file, in that order of precedence."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SettingsError(Exception):
    """A value the user gave is not acceptable; the message names it."""


def _int_in(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError("must be a whole number")
        try:
            number = int(value)
        except ValueError:
            raise ValueError("must be a whole number") from None
        if not low <= number <= high:
            raise ValueError(f"must be from {low} to {high}")
        return number

    return check


def _float_in(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError("must be a number")
        try:
            number = float(value)
        except ValueError:
            raise ValueError("must be a number") from None
        if not low <= number <= high:
            raise ValueError(f"must be from {low} to {high}")
        return number

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


def _paths(value: Any) -> str | tuple[str, ...]:
    """One path, or several (a list in the config file, --corpus given more than once)."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError("must name at least one path")
        paths = tuple(_text(item) for item in value)
        return paths[0] if len(paths) == 1 else paths
    return _text(value)


def _url(value: Any) -> str:
    """An http(s) base address, without a trailing slash or /v1 (docent adds the endpoint paths)."""
    from urllib.parse import urlsplit

    address = _text(value).strip().rstrip("/")
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address, like http://127.0.0.1:8080")
    if parts.username or parts.password:
        raise ValueError("must not hold a user name or password; put an API key in DOCENT_API_KEY")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query (?...) or fragment (#...)")
    try:
        _ = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number from 0 to 65535") from None
    return address[: -len("/v1")] if address.endswith("/v1") else address


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        return value.lower() in {"1", "true", "yes", "on"}
    raise ValueError("must be true or false")


def _one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.lower() not in choices:
            raise ValueError(f"must be one of: {', '.join(choices)}")
        return value.lower()

    return check


EXTRA_BUFTS_MODES = ("auto", "on", "off")  # auto: as the probe of answering/extra_bufts.py finds


@dataclass(frozen=True)
class Settings:
    collection: str | None = None  # a collection named in the config file's [collections] table
    corpus: str | tuple[str, ...] | None = None  # one folder or file, or several
    model: str | None = None
    top_k: int = 2
    n_gpu_layers: int = 0
    threads: int | None = None
    ctx: int = 2048
    max_tokens: int = 48
    temperature: float = 0.0
    offline: bool = False
    server: str | None = None  # an OpenAI-compatible server to answer with, instead of the local model
    server_model: str | None = None  # the model to ask the server for; None: the first one it lists
    server_ctx: int | None = None  # the server model's context size; None: ask the server
    server_timeout: float = 60.0  # seconds to wait for the server to connect or send the next bytes
    quote_evidence: bool = True  # a reply that fails the grounding check gives way to the evidence quoted
    evidence_sentences: int = 3  # the model sees this many best sentences of the passages; 0: the whole passages
    extra_bufts: str = "auto"  # llama.cpp's extra buffer types (weight repacking): on, off, or as a probe finds
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # key -> where it came from
    collections: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)  # name -> paths


SETTING_KEYS = (
    "collection", "corpus", "model", "top_k", "n_gpu_layers", "threads", "ctx", "max_tokens", "temperature", "offline",
    "server", "server_model", "server_ctx", "server_timeout", "quote_evidence",
    "evidence_sentences", "extra_bufts",
)

CHECKS: dict[str, Callable[[Any], Any]] = {  # one per key of SETTING_KEYS
    "collection": _text,
    "corpus": _paths,
    "model": _text,
    "top_k": _int_in(1, 100),
    "n_gpu_layers": _int_in(-1, 10_000),
    "threads": _int_in(1, 512),
    "ctx": _int_in(128, 1_048_576),
    "max_tokens": _int_in(1, 32_768),
    "temperature": _float_in(0.0, 5.0),
    "offline": _flag,
    "server": _url,
    "server_model": _text,
    "server_ctx": _int_in(128, 1_048_576),
    "server_timeout": _float_in(1.0, 3600.0),
    "quote_evidence": _flag,
    "evidence_sentences": _int_in(0, 50),
    "extra_bufts": _one_of(*EXTRA_BUFTS_MODES),
}


def check_value(key: str, value: Any, origin: str) -> Any:
    try:
        return CHECKS[key](value)
    except (ValueError, TypeError) as error:
        raise SettingsError(f"{origin}: {key} {error}") from None


COLLECTIONS_TABLE = "collections"  # [collections.NAME] tables: not a setting, written by `docent collections`


def read_config(path: Path) -> dict[str, Any]:
    """The TOML config file as it is; empty when the file does not exist."""
    if not path.is_file():
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from None


def load_config(path: Path) -> dict[str, Any]:
    """The settings in a TOML config file, and its collections under COLLECTIONS_TABLE; none when there is no file."""
    from docent.tui.collection_store import parse_collections

    data = read_config(path)
    collections = parse_collections(data.pop(COLLECTIONS_TABLE, {}), path)
    unknown = sorted(set(data) - set(CHECKS))
    if unknown:
        raise SettingsError(f"{path}: unknown key {unknown[0]!r}{_did_you_mean(unknown[0])}")
    return {**{key: check_value(key, value, str(path)) for key, value in data.items()}, COLLECTIONS_TABLE: collections}


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key.replace("-", "_"), SETTING_KEYS, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(SETTING_KEYS)})"


def environment_values(environ: Mapping[str, str]) -> dict[str, Any]:
    values = {}
    for key in CHECKS:
        name = "DOCENT_" + key.upper()
        if environ.get(name, "") != "":
            values[key] = check_value(key, environ[name], name)
    return values


def merge(cli: Mapping[str, Any], environ: Mapping[str, str], config: Mapping[str, Any]) -> Settings:
    """The effective settings, each recording where it came from."""
    values, sources = {}, {}
    layers = (("command line", cli), ("environment", environment_values(environ)), ("config file", config))
    for key in SETTING_KEYS:
        for origin, layer in layers:
            if layer.get(key) is not None:
                values[key], sources[key] = layer[key], origin
                break
        else:
            sources[key] = "default"
    return Settings(**values, sources=sources, collections=dict(config.get(COLLECTIONS_TABLE, {})))


def resolve_settings(cli: Mapping[str, Any], config_path: Path, environ: Mapping[str, str] = os.environ) -> Settings:
    return merge(cli, environ, load_config(config_path))
