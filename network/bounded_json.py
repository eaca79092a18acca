"""JSON from the other side, parsed within bounds: size, nesting depth, finite numbers only.

Python's `json.loads` recurses once per nesting level: ten kilobytes of `[` raise
`RecursionError`, which is no `ValueError` and escaped from the control channel's parser into
aiortc's DTLS loop, closing the call (issue 14, finding 2). It also takes `NaN`, `Infinity` and
`1e999` (a float that overflows to infinity). `loads` refuses all of these with `RefusedJsonError`
(a `ValueError`, so callers that drop malformed input drop these too) before `json` recurses:
the nesting is counted first, in one pass without recursion.
"""

from __future__ import annotations

import json
import math
import re

__all__ = ["RefusedJsonError", "loads"]

MAX_INTEGER_DIGITS = 30  # nothing on our wires is near 2**64; a longer number is no number of ours

# A JSON string (escapes included), and the brackets outside strings. An unterminated string
# leaves its quote behind: its brackets then count too, which can only refuse (it is no JSON).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class RefusedJsonError(ValueError):
    """The text is too large, too deep, not JSON, or has a number that is not finite."""


def loads(raw: str | bytes, *, max_chars: int, max_depth: int) -> object:
    """The JSON value of `raw` (UTF-8 when bytes); `RefusedJsonError` when it breaks a bound.

    `max_chars` counts characters of a text, bytes of bytes (decoded only when they fit)."""
    if len(raw) > max_chars:
        raise RefusedJsonError(f"longer than {max_chars} characters")
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise RefusedJsonError("not UTF-8") from exc
    if _depth(text, max_depth) > max_depth:
        raise RefusedJsonError(f"nested deeper than {max_depth}")
    try:
        return json.loads(
            text, parse_constant=_not_a_number, parse_float=_finite, parse_int=_integer
        )
    except RefusedJsonError:
        raise
    except ValueError as exc:
        raise RefusedJsonError(f"not JSON ({str(exc)[:80]})") from exc


def _depth(text: str, give_up_above: int) -> int:
    """How deep arrays and objects nest (stops counting once past `give_up_above`)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > give_up_above:
                break
        else:
            depth -= 1
    return deepest


def _not_a_number(name: str) -> float:
    raise RefusedJsonError(f"{name} is not a finite number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise RefusedJsonError(f"{text[:20]} is not a finite number")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise RefusedJsonError(f"an integer of more than {MAX_INTEGER_DIGITS} digits")
    return int(text)
