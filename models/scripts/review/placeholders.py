"""Placeholders ({{NAME}}) and which of them carry a credential.

The runner replaces each `{{NAME}}` with a value from the vault before the script runs,
wherever it stands in the text, so a placeholder counts wherever it appears: in a string, in
an f-string (where the source's `{{NAME}}` reads as `{NAME}`), or built at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Inside an f-string's literal parts the source's doubled braces read as single ones.
FSTRING_PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
# Names that say the value is a credential (the list, and three spellings of the same).
CREDENTIAL_WORDS = (
    "KEY",
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSPHRASE",
    "CREDENTIAL",
    "PASSWD",
    "COOKIE",
    "PRIVATE",
)


def placeholders_in(text: str) -> frozenset[str]:
    if "{" not in text:
        return frozenset()
    return frozenset(PLACEHOLDER.findall(text))


def fstring_placeholders_in(text: str) -> frozenset[str]:
    if "{" not in text:
        return frozenset()
    return frozenset(FSTRING_PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class ReviewContext:
    """What the review knows about the script's provider and the vault, from the data layer."""

    provider: str = "the provider"  # display name, for messages
    provider_id: str = ""
    known_hosts: frozenset[str] = frozenset()
    # key_name (upper case) of every vault secret -> the providers that hold a secret by that name
    secret_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    provider_names: Mapping[str, str] = field(default_factory=dict)

    def is_credential(self, name: str) -> bool:
        upper = name.upper()
        return upper in self.secret_names or any(w in upper for w in CREDENTIAL_WORDS)

    def other_owner(self, name: str) -> str | None:
        """The provider(s) a vault secret of this name belongs to, when not this provider."""
        owners = self.secret_names.get(name.upper())
        if not owners or self.provider_id in owners:
            return None
        return ", ".join(sorted(self.provider_names.get(p, p) for p in owners))

    def credentials(self, names: frozenset[str]) -> list[str]:
        return sorted(n for n in names if self.is_credential(n))

    def sites(self) -> str:
        if not self.known_hosts:
            return f"{self.provider} has no known sites"
        return ", ".join(sorted(self.known_hosts))


def shown(names: list[str]) -> str:
    return ", ".join("{{" + n + "}}" for n in names)
