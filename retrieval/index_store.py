"""The index file: named numpy arrays and a JSON header in one file, checksummed, memory-mapped on load.

Layout: MAGIC, format version (u32), reserved (u32), header length (u64), JSON header, then the arrays,
each aligned to 64 bytes. The header holds each array's dtype, shape and offset, the caller's metadata,
and the CRC-32 of everything after it. The file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import io
import json
import mmap
import os
import struct
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

MAGIC = b"DOCENTIX"
# 12: the text in raw deflate blocks of 4 KB (text_blocks.py)
# 11: where each document marks inline code (doc.code_ptr, doc.code_z)
# 10: df, passage spans and small columns in their narrowest types, bounds only for long lists
# 9: terms found by their prefixes (no hash table), bounds in float16, no frequencies for terms seen once a passage
# 8: section paths compressed, page columns empty without pages, passage.doc worked out on load
FORMAT_VERSION = 12
_PREFIX = struct.Struct("<8sIIQ")
_ALIGN = 64
_CHUNK = 8 << 20
STALE_TEMP_SECONDS = 3600


class StoreError(Exception):
    """The file is not a usable index: damaged, truncated, or written by another format version."""


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


def _layout(arrays: Mapping[str, np.ndarray]) -> tuple[dict[str, list], int]:
    table, offset = {}, 0
    for name, array in arrays.items():
        table[name] = [array.dtype.str, list(array.shape), offset]
        offset = _aligned(offset + array.nbytes)
    return table, offset


def _data_chunks(arrays: Mapping[str, np.ndarray]) -> Iterator[bytes | memoryview]:
    """The data region, array by array, each padded to the alignment."""
    for array in arrays.values():
        raw = np.ascontiguousarray(array).data.cast("B")
        yield raw
        yield bytes(_aligned(len(raw)) - len(raw))


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file handle whose content replaces path only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files that a killed writer left beside path, older than an hour."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in path.parent.glob(path.name + ".*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def write_store(path: Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, object]) -> int:
    """Write the arrays and metadata to path atomically; the file's size in bytes."""
    table, data_size = _layout(arrays)
    crc = 0
    for chunk in _data_chunks(arrays):
        crc = zlib.crc32(chunk, crc)
    header = json.dumps({"meta": dict(meta), "arrays": table, "data_size": data_size, "crc32": crc}).encode()
    head = _PREFIX.pack(MAGIC, FORMAT_VERSION, 0, len(header)) + header
    head += bytes(_aligned(len(head)) - len(head))
    remove_stale_temporaries(path)
    with atomic_file(path) as handle:
        handle.write(head)
        for chunk in _data_chunks(arrays):
            handle.write(chunk)
    return len(head) + data_size


def _read_header(handle: BinaryIO) -> tuple[dict, int]:
    prefix = handle.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size:
        raise StoreError("damaged (truncated)")
    magic, version, _, header_size = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise StoreError("damaged (not an index file)")
    if version != FORMAT_VERSION:
        raise StoreError(f"from another docent version (format {version}, expected {FORMAT_VERSION})")
    raw = handle.read(header_size)
    try:
        header = json.loads(raw)
        header["arrays"], header["meta"], header["data_size"], header["crc32"]
    except (ValueError, KeyError, TypeError):
        raise StoreError("damaged (header)") from None
    return header, _aligned(_PREFIX.size + header_size)


def _checksum(handle: io.BufferedIOBase, size: int) -> int:
    """CRC-32 of the next size bytes, read through a buffer rather than mapped (keeps RSS low)."""
    buffer, crc, left = bytearray(_CHUNK), 0, size
    view = memoryview(buffer)
    while left:
        got = handle.readinto(view[: min(_CHUNK, left)])
        if not got:
            break
        crc = zlib.crc32(view[:got], crc)
        left -= got
    return crc


def read_store(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata and the arrays (read-only, memory-mapped) of an index file; StoreError if unusable."""
    with open(path, "rb") as handle:
        header, data_start = _read_header(handle)
        size = os.fstat(handle.fileno()).st_size
        if size != data_start + header["data_size"]:
            raise StoreError("damaged (truncated)")
        handle.seek(data_start)
        if _checksum(handle, header["data_size"]) != header["crc32"]:
            raise StoreError("damaged (checksum mismatch)")
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    arrays = {}
    try:
        for name, (dtype, shape, offset) in header["arrays"].items():
            count = int(np.prod(shape, dtype=np.int64))
            array = np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=data_start + offset)
            arrays[name] = array.reshape(shape)
    except (ValueError, TypeError):
        raise StoreError("damaged (array table)") from None
    return header["meta"], arrays
