"""Validated SQL identifiers and literals shared by the readers and writers."""
from __future__ import annotations

import re

_PART = r"[A-Za-z_][A-Za-z0-9_]*"
_RELATION = re.compile(rf"^{_PART}(\.{_PART}){{0,2}}$")
_COLUMN = re.compile(rf"^{_PART}$")


def is_select(source: str) -> bool:
    head = source.lstrip().split(None, 1)[0].lower() if source.strip() else ""
    return head in ("select", "with", "from", "(")


def relation(name: str) -> str:
    """Return ``name`` quoted part by part, or raise ValueError naming it."""
    if not _RELATION.match(name):
        raise ValueError(f"invalid relation name {name!r}: use schema.table with letters, digits and _")
    return ".".join(f'"{part}"' for part in name.split("."))


def column(name: str) -> str:
    if not _COLUMN.match(name):
        raise ValueError(f"invalid column name {name!r}: use letters, digits and _")
    return f'"{name}"'


def split_relation(name: str) -> tuple[str | None, str]:
    relation(name)
    parts = name.split(".")
    return (parts[-2] if len(parts) > 1 else None), parts[-1]


def string_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
