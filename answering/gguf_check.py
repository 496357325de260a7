"""Check a GGUF file's header against its size before llama.cpp sees it: a truncated file is an error, not a crash."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

GGUF_MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32
_MAX_COUNT = 1 << 32  # more tensors, keys or array items than this: the header is garbage

# Bytes per block and values per block of the ggml tensor types (ggml.h); unknown types only bound the offset.
_TYPE_BLOCKS = {
    0: (4, 1), 1: (2, 1), 2: (18, 32), 3: (20, 32), 6: (22, 32), 7: (24, 32), 8: (34, 32), 9: (36, 32),
    10: (84, 256), 11: (110, 256), 12: (144, 256), 13: (176, 256), 14: (210, 256), 15: (292, 256),
    24: (1, 1), 25: (2, 1), 26: (4, 1), 27: (8, 1), 28: (8, 1), 30: (2, 1),
}
# Sizes of the fixed-width GGUF value types; 8 is a string, 9 an array.
_SCALAR_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
_U64 = struct.Struct("<Q")
_ALIGNMENT_KEY = "general.alignment"
_CUT_SHORT = "not a complete GGUF model file (its header runs past the end; download it again)"


class GgufDamaged(Exception):
    """The file is not a complete GGUF model; the message says why."""


class _Reader:
    def __init__(self, handle: BinaryIO, size: int) -> None:
        self.handle, self.size = handle, size

    def take(self, n: int) -> bytes:
        if n < 0 or self.handle.tell() + n > self.size:
            raise GgufDamaged(_CUT_SHORT)
        return self.handle.read(n)

    def skip(self, n: int) -> None:
        if n < 0 or self.handle.tell() + n > self.size:
            raise GgufDamaged(_CUT_SHORT)
        self.handle.seek(n, 1)

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack("<Q", self.take(8))[0]

    def count(self) -> int:
        n = self.u64()
        if n > _MAX_COUNT:
            raise GgufDamaged("damaged (impossible count in the header)")
        return n

    def string(self) -> str:
        return self.take(self.count()).decode("utf-8", errors="replace")

    def skip_value(self, kind: int) -> None:
        if kind == _STRING:
            self.skip(self.count())
        elif kind == _ARRAY:
            item_kind, n = self.u32(), self.count()
            if item_kind in _SCALAR_SIZES:
                self.skip(_SCALAR_SIZES[item_kind] * n)
            elif item_kind == _STRING:
                self._skip_strings(n)
            else:
                for _ in range(n):
                    self.skip_value(item_kind)
        elif kind in _SCALAR_SIZES:
            self.skip(_SCALAR_SIZES[kind])
        else:
            raise GgufDamaged(f"damaged (unknown value type {kind})")


    def _skip_strings(self, n: int) -> None:
        """Skip n strings in one tight loop: a tokenizer's vocabulary holds tens of thousands."""
        read, seek, length_of = self.handle.read, self.handle.seek, _U64.unpack
        for _ in range(n):
            raw = read(8)
            if len(raw) < 8:
                raise GgufDamaged(_CUT_SHORT)
            (length,) = length_of(raw)
            if length > _MAX_COUNT:
                raise GgufDamaged("damaged (impossible count in the header)")
            seek(length, 1)
        if self.handle.tell() > self.size:
            raise GgufDamaged(_CUT_SHORT)


def _tensor_bytes(kind: int, dims: list[int]) -> int:
    per_block, block = _TYPE_BLOCKS.get(kind, (0, 1))
    elements = 1
    for dim in dims:
        elements *= dim
    return elements // block * per_block


def expected_size(path: Path) -> int:
    """The size in bytes the header says the file has at least; raises GgufDamaged when it cannot be read."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(0)
        reader = _Reader(handle, size)
        if reader.take(4) != GGUF_MAGIC:
            raise GgufDamaged("not a GGUF model file")
        version = reader.u32()
        if version < 2:
            raise GgufDamaged(f"an old GGUF version ({version}) that llama.cpp no longer reads")
        n_tensors, n_keys = reader.count(), reader.count()
        alignment = DEFAULT_ALIGNMENT
        for _ in range(n_keys):
            key, kind = reader.string(), reader.u32()
            if key == _ALIGNMENT_KEY and kind == 4:
                alignment = max(1, reader.u32())
            else:
                reader.skip_value(kind)
        end = 0
        for _ in range(n_tensors):
            reader.string()
            n_dims = reader.u32()
            if n_dims > 8:
                raise GgufDamaged("damaged (a tensor with too many dimensions)")
            dims = [reader.u64() for _ in range(n_dims)]
            kind, offset = reader.u32(), reader.u64()
            end = max(end, offset + max(1, _tensor_bytes(kind, dims)))
        data_start = -(-handle.tell() // alignment) * alignment
        return data_start + end


def check_gguf(path: Path) -> None:
    """Raise GgufDamaged unless path holds a whole GGUF file (header readable, all tensor data present)."""
    needed = expected_size(path)
    actual = Path(path).stat().st_size
    if actual < needed:
        raise GgufDamaged(f"not a complete GGUF model file ({actual:,} of at least {needed:,} bytes; download it again)")
