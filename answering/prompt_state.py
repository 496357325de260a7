"""The model's state after a prompt, kept on disk so that the next run starts from it.

Every prompt begins with the same instructions. llama.cpp skips the tokens a new prompt shares with
the one it last evaluated, but a one-shot `docent --ask` is a new process with an empty context, so
it would evaluate the instructions again each time. The state saved after one answer (its tokens and
its context data, a few MB) is restored into the next process before its first prompt; llama.cpp then
evaluates only what differs. A file that is damaged, or written for another model, context size,
llama.cpp, or with extra buffer types on where they are now off (repacked weights run other kernels,
whose results differ in the last bits), is ignored and replaced.
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path

import numpy as np

from docent.retrieval.index_store import atomic_file

MAGIC = b"docent-prompt-state 1\n"


def state_key(model_path: Path, n_ctx: int, n_gpu_layers: int, extra_bufts: bool) -> dict:
    """What a saved state must have been made with to be valid here."""
    import llama_cpp

    stat = model_path.stat()
    return {
        "model": str(model_path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
        "n_ctx": n_ctx, "n_gpu_layers": n_gpu_layers, "llama_cpp": llama_cpp.__version__, "extra_bufts": extra_bufts,
    }


def save(llama, path: Path, key: dict) -> None:
    """Write llama's context state and its tokens to path, atomically."""
    import llama_cpp

    size = llama_cpp.llama_state_get_size(llama._ctx.ctx)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_get_data(llama._ctx.ctx, buffer, size)
    tokens = np.asarray(llama.input_ids[: llama.n_tokens], dtype=np.int32)
    header = json.dumps({**key, "tokens": int(tokens.size), "bytes": int(written)}).encode() + b"\n"
    with atomic_file(path) as out:
        out.write(MAGIC + header + tokens.tobytes() + bytes(buffer)[:written])


def restore(llama, path: Path, key: dict) -> int:
    """Load the state saved at path into a fresh llama; the number of tokens restored, 0 when none."""
    import llama_cpp

    try:
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            return 0
        line_end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC): line_end])
        if {k: header.get(k) for k in key} != key:
            return 0
        start = line_end + 1
        count, n_bytes = int(header["tokens"]), int(header["bytes"])
        tokens = np.frombuffer(data, dtype=np.int32, count=count, offset=start)
        state = data[start + 4 * count:]
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    if len(state) != n_bytes or not 0 < count <= llama.n_ctx():
        return 0
    buffer = (ctypes.c_uint8 * n_bytes).from_buffer_copy(state)
    if llama_cpp.llama_state_set_data(llama._ctx.ctx, buffer, n_bytes) != n_bytes:
        llama.reset()
        return 0
    llama.input_ids[:count] = tokens
    llama.n_tokens = count
    return count
