"""JavaScript a script hands to the page: never provable, so always "cannot be verified"; this
module only says what the code visibly reaches for, so the warning explains itself.

Reading JavaScript with patterns is not a proof of anything (`window['fe'+'tch']` hides a
fetch): the findings here add detail, they never make the code safe.
"""

from __future__ import annotations

import re

from automation_admin.models.scripts.review.urls import hosts_in_text

_REACHES = (
    (re.compile(r"\bfetch\s*\("), "fetch()"),
    (re.compile(r"XMLHttpRequest"), "XMLHttpRequest"),
    (re.compile(r"sendBeacon"), "sendBeacon()"),
    (re.compile(r"WebSocket"), "a WebSocket"),
    (re.compile(r"EventSource"), "an EventSource"),
    (re.compile(r"new\s+Image\b|\.src\s*=|\.href\s*="), "an image or link address"),
    (re.compile(r"\blocation\b|window\.open\b"), "the page's address"),
    (re.compile(r"\bimport\s*\("), "a dynamic import()"),
    (re.compile(r"\.submit\s*\(|requestSubmit"), "a form submission"),
    (re.compile(r"document\s*\.\s*cookie"), "the page's cookies"),
    (re.compile(r"localStorage|sessionStorage|indexedDB"), "the page's storage"),
    (re.compile(r"postMessage"), "postMessage()"),
    (re.compile(r"\beval\s*\(|\bFunction\s*\(|setTimeout\s*\(\s*['\"`]"), "code built at run time"),
    (re.compile(r"\batob\s*\(|fromCharCode|unescape\s*\(|decodeURI"), "decoded text"),
    (re.compile(r"\[\s*['\"`][^'\"`]*['\"`]\s*\+"), "names built at run time"),
)


def describe(code: str | None, prefix: str = "") -> str:
    """A clause for the warning: what the code reaches for, and the hosts it names."""
    if code is None and not prefix:
        return "; the code itself is built at run time"
    text = code if code is not None else prefix
    reaches = [label for pattern, label in _REACHES if pattern.search(text)]
    hosts = hosts_in_text(text)
    parts = []
    if code is None:
        parts.append("part of the code is built at run time")
    if reaches:
        parts.append("it uses " + _listed(reaches))
    if hosts:
        parts.append("it names " + _listed(hosts))
    return "; " + ", and ".join(parts) if parts else ""


def _listed(words: list[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
