"""JSON columns written by another program: any nesting reads as a value or as raw text."""

from __future__ import annotations

import pytest

from automation_admin.models.security.redaction import Redactor
from automation_admin.models.store.jsonview import MAX_DEPTH, read_json


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 5000, 100_000])
def test_nesting_too_deep_reads_as_raw_text(depth: int) -> None:
    for text in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        value = read_json(text)
        assert not value.valid and value.raw == text and value.value is None


def test_nesting_within_the_limit_is_parsed() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert read_json(text).valid
    assert read_json('{"a": "[[[[", "b": [1, {"c": "]]]"}]}').valid


def test_scrubbing_deep_json_never_raises() -> None:
    redactor = Redactor(["sk-live-secret-value-123456"])
    for depth in (900, 5000):
        text = '{"k":' * depth + '"sk-live-secret-value-123456"' + "}" * depth
        assert "sk-live-secret-value-123456" not in redactor.scrub_json_text(text)
