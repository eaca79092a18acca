"""JSON from the other side within bounds: size, depth, finite numbers (`network.bounded_json`)."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network.bounded_json import RefusedJsonError, loads


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_plain_json_is_read() -> None:
    text = '{"a": [1, 2.5, "x", null, true], "b": {"c": "[[[{{{"}}'
    assert loads(text, max_chars=100, max_depth=2) == json.loads(text)
    assert loads(text.encode(), max_chars=100, max_depth=2) == json.loads(text)


def test_depth_counts_arrays_and_objects_but_not_brackets_in_strings() -> None:
    assert loads(nested(8), max_chars=100, max_depth=8) == json.loads(nested(8))
    with pytest.raises(RefusedJsonError, match="nested deeper than 7"):
        loads(nested(8), max_chars=100, max_depth=7)
    tricky = json.dumps({"s": 'he said \\"[[[[[[" and {{{{', "t": [["\\\\"]]})
    assert loads(tricky, max_chars=200, max_depth=3) == json.loads(tricky)


def test_far_past_the_recursion_limit_is_refused_not_raised() -> None:
    deep = nested(sys.getrecursionlimit() * 20)
    with pytest.raises(RefusedJsonError):
        loads(deep, max_chars=len(deep), max_depth=32)


@pytest.mark.parametrize(
    "text", ["NaN", "[Infinity]", '{"a": -Infinity}', "1e999", "[-1e400]", "1" * 31]
)
def test_numbers_that_are_not_finite_or_absurd_are_refused(text: str) -> None:
    with pytest.raises(RefusedJsonError):
        loads(text, max_chars=100, max_depth=4)


@pytest.mark.parametrize(
    ("raw", "why"),
    [("x" * 101, "longer than 100"), (b"\xff", "not UTF-8"), ("{'a': 1}", "not JSON")],
)
def test_too_large_or_not_json(raw: str | bytes, why: str) -> None:
    with pytest.raises(RefusedJsonError, match=why):
        loads(raw, max_chars=100, max_depth=4)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=300)
@given(text=st.one_of(st.text(max_size=300), _json.map(json.dumps)), depth=st.integers(1, 12))
def test_any_text_is_json_within_bounds_or_refused(text: str, depth: int) -> None:
    """Never anything but a value or RefusedJsonError; a value is one json would read too."""
    try:
        value = loads(text, max_chars=10_000, max_depth=depth)
    except RefusedJsonError:
        return
    assert json.dumps(value, allow_nan=False) is not None  # finite numbers only
    assert value == json.loads(text)
