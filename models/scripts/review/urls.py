"""Where an address leads, read the way a browser reads it (WHATWG URL rules), not the way
`urllib.parse` does: `https:\\\\evil.example`, `https://known.example@evil.example` and
`https://known.example.evil.example` must all land on evil.example or be refused.

An address may be only partly known (its leading text, `prefix`, was literal and the rest was
built at run time): the host counts as known only when the prefix reaches past it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_SPECIAL = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Target:
    """kind: web (a host), relative (the current page's host), javascript, blank, other
    (data:, file:, blob:...) or unknown (the review cannot tell where it goes)."""

    kind: str
    scheme: str = ""
    host: str = ""
    port: int | None = None
    detail: str = ""  # why it is unknown, or the code of a javascript: address

    @property
    def origin(self) -> str:
        if self.kind == "web":
            port = f":{self.port}" if self.port is not None else ""
            return f"{self.scheme}://{self.host}{port}"
        return "about:blank" if self.kind == "blank" else "?"

    def safe(self, known_hosts: frozenset[str]) -> bool:
        return (
            self.kind == "web"
            and self.scheme == "https"
            and self.host in known_hosts
            and self.port in (None, 443)
        )


def parse(prefix: str, complete: bool) -> Target:
    """The target of an address whose first characters are `prefix` (all of it if complete)."""
    # Browsers drop leading and trailing spaces and controls, and tabs and newlines anywhere.
    text = prefix.lstrip(_C0_AND_SPACE)
    text = text.translate(_TAB_OR_NEWLINE)
    if complete:
        text = text.rstrip(_C0_AND_SPACE)
    scheme = _SCHEME.match(text)
    if scheme is None:
        return _relative(text, complete)
    name = scheme.group(1).lower()
    rest = text[scheme.end() :]
    if name == "javascript":
        return Target("javascript", name, detail=rest)
    if name == "about" and rest.lower().startswith("blank") and complete:
        return Target("blank", name)
    if name not in _SPECIAL:
        return Target("other", name, detail=f"a {name}: address")
    # Special schemes skip any run of slashes and backslashes before the host.
    authority_start = len(rest) - len(rest.lstrip("/\\"))
    rest = rest[authority_start:]
    end = next((i for i, c in enumerate(rest) if c in "/\\?#"), None)
    if end is None and not complete:
        return Target("unknown", name, detail="its host is built at run time")
    authority = rest if end is None else rest[:end]
    if "@" in authority:
        return Target("unknown", name, detail="it holds a user name, which can hide the real host")
    host, port = authority, None
    if ":" in authority and not authority.startswith("["):
        host, _, port_text = authority.rpartition(":")
        if port_text:
            if not port_text.isdigit() or len(port_text) > 5:
                return Target("unknown", name, detail="its port cannot be read")
            port = int(port_text)
            port = None if port == _SPECIAL[name] else port
    host = host.lower().rstrip(".")
    if not _HOST.fullmatch(host):
        return Target("unknown", name, detail="its host is not a plain host name")
    return Target("web", name, host, port)


def _relative(text: str, complete: bool) -> Target:
    if text.startswith(("//", "\\\\", "/\\", "\\/")):
        return parse("https:" + text, complete)  # protocol-relative: a host of its own
    if text[:1] in ("/", "?", "#") and len(text) > 1:
        return Target("relative")
    if complete and (text[:1] in ("/", "?", "#") or ":" not in text):
        return Target("relative")
    # "" + x, "/" + x, "us" + x: x may start a host or a scheme of its own.
    return Target("unknown", detail="it is built at run time")


def host_of(url: str) -> str | None:
    target = parse(url, complete=True)
    return target.host if target.kind == "web" else None


URL_IN_TEXT = re.compile(r"(?:https?|wss?):(?:/|\\)+[^\s'\"`<>)\\/]+", re.IGNORECASE)


def hosts_in_text(text: str) -> list[str]:
    """Hosts of the absolute addresses written out in a text (for JavaScript and HTML)."""
    hosts = []
    for match in URL_IN_TEXT.finditer(text):
        host = host_of(match.group(0) + "/")
        if host and host not in hosts:
            hosts.append(host)
    return hosts
