"""A small JSON Schema checker for the subset the API's own schemas use.

Request bodies are checked against the very schemas published in the OpenAPI document, so the
document and the server cannot disagree. The subset: type (one or a list), properties, required,
additionalProperties (bool), enum, minLength/maxLength, pattern, minimum/maximum,
minItems/maxItems, items and format date-time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from platform_server.wire import parse_ts

Schema = dict[str, Any]


def validate(value: Any, schema: Schema, where: str = "body") -> list[str]:
    """Return a list of human-readable problems; empty when `value` fits `schema`."""
    problems: list[str] = []
    _check(value, schema, where, problems)
    return problems


# bool before int: in Python a bool is an int, in JSON it is not.
_PY_TO_JSON: tuple[tuple[type, str], ...] = (
    (type(None), "null"),
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _json_type(value: Any) -> str:
    for python_type, name in _PY_TO_JSON:
        if isinstance(value, python_type):
            return name
    return "unknown"


def _type_matches(value: Any, wanted: str) -> bool:
    actual = _json_type(value)
    if wanted == actual:
        return True
    if wanted == "number" and actual == "integer":
        return True
    return wanted == "integer" and actual == "number" and float(value).is_integer()


@lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _matches(pattern: str, value: str) -> bool:
    """ECMAScript semantics for anchored patterns: Python's `$` also matches before a final
    newline, so `^…$` is checked as a full match instead."""
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return _pattern(pattern[1:-1]).fullmatch(value) is not None
    return _pattern(pattern).search(value) is not None


def _check(value: Any, schema: Schema, where: str, problems: list[str]) -> None:
    wanted = schema.get("type")
    if wanted is not None:
        types = wanted if isinstance(wanted, list) else [wanted]
        if not any(_type_matches(value, t) for t in types):
            problems.append(f"{where}: must be {' or '.join(types)}")
            return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(repr(c) for c in schema["enum"])
        problems.append(f"{where}: must be one of {choices}")
        return
    if isinstance(value, str):
        _check_string(value, schema, where, problems)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, schema, where, problems)
    elif isinstance(value, list):
        _check_array(value, schema, where, problems)
    elif isinstance(value, dict):
        _check_object(value, schema, where, problems)


def _check_string(value: str, schema: Schema, where: str, problems: list[str]) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(f"{where}: contains characters that are not valid Unicode")
        return
    if "minLength" in schema and len(value) < schema["minLength"]:
        problems.append(f"{where}: must have at least {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"{where}: must have at most {schema['maxLength']} characters")
    if "pattern" in schema and not _matches(schema["pattern"], value):
        problems.append(f"{where}: has the wrong form")
    if schema.get("format") == "date-time" and parse_ts(value) is None:
        problems.append(f"{where}: must be an ISO 8601 date-time with time zone")


def _check_number(value: float, schema: Schema, where: str, problems: list[str]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: must be at least {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{where}: must be at most {schema['maximum']}")


def _check_array(value: list[Any], schema: Schema, where: str, problems: list[str]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        problems.append(f"{where}: must have at least {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        problems.append(f"{where}: must have at most {schema['maxItems']} items")
    items = schema.get("items")
    if items is not None:
        for index, item in enumerate(value):
            _check(item, items, f"{where}[{index}]", problems)


def _check_object(value: dict[str, Any], schema: Schema, where: str, problems: list[str]) -> None:
    properties: dict[str, Schema] = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            problems.append(f"{where}.{name}: is required")
    for name, item in value.items():
        if name in properties:
            _check(item, properties[name], f"{where}.{name}", problems)
        elif schema.get("additionalProperties") is False:
            problems.append(f"{where}.{name}: is not allowed")
        else:
            _check_string(name, {}, f"{where} key", problems)
