"""The documents' text, UTF-8, deflated in blocks of 4 KB: a passage decompresses one block or two.

Every block is compressed with the same preset dictionary, pieces of the text sampled from its first
batch (stored once, as text.zdict): words and markup that recur across the corpus then compress even in a
block's first bytes. On python-rst's text a 16 KB dictionary stores it in 12% fewer bytes than plain blocks
(measured with 8 KB blocks). The blocks are raw deflate streams, without zlib's header and checksum (the index file has its own):
zlib checks a dictionary's Adler-32 before using it, 16 KB of it for every block read, which was a fifth of
a passage's read. Decompression stops at the bytes asked for.

Reading a passage-sized range at random from python-rst's text (8.1 MB of it, 16 KB dictionary, this machine):
zlib-wrapped 8 KB blocks 21.9 us and 2.56 MB; raw 8 KB 16.7 us and 2.55 MB; raw 4 KB 10.3 us and 2.68 MB;
raw 2 KB 7.6 us and 2.86 MB. 4 KB halves the time for 5% more bytes. (zstd with a trained dictionary, the
zstandard package: 6.7 us and 2.73 MB at 4 KB, not enough better to add a dependency.)

The blocks are compressed by a few threads at once (zlib releases the GIL); the last blocks read are kept
decompressed, so the passages of one answer, usually from one or two documents, cost one decompression.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import numpy as np

BLOCK_BYTES = 4 * 1024
LEVEL = 6
RAW = -15  # wbits: a raw deflate stream with zlib's largest window
CACHED_BLOCKS = 32  # 128 KB
THREADS = 2
ARRAY_NAMES = ("text.blocks", "text.block_ptr", "text.size", "text.zdict")
# 16 KB: on python-rst's text, 12.2% fewer bytes than plain blocks for 1.7x the compression time; 32 KB (zlib's
# window, the most it uses) saves 14.7% for 2.2x, and whole rewrites of a big index pay for it.
DICTIONARY_BYTES = 16 * 1024
DICTIONARY_PIECE = 256  # sampled in pieces of this size, evenly spread over the first batch
DICTIONARY_SHARE = 8  # at most an eighth of the text it is sampled from (a small corpus gains little)
MIN_DICTIONARY = 1024


def compress_text(text: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays that hold text (uint8), block by block."""
    writer = TextWriter()
    writer.append(text)
    return writer.finish()


class TextWriter:
    """Text appended piece by piece and compressed as it comes, a batch of whole blocks at a time: the same
    arrays as compress_text of the whole, without holding the whole uncompressed."""

    BATCH_BLOCKS = 256

    def __init__(self) -> None:
        self._pending = bytearray()
        self._blocks: list[bytes] = []
        self._size = 0
        self._zdict: bytes | None = None  # chosen from the first text compressed
        self._primed: zlib._Compress | None = None  # a compressor that has read the dictionary, to copy per block

    def append(self, text: np.ndarray | bytes) -> None:
        raw = np.ascontiguousarray(text, dtype=np.uint8).data.cast("B") if isinstance(text, np.ndarray) else text
        self._pending += raw
        self._size += len(raw)
        if len(self._pending) >= self.BATCH_BLOCKS * BLOCK_BYTES:
            whole = len(self._pending) // BLOCK_BYTES * BLOCK_BYTES
            self._compress(memoryview(self._pending)[:whole])
            del self._pending[:whole]

    def _compress(self, raw: memoryview) -> None:
        if self._zdict is None:
            self._zdict = sampled_dictionary(raw[:self.BATCH_BLOCKS * BLOCK_BYTES])  # as streamed or whole
            self._primed = _compressor(self._zdict) if self._zdict else None
        pieces = [raw[i:i + BLOCK_BYTES] for i in range(0, len(raw), BLOCK_BYTES)]
        with ThreadPoolExecutor(THREADS) as pool:
            self._blocks.extend(pool.map(self._block, pieces))
        del pieces

    def _block(self, piece: memoryview) -> bytes:
        """compress_block(piece, dictionary), from a copy of the primed compressor: the same bytes, without
        reading the dictionary again (a tenth less time)."""
        if self._primed is None:
            return compress_block(piece, b"")
        compressor = self._primed.copy()
        return compressor.compress(piece) + compressor.flush()

    def finish(self) -> dict[str, np.ndarray]:
        """The arrays of all the text appended."""
        self._compress(memoryview(bytes(self._pending)))
        self._pending = bytearray()
        ptr = np.zeros(len(self._blocks) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in self._blocks], out=ptr[1:])
        joined = np.frombuffer(b"".join(self._blocks), dtype=np.uint8)
        self._blocks = []
        zdict = np.frombuffer(self._zdict or b"", dtype=np.uint8)
        return {"text.blocks": joined, "text.block_ptr": ptr, "text.size": np.array([self._size], dtype=np.int64),
                "text.zdict": zdict}


def sampled_dictionary(raw: memoryview) -> bytes:
    """Pieces of raw, evenly spread, as zlib's preset dictionary; empty for a text too short to gain from one."""
    size = min(DICTIONARY_BYTES, len(raw) // DICTIONARY_SHARE) // DICTIONARY_PIECE * DICTIONARY_PIECE
    if size < MIN_DICTIONARY:
        return b""
    count = size // DICTIONARY_PIECE
    step = (len(raw) - DICTIONARY_PIECE) // count
    return b"".join(bytes(raw[i * step:i * step + DICTIONARY_PIECE]) for i in range(count))


def compress_block(piece: memoryview | bytes, zdict: bytes) -> bytes:
    compressor = _compressor(zdict)
    return compressor.compress(piece) + compressor.flush()


def _compressor(zdict: bytes) -> zlib._Compress:
    return zlib.compressobj(LEVEL, zlib.DEFLATED, RAW, zdict=zdict) if zdict else zlib.compressobj(LEVEL, zlib.DEFLATED, RAW)


class TextBlocks:
    """Byte ranges of the stored text, decompressed on demand."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._blocks, self._ptr = arrays["text.blocks"], arrays["text.block_ptr"]
        self.size = int(arrays["text.size"][0])
        self._zdict = arrays["text.zdict"].tobytes()
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def _block(self, i: int, need: int = BLOCK_BYTES) -> bytes:
        """Block i's first need bytes at least (the whole block when it is shorter). Decompression stops once
        it has them: a passage in the first half of a block costs half a block."""
        with self._lock:
            block = self._cache.get(i)
            if block is not None and (len(block) >= need or len(block) == self._length(i)):
                self._cache.move_to_end(i)
                return block
        data = self._blocks[self._ptr[i]:self._ptr[i + 1]].data
        decompressor = zlib.decompressobj(RAW, zdict=self._zdict) if self._zdict else zlib.decompressobj(RAW)
        block = decompressor.decompress(data, need)
        with self._lock:
            self._cache[i] = block
            self._cache.move_to_end(i)
            if len(self._cache) > CACHED_BLOCKS:
                self._cache.popitem(last=False)
        return block

    def _length(self, i: int) -> int:
        """How many bytes block i holds (every block is whole but the last)."""
        return min(BLOCK_BYTES, self.size - i * BLOCK_BYTES)

    def bytes(self, start: int, end: int) -> bytes:
        """The text's bytes [start, end)."""
        if end <= start:
            return b""
        first, last = start // BLOCK_BYTES, (end - 1) // BLOCK_BYTES
        offset = first * BLOCK_BYTES
        if first == last:
            return self._block(first, end - offset)[start - offset:end - offset]
        joined = b"".join(self._block(i) for i in range(first, last)) + self._block(last, end - last * BLOCK_BYTES)
        return joined[start - offset:end - offset]

    def array(self, start: int, end: int) -> np.ndarray:
        return np.frombuffer(self.bytes(start, end), dtype=np.uint8)
