"""Settings from the command line, DOCENT_* variables and the config file, in that order of precedence."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping


class SettingsError(Exception):
    """A value the user gave is not acceptable; the message names it."""


def _int_in(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError("must be a whole number")
        number = int(value)
        if not low <= number <= high:
            raise ValueError(f"must be from {low} to {high}")
        return number

    return check


def _float_in(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError("must be a number")
        number = float(value)
        if not low <= number <= high:
            raise ValueError(f"must be from {low} to {high}")
        return number

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        return value.lower() in {"1", "true", "yes", "on"}
    raise ValueError("must be true or false")


@dataclass(frozen=True)
class Settings:
    corpus: str | None = None
    model: str | None = None
    top_k: int = 4
    n_gpu_layers: int = 0
    threads: int | None = None
    ctx: int = 2048
    max_tokens: int = 96
    temperature: float = 0.0
    offline: bool = False
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # key -> where it came from


SETTING_KEYS = ("corpus", "model", "top_k", "n_gpu_layers", "threads", "ctx", "max_tokens", "temperature", "offline")

CHECKS: dict[str, Callable[[Any], Any]] = {  # one per key of SETTING_KEYS
    "corpus": _text,
    "model": _text,
    "top_k": _int_in(1, 100),
    "n_gpu_layers": _int_in(-1, 10_000),
    "threads": _int_in(1, 512),
    "ctx": _int_in(128, 1_048_576),
    "max_tokens": _int_in(1, 32_768),
    "temperature": _float_in(0.0, 5.0),
    "offline": _flag,
}


def check_value(key: str, value: Any, origin: str) -> Any:
    try:
        return CHECKS[key](value)
    except (ValueError, TypeError) as error:
        raise SettingsError(f"{origin}: {key} {error}") from None


def load_config(path: Path) -> dict[str, Any]:
    """The settings in a TOML config file; none when the file does not exist."""
    if not path.is_file():
        return {}
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise SettingsError(f"{path}: {error}") from None
    unknown = sorted(set(data) - set(CHECKS))
    if unknown:
        raise SettingsError(f"{path}: unknown key {unknown[0]!r}")
    return {key: check_value(key, value, str(path)) for key, value in data.items()}


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
    return Settings(**values, sources=sources)


def resolve_settings(cli: Mapping[str, Any], config_path: Path, environ: Mapping[str, str] = os.environ) -> Settings:
    return merge(cli, environ, load_config(config_path))
