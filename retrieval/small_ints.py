"""Non-negative integers stored in as few bytes as they need: the narrowest type that holds them all, or one
byte each with the rare large ones kept aside (escaped)."""

from __future__ import annotations

import numpy as np

UNSIGNED = (np.uint8, np.uint16, np.uint32)
ESCAPE = 255  # a one-byte code of 255 means: the value is aside


def narrowest(values: np.ndarray) -> np.ndarray:
    """values (non-negative) in the narrowest unsigned type that holds the largest, else int64."""
    values = np.asarray(values)
    largest = int(values.max()) if len(values) else 0
    if len(values) and int(values.min()) < 0:
        raise ValueError("narrowest holds non-negative values only")
    for dtype in UNSIGNED:
        if largest <= np.iinfo(dtype).max:
            return values.astype(dtype)
    return values.astype(np.int64)


def escaped(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, at, big): one byte per value, ESCAPE where the value is at least ESCAPE; those values are
    big, at the places at (ascending)."""
    values = np.asarray(values)
    at = np.flatnonzero(values >= ESCAPE)
    codes = np.minimum(values, ESCAPE).astype(np.uint8)
    return codes, narrowest(at), narrowest(values[at])


def unescaped(codes: np.ndarray, at: np.ndarray, big: np.ndarray) -> np.ndarray:
    """The values (int64) that escaped() encoded."""
    values = codes.astype(np.int64)
    values[at.astype(np.int64)] = big
    return values


def optional(values: np.ndarray) -> np.ndarray:
    """values narrowed, or empty when they are all 0 (read back with zeros_if_empty)."""
    values = np.asarray(values)
    return narrowest(values[:0] if not values.any() else values)


def zeros_if_empty(values: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """values[lo:hi] as int64 of an optional() array: zeros when it was stored empty."""
    return values[lo:hi].astype(np.int64) if len(values) else np.zeros(hi - lo, dtype=np.int64)
