"""The narrow encodings of integer columns read back exactly the values written."""

from __future__ import annotations

import numpy as np
import pytest

from docent.retrieval.small_ints import ESCAPE, escaped, narrowest, optional, unescaped, zeros_if_empty


@pytest.mark.parametrize(("largest", "dtype"), [(0, np.uint8), (255, np.uint8), (256, np.uint16),
                                                (65536, np.uint32), (2**32, np.int64)])
def test_narrowest_picks_the_smallest_type_that_holds_the_largest(largest, dtype):
    values = np.array([0, 7, largest], dtype=np.int64)
    narrowed = narrowest(values)
    assert narrowed.dtype == dtype and narrowed.tolist() == values.tolist()


def test_narrowest_refuses_negative_values():
    with pytest.raises(ValueError):
        narrowest(np.array([3, -1]))


@pytest.mark.parametrize("seed", range(5))
def test_escaped_values_read_back_exactly(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 300, size=1000) ** rng.integers(1, 3, size=1000)  # some far beyond a byte
    codes, at, big = escaped(values)
    assert codes.dtype == np.uint8 and len(big) == int((values >= ESCAPE).sum())
    assert unescaped(codes, at, big).tolist() == values.tolist()


def test_escaping_nothing_keeps_nothing_aside():
    codes, at, big = escaped(np.array([1, 254, 0]))
    assert len(at) == len(big) == 0 and unescaped(codes, at, big).tolist() == [1, 254, 0]


def test_an_optional_column_of_zeros_is_stored_empty_and_reads_as_zeros():
    assert len(optional(np.zeros(10, dtype=np.int64))) == 0
    assert zeros_if_empty(optional(np.zeros(10, dtype=np.int64)), 2, 5).tolist() == [0, 0, 0]
    stored = optional(np.array([0, 3, 0, 9]))
    assert zeros_if_empty(stored, 1, 4).tolist() == [3, 0, 9]
