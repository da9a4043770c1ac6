"""What-if changes to a policy document, addressed by dotted paths.

`rules.semester-offline.min` is the `min` of the rule whose id is `semester-offline`; in any
list, an element is found by its `id` (or, for semesters, its `name`), or by its index written
as in the engine's messages (`rules[3].min`). A tuple of segments addresses ids that contain a
dot. The changed document is validated by the engine, not here.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union

import numpy as np

Segment = Union[str, int]
ChangePath = Union[str, tuple[Segment, ...]]


class _Remove:
    def __repr__(self) -> str:
        return "yanxiu.REMOVE"


REMOVE: Any = _Remove()
"""A change's value that removes the key or list element its path names."""

_PATH = re.compile(r"[^.\[\]]+(\[\d+\])*(\.[^.\[\]]+(\[\d+\])*)*")
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def apply_changes(document: dict[str, Any], changes: Mapping[ChangePath, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    for path, value in changes.items():
        segments = _segments(path)
        parent = changed
        for depth, segment in enumerate(segments[:-1]):
            parent = _child(parent, segment, path, segments[:depth])
        _assign(parent, segments[-1], value, path, segments[:-1])
    return changed


def _segments(path: ChangePath) -> list[Segment]:
    if isinstance(path, tuple):
        if not path:
            raise ValueError("with_changes: an empty path")
        return list(path)
    if not isinstance(path, str):
        raise TypeError(f"with_changes: a path is a str or a tuple, not {type(path).__name__}")
    if not _PATH.fullmatch(path):
        raise ValueError(f'with_changes: "{path}" is not a path like "rules.semester-offline.min"')
    return [name if name else int(index) for name, index in _TOKEN.findall(path)]


def _where(segments: list[Segment]) -> str:
    where = ""
    for segment in segments:
        where += f"[{segment}]" if isinstance(segment, int) else ("." if where else "") + segment
    return where or "the policy"


def _not_found(path: ChangePath, problem: str, choices: list[str], wanted: str) -> ValueError:
    hint = ""
    close = difflib.get_close_matches(wanted, choices, n=1)
    if close:
        hint = f'; did you mean "{close[0]}"?'
    elif choices:
        hint = f" (there are: {', '.join(choices)})"
    return ValueError(f'with_changes: "{_display(path)}": {problem}{hint}')


def _display(path: ChangePath) -> str:
    return path if isinstance(path, str) else ".".join(str(s) for s in path)


def _element_names(items: list[Any]) -> list[str]:
    return [str(item.get("id", item.get("name"))) for item in items
            if isinstance(item, dict) and ("id" in item or "name" in item)]


def _index(items: list[Any], segment: Segment, path: ChangePath, at: list[Segment]) -> int:
    if isinstance(segment, int) or (isinstance(segment, str) and segment.isdigit()
                                    and segment not in _element_names(items)):
        index = int(segment)
        if not 0 <= index < len(items):
            raise ValueError(f'with_changes: "{_display(path)}": {_where(at)} has '
                             f"{len(items)} elements, no [{index}]")
        return index
    for key in ("id", "name"):
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get(key) == segment:
                return index
    raise _not_found(path, f'{_where(at)} has no element with id "{segment}"',
                     _element_names(items), str(segment))


def _child(node: Any, segment: Segment, path: ChangePath, at: list[Segment]) -> Any:
    if isinstance(node, dict):
        if segment not in node:
            raise _not_found(path, f'{_where(at)} has no key "{segment}"', list(node),
                             str(segment))
        return node[segment]
    if isinstance(node, list):
        return node[_index(node, segment, path, at)]
    raise ValueError(f'with_changes: "{_display(path)}": {_where(at)} is a value, '
                     "not an object or a list")


def _assign(parent: Any, segment: Segment, value: Any, path: ChangePath,
            at: list[Segment]) -> None:
    if isinstance(parent, dict):
        if value is REMOVE:
            if segment not in parent:
                raise _not_found(path, f'{_where(at)} has no key "{segment}" to remove',
                                 list(parent), str(segment))
            del parent[segment]
        else:
            parent[segment] = _json_value(value)  # a new key too: the engine says if it is known
    elif isinstance(parent, list):
        index = _index(parent, segment, path, at)
        if value is REMOVE:
            del parent[index]
        else:
            parent[index] = _json_value(value)
    else:
        raise ValueError(f'with_changes: "{_display(path)}": {_where(at)} is a value, '
                         "not an object or a list")


def _json_value(value: Any) -> Any:
    """A value as JSON writes it. Hours given as Decimal stay exact: at most twelve integer
    digits and two decimals, which a float's shortest text reproduces digit for digit."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value
