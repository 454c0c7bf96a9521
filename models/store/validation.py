"""Turning a row from outside (JSON Lines, the GUI, a collector) into values the schema accepts.

Converters are built once per table from the Peewee fields, so a million rows cost one
dictionary walk each. Error messages name the column and never echo the value, which
might be a secret typed into the wrong place.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from peewee import Field, ForeignKeyField

from automation_admin.models.schema.fields import SecretBlobField
from automation_admin.models.store.db import BaseModel
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.ids import is_uuid, uuid7
from automation_admin.models.store.jsonview import MAX_DEPTH, too_deep
from automation_admin.models.store.timeutil import parse_date, parse_timestamp
from automation_admin.models.store.write_policy import clean_value, is_guarded

Converter = Callable[[Any], Any]
_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_MISSING = object()
_INT_BITS = 63


class _Refused(Exception):
    """Raised by a converter; becomes a ValidationError that names the column."""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Refused("expected text")
    if "\x00" in value:
        raise _Refused("text cannot hold NUL characters")
    return value


_PLAIN_TEXT = None  # marks a column checked inline in RowValidator.values (the common case)


def _timestamp(value: Any) -> str:
    try:
        parse_timestamp(value)
    except ValueError as exc:
        raise _Refused(str(exc)) from None
    return str(value)


def _date(value: Any) -> str:
    try:
        parse_date(value)
    except ValueError as exc:
        raise _Refused(str(exc)) from None
    return str(value)


def _json(value: Any) -> str:
    if isinstance(value, str):
        if too_deep(value):
            raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels")
        try:
            json.loads(value)
        except ValueError:
            raise _Refused("text is not valid JSON") from None
        except RecursionError:
            raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels") from None
        return value
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except RecursionError:
        raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:
        raise _Refused("JSON cannot hold NaN or Infinity") from None
    if too_deep(text):
        raise _Refused(f"JSON nested deeper than {MAX_DEPTH} levels")
    return text


def _bool(value: Any) -> int:
    if value is True or (value == 1 and not isinstance(value, float)):
        return 1
    if value is False or (value == 0 and not isinstance(value, float)):
        return 0
    raise _Refused("expected true or false")


def _int(low: int | None, high: int | None) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Refused("expected a whole number")
        if value.bit_length() > _INT_BITS:
            raise _Refused("number out of range")
        _check_bounds(value, low, high)
        return value

    return convert


def _float(low: float | None, high: float | None) -> Converter:
    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Refused("expected a number")
        number = float(value)
        if not math.isfinite(number):
            raise _Refused("expected a finite number")
        _check_bounds(number, low, high)
        return number

    return convert


def _check_bounds(value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise _Refused(f"must be at least {low}")
    if high is not None and value > high:
        raise _Refused(f"must be at most {high}")


def _enum(values: tuple[str, ...]) -> Converter:
    allowed = frozenset(values)
    listing = ", ".join(values)

    def convert(value: Any) -> str:
        if value not in allowed:
            raise _Refused(f"not one of: {listing}")
        return str(value)

    return convert


def _uuid(value: Any) -> str:
    if not is_uuid(value):
        raise _Refused("expected a lowercase hyphenated UUID")
    return str(value)


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise _Refused("expected a short lowercase id such as 'openai'")
    return value


def _blob(value: Any) -> bytes:
    if not isinstance(value, bytes):
        raise _Refused("expected bytes")
    return value


def converter_for(field: Field) -> Converter:
    kind = getattr(field, "value_kind", None)
    if kind == "secret":
        return _blob
    if isinstance(field, ForeignKeyField):
        return _slug if field.rel_model._meta.table_name == "providers" else _text
    if field.primary_key:
        return _slug if field.model._meta.table_name == "providers" else _uuid
    if kind == "timestamp":
        return _timestamp
    if kind == "date":
        return _date
    if kind == "json":
        return _json
    if kind == "enum":
        return _enum(field.values)  # type: ignore[attr-defined]
    if kind == "bool":
        return _bool
    if kind == "int":
        return _int(field.low, field.high)  # type: ignore[attr-defined]
    if kind == "float":
        return _float(field.low, field.high)  # type: ignore[attr-defined]
    return _text


class RowValidator:
    """Validates and completes rows for one table; `columns` is the INSERT column order."""

    def __init__(
        self,
        model: type[BaseModel],
        profile_id: str,
        available: set[str] | None = None,
        transform: Callable[[dict[str, Any]], None] | None = None,
        extra_inputs: frozenset[str] = frozenset(),
        trusted_text: bool = False,
    ) -> None:
        """`trusted_text`: the caller has already refused NUL characters (ingest does)."""
        self.model = model
        self.profile_id = profile_id
        self.transform = transform
        fields = [
            f for f in model._meta.sorted_fields if available is None or f.column_name in available
        ]
        self.columns: list[str] = [f.column_name for f in fields]
        self._plan: list[tuple[str, Converter | None, bool, Any]] = []
        for f in fields:
            default = f.default if f.default is not None else _MISSING
            if f.column_name == "id" and f.primary_key and model._meta.table_name != "providers":
                default = uuid7
            if f.column_name == "profile_id":
                default = profile_id
            convert: Converter | None = converter_for(f)
            if convert is _text and trusted_text:
                convert = _PLAIN_TEXT
            self._plan.append((f.column_name, convert, bool(f.null), default))
        self._known = frozenset(self.columns)
        self._guarded = [(i, c) for i, c in enumerate(self.columns) if is_guarded(model, c)]
        secret_columns = {f.column_name for f in fields if isinstance(f, SecretBlobField)}
        # Ciphertext is only ever made here (by `transform`), never taken from outside.
        self._inputs = (self._known - secret_columns) | extra_inputs

    def check_columns(self, data: Mapping[str, Any]) -> None:
        if self._inputs.issuperset(data):
            return
        for number, key in enumerate(data, start=1):
            if key in self._inputs:
                continue
            # Named from the table's own column list, never from the input: a key may be
            # a secret pasted into the wrong place.
            if key in self._known:
                column = next(c for c in self.columns if c == key)
                raise ValidationError(column, "ciphertext cannot be written directly")
            columns = ", ".join(sorted(self._inputs))
            raise ValidationError(
                "?", f"key {number} of the row is not a column of this table ({columns})"
            )

    def values(self, data: dict[str, Any]) -> tuple[Any, ...]:
        """The row's values in `columns` order, or a ValidationError naming the column."""
        self.check_columns(data)
        if self.transform is not None:
            self.transform(data)
        out: list[Any] = []
        for column, convert, nullable, default in self._plan:
            value = data.get(column, _MISSING)
            if value is _MISSING:
                if default is _MISSING:
                    if nullable:
                        out.append(None)
                        continue
                    raise ValidationError(column, "missing required column")
                value = default() if callable(default) else default
            if value is None:
                if not nullable:
                    raise ValidationError(column, "cannot be null")
                out.append(None)
                continue
            if convert is _PLAIN_TEXT:
                if type(value) is not str:
                    raise ValidationError(column, "expected text")
                out.append(value)
                continue
            try:
                out.append(convert(value))
            except _Refused as exc:
                raise ValidationError(column, str(exc)) from None
        for index, column in self._guarded:
            out[index] = clean_value(self.model, column, out[index])
        if (
            "profile_id" in self._known
            and data.get("profile_id", self.profile_id) != self.profile_id
        ):
            raise ValidationError("profile_id", "belongs to another profile")
        return tuple(out)
