"""Typed access to parsed JSON: the value a reader expects, or that reader's own error.

JSON we did not write in this run (CourtListener's and GovInfo's answers, records read back
from the archive) is checked value by value as it is read, so a changed shape ends as the
reader's typed error naming the field (`CourtListenerChanged`, `GovInfoChanged`,
`MalformedRecord`), never as a KeyError or a wrong value further on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

T = TypeVar("T")
_SHOWN = 60  # characters of a wrong scalar value quoted in an error


def json_object(value: Any, what: str, error: type[Exception]) -> dict[str, Any]:
    """`value` when it is a JSON object, `what` naming it in the error.

    Raises:
        error: `value` is anything else.
    """
    if not isinstance(value, dict):
        raise error(f"{what} is a JSON {type(value).__name__}, not an object")
    return value


@overload
def optional(obj: Mapping[str, Any], key: str, kind: type[T], error: type[Exception], what: str = "") -> T | None: ...
@overload
def optional(
    obj: Mapping[str, Any], key: str, kind: tuple[type, ...], error: type[Exception], what: str = ""
) -> Any: ...
def optional(
    obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], error: type[Exception], what: str = ""
) -> Any:
    """`obj[key]`, None when absent or null, else of `kind` (a bool is no number).

    Raises:
        error: `obj[key]` is of another kind.
    """
    value = obj.get(key)
    if value is None:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        place = f"{what}: {key}" if what else key
        raise error(f"{place} is {_shown(value)}, not {' or '.join(k.__name__ for k in kinds)}")
    return value


def required(obj: Mapping[str, Any], key: str, kind: type[T], error: type[Exception], what: str = "") -> T:
    """`obj[key]`, which must be there, not null, and of `kind` (a bool is no number).

    Raises:
        error: `obj[key]` is absent, null or of another kind; absent, the error lists the keys
            `obj` has.
    """
    value = optional(obj, key, kind, error, what)
    if value is None:
        raise error(f"{what or 'the object'} has no {kind.__name__} {key!r}; it has {sorted(obj)}")
    return value


def _shown(value: Any) -> str:
    """A wrong value as an error shows it: a container by its type, a scalar as written."""
    if isinstance(value, dict | list):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
