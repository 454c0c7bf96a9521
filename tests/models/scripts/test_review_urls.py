"""Addresses read the way a browser reads them: tricks that move the real host are caught."""

from __future__ import annotations

import pytest

from automation_admin.models.scripts.review.urls import hosts_in_text, parse

KNOWN = frozenset({"platform.openai.com"})


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://platform.openai.com/usage", "platform.openai.com"),
        ("HTTPS://PLATFORM.OPENAI.COM.", "platform.openai.com"),
        ("https:platform.openai.com/x", "platform.openai.com"),  # no slashes: still the host
        ("https:\\\\evil.example/x", "evil.example"),
        ("https://evil.example\\@platform.openai.com/", "evil.example"),
        ("https://platform.openai.com.evil.example/", "platform.openai.com.evil.example"),
        ("  https://evil.example", "evil.example"),
        ("ht\ttps://evil.example", "evil.example"),  # browsers drop tabs and newlines
        ("//evil.example/x", "evil.example"),
        ("https://evil.example:8443/x", "evil.example"),
    ],
)
def test_the_host_a_browser_would_open(url: str, host: str) -> None:
    target = parse(url, complete=True)
    assert (target.kind, target.host) == ("web", host)


@pytest.mark.parametrize(
    ("url", "complete", "kind"),
    [
        ("https://platform.openai.com@evil.example/", True, "unknown"),  # a user name
        ("https://platform.openai.com", False, "unknown"),  # + ".evil.example" may follow
        ("https://", False, "unknown"),
        ("", False, "unknown"),
        ("/", False, "unknown"),  # "/" + "/evil.example" is another host
        ("/settings/", False, "relative"),
        ("usage", True, "relative"),
        ("javascript:fetch('/x')", True, "javascript"),
        ("data:text/html,<script>x</script>", True, "other"),
        ("file:///etc/passwd", True, "other"),
        ("about:blank", True, "blank"),
        ("https://xn--pltform-oz4c.com/", True, "web"),
        ("https://plätform.openai.com/", True, "unknown"),  # not a plain host name
        ("https://[::1]/", True, "unknown"),
    ],
)
def test_what_cannot_be_read_is_not_guessed(url: str, complete: bool, kind: str) -> None:
    assert parse(url, complete).kind == kind


def test_only_https_on_a_known_host_and_its_usual_port_is_safe() -> None:
    assert parse("https://platform.openai.com/x", True).safe(KNOWN)
    assert parse("https://platform.openai.com:443/x", True).safe(KNOWN)
    assert not parse("http://platform.openai.com/x", True).safe(KNOWN)
    assert not parse("https://platform.openai.com:8443/x", True).safe(KNOWN)
    assert not parse("https://api.openai.com/x", True).safe(KNOWN)
    # the prefix reaches past the host: whatever follows stays on it
    assert parse("https://platform.openai.com/org/", False).safe(KNOWN)


def test_hosts_named_in_javascript() -> None:
    code = "fetch('https://a.example/x'); navigator.sendBeacon(`https://b.example`, k)"
    assert hosts_in_text(code) == ["a.example", "b.example"]
