"""Key-shape detectors: what they find, what ordinary prose keeps, and linear time on
adversarial text (a property test over texts built from the detectors' own triggers)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation_admin.models.security.redaction import REDACTED, Redactor

PEM_BODY = "MIIEowIBAAKCAQEA7bq3x9mE4Qe1\nq1w2e3r4t5y6u7i8o9p0\n"


@pytest.mark.parametrize(
    "text",
    [
        "key -----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "-----END RSA PRIVATE KEY----- ok",
        "truncated -----BEGIN PRIVATE KEY-----\n" + PEM_BODY,
        "auth: Bearer abcdefghijklmnopqrstuvwx",
        "curl -H 'Authorization: token 0123456789abcdef0123'",
        "password=Sup3rS3cret!9",
        '{"password": "Sup3rS3cret!9"}',
        "export OPENAI_API_KEY=sk-proj-" + "Ab1" * 10,
        "url https://x.example.com/v1?key=abcd1234efgh5678",
        "jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f",
    ],
)
def test_shapes_are_redacted(text: str) -> None:
    scrubbed = Redactor().scrub_text(text)
    assert REDACTED in scrubbed, scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "New token authentication flow for the dashboard",
        "Basic functionality is unchanged; token expiration now 30 days",
        "Use the task-management-endpoint-v2 for bulk jobs",
        "token = response.json()['access_token']",
        "see https://docs.example.com/v1/rate-limits and the password reset page",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b of the SDK",
        "-----BEGIN PUBLIC KEY----- is not secret",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert Redactor().scrub_text(text) == text


def test_private_key_without_footer_is_redacted_to_the_end() -> None:
    text = "before\n-----BEGIN EC PRIVATE KEY-----\n" + PEM_BODY * 3
    assert Redactor().scrub_text(text) == "before\n" + REDACTED


# ---- linear time ------------------------------------------------------------------------

FRAGMENTS = [
    "eyJ",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN ",
    "PRIVATE KEY",
    "-----END ",
    "token",
    "Bearer",
    "basic",
    " ",
    "\t",
    "sk-",
    "sk-ant-",
    "ghp_",
    "github_pat_",
    "SG.",
    "pk.eyJ",
    "AKIA",
    "AIza",
    "xoxb-",
    "sk_live_",
    "password",
    "api_key",
    "=",
    ":",
    '"',
    ".",
    "-",
    "_",
    "a",
    "Z",
    "7",
    "/",
    "+",
    "{{",
]
PROSE = "The provider changed its rate limits and pricing tiers for the v2 API this week. "


def _seconds(redactor: Redactor, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        redactor._scrub_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def _repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5))
def test_scrubbing_time_grows_linearly_on_adversarial_text(parts: list[str]) -> None:
    """Quadrupling the text quadruples the time (about 4 to 6 times with the caches; a
    quadratic detector takes 16 times as long), and the text costs at most a few times
    ordinary prose of the same length.
    Load from other processes only ever inflates a time, so each time is the best of up to
    three rounds, a new round only while a bound is exceeded."""
    redactor = Redactor(["Zq8vN2pLx7RtY4wKb9JmC3sHd6FgA1eU"])
    unit = "".join(parts)
    # Both sizes past the CPU caches, or the smaller one runs from cache and looks cheap.
    texts = (_repeat(unit, 100_000), _repeat(unit, 400_000), _repeat(PROSE, 400_000))
    small = large = prose = float("inf")
    for _ in range(3):
        small, large, prose = (
            min(best, _seconds(redactor, text))
            for best, text in zip((small, large, prose), texts, strict=True)
        )
        growth, ratio = large / max(small, 1e-4), large / prose
        if growth < 11 and ratio < 10:
            break
    assert growth < 11, (unit, growth)
    assert ratio < 10, (unit, ratio)
