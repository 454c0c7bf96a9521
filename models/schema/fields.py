"""Peewee fields that carry what validation needs: the format, the allowed values, the bounds."""

from __future__ import annotations

import json
from typing import Any

from peewee import BlobField, BooleanField, FloatField, IntegerField, TextField


class TimestampField(TextField):
    """UTC `YYYY-MM-DDTHH:MM:SSZ`."""

    value_kind = "timestamp"


class DateTextField(TextField):
    """UTC day `YYYY-MM-DD`."""

    value_kind = "date"


class JsonTextField(TextField):
    """JSON kept as text; readers parse it themselves and survive invalid text."""

    value_kind = "json"

    def db_value(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class EnumField(TextField):
    value_kind = "enum"

    def __init__(self, values: tuple[str, ...], **kwargs: Any) -> None:
        self.values = values
        super().__init__(**kwargs)


class BoolField(BooleanField):
    value_kind = "bool"


class BoundedIntegerField(IntegerField):
    value_kind = "int"

    def __init__(self, low: int | None = None, high: int | None = None, **kwargs: Any) -> None:
        self.low, self.high = low, high
        super().__init__(**kwargs)


class BoundedFloatField(FloatField):
    value_kind = "float"

    def __init__(self, low: float | None = None, high: float | None = None, **kwargs: Any) -> None:
        self.low, self.high = low, high
        super().__init__(**kwargs)


class SecretBlobField(BlobField):
    """Ciphertext: never exported, never shown."""

    value_kind = "secret"
