"""Give freed memory back to the system between the phases of a big build.

numpy's large temporaries come from the C heap once glibc has raised its mmap threshold, and a heap
keeps what is freed; malloc_trim returns it, so that the next phase's peak does not stack on the last one's.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc
        return None


def release_free_memory() -> None:
    trim = _trim()
    if trim is not None:
        trim(0)
