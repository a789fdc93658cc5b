"""Study parameters as frozen dataclasses built from the validated config (schema defaults filled in).

A study declares ``@dataclass(frozen=True) class Params`` and builds it with :func:`from_config`; unknown
keys are an error (the schema already rejects them, this guards direct library calls). Lists become tuples
and mappings become read-only, so a ``Params`` is hashable-ish and never changed after it is built.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

T = TypeVar("T")


def frozen(value):
    """``value`` with lists turned into tuples and dicts into read-only mappings, recursively."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    return value


def from_config(cls: type[T], section: Mapping | None, where: str = "config", **extra) -> T:
    """Build the dataclass ``cls`` from a config ``section`` plus ``extra`` fields (e.g. ``seed``).

    Raises ``ValueError`` naming ``where`` and the key when the section holds a key ``cls`` does not know.
    """
    names = {f.name for f in dataclasses.fields(cls)}
    values = {**dict(section or {}), **extra}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(names))}"
        )
    return cls(**{k: frozen(v) for k, v in values.items()})
