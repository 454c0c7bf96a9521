"""Common key shapes, credential assignments and long random tokens, found in linear time.

Every pattern is anchored on a left boundary (a lookbehind, so a run of `eyJeyJeyJ…` offers
one start, not one per character) and uses possessive runs (no backtracking into a run), so
the cost per start is bounded by the run it reads and each run is read by a bounded number
of starts. Private keys are found by a scan rather than a lazy `[\\s\\S]*?` body. A pattern
runs only on text holding one of its triggers: a substring test is far cheaper than a regex.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from automation_admin.models.security.matcher import REDACTED
from automation_admin.models.store.ids import UUID_PATTERN

_ENTROPY_MIN_LENGTH = 32
_ENTROPY_MIN_BITS = 3.5
_ENTROPY_SAMPLE = 4096

# Shape: (name, pattern, triggers, needs). Lowercase triggers are looked for in the
# lowercased text. Group 1, when present, is what gets redacted; `needs`, when set, is a
# pattern the redacted part must contain (an all-letter word after "token" is prose).
Shape = tuple[str, str, tuple[str, ...], str | None]
_AFTER_ALNUM = r"(?<![A-Za-z0-9])"
_AFTER_TOKEN_CHAR = r"(?<![A-Za-z0-9_\-])"
_SECRETISH = r"[0-9+/=~!@#$%^*]"

KEY_SHAPES: tuple[Shape, ...] = (
    ("Anthropic key", _AFTER_ALNUM + r"sk-ant-[A-Za-z0-9_\-]{16,}+", ("sk-ant-",), None),
    (
        "OpenAI-style key",
        _AFTER_ALNUM + r"sk-(?:proj-|svcacct-|admin-)?+[A-Za-z0-9_\-]{16,}+",
        ("sk-",),
        None,
    ),
    (
        "Stripe key",
        _AFTER_ALNUM + r"(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}+",
        ("_live_", "_test_"),
        None,
    ),
    (
        "GitHub token",
        _AFTER_ALNUM + r"gh[pousr]_[A-Za-z0-9]{30,}+",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        None,
    ),
    ("GitHub token", _AFTER_ALNUM + r"github_pat_[A-Za-z0-9_]{22,}+", ("github_pat_",), None),
    (
        "AWS access key",
        r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])",
        ("AKIA", "ASIA"),
        None,
    ),
    ("Slack token", _AFTER_ALNUM + r"xox[abposr]-[A-Za-z0-9\-]{10,}+", ("xox",), None),
    (
        "SendGrid key",
        _AFTER_TOKEN_CHAR + r"SG\.[A-Za-z0-9_\-]{16,}+\.[A-Za-z0-9_\-]{16,}+",
        ("SG.",),
        None,
    ),
    ("Google API key", _AFTER_ALNUM + r"AIza[0-9A-Za-z_\-]{30,}+", ("AIza",), None),
    (
        "Mapbox token",
        _AFTER_ALNUM + r"(?:sk|pk)\.eyJ[A-Za-z0-9_\-]++\.[A-Za-z0-9_\-]++",
        (".eyJ",),
        None,
    ),
    ("Twilio key", _AFTER_ALNUM + r"SK[0-9a-f]{32}(?![0-9a-f])", ("SK",), None),
    (
        "JSON web token",
        _AFTER_TOKEN_CHAR + r"eyJ[A-Za-z0-9_\-]{8,}+\.[A-Za-z0-9_\-]{8,}+\.[A-Za-z0-9_\-]{8,}+",
        ("eyJ",),
        None,
    ),
    (
        "bearer token",
        r"(?i:(?<![a-z])bearer)[ \t]{1,16}+([A-Za-z0-9._~+/=\-]{12,}+)",
        ("bearer",),
        None,
    ),
    (
        "bearer token",
        r"(?i:(?<![a-z])(?:token|basic))[ \t]{1,16}+([A-Za-z0-9._~+/=\-]{12,}+)",
        ("token", "basic"),
        _SECRETISH,
    ),
    (
        "credential assignment",
        # The value needs a digit or symbol: `token = response.json()` is code, not a secret.
        # The lookahead lets the engine skip to a possible first letter (twice as fast).
        r"(?=[AaKkSsTtPp])"
        r"(?i:(?<![a-z])(?:api[_\-]?)?key|secret|token|passw(?:or)?d|passphrase|auth)"
        r"[\"']?+[ \t]{0,16}+[:=][ \t]{0,16}+[\"']?+((?!\{\{)[A-Za-z0-9_\-+/=~.!@#$%^*]{8,}+)",
        ("key", "secret", "token", "passw", "passphrase", "auth"),
        _SECRETISH,
    ),
)

_COMPILED = [
    (name, re.compile(pattern), triggers, re.compile(needs) if needs else None)
    for name, pattern, triggers, needs in KEY_SHAPES
]
_ASSIGNMENT = next(i for i, shape in enumerate(KEY_SHAPES) if shape[0] == "credential assignment")
# Triggers, split by case: the blind ones are looked for in the lower-cased text.
_SHAPES_OF: dict[tuple[str, bool], list[int]] = {}
for _index, _shape in enumerate(KEY_SHAPES):
    for _trigger in _shape[2]:
        _SHAPES_OF.setdefault((_trigger, _trigger == _trigger.lower()), []).append(_index)
_BLIND = tuple(t for t, blind in _SHAPES_OF if blind)
_EXACT = tuple(t for t, blind in _SHAPES_OF if not blind)

# Private keys: a header, then everything up to its footer (or to the end of the text: a
# truncated key is still a key). Headers name at most a few words before PRIVATE KEY.
_PEM_BEGIN = re.compile(r"-----BEGIN (?:[A-Z0-9]++ ){0,4}PRIVATE KEY-----")
_PEM_END = re.compile(r"-----END (?:[A-Z0-9]++ ){0,4}PRIVATE KEY-----")
_PEM_TRIGGER = "PRIVATE KEY"

_TOKEN_CHARS = r"A-Za-z0-9_\-+/=.~"
_TOKEN = re.compile(rf"(?<![{_TOKEN_CHARS}])[{_TOKEN_CHARS}]{{{_ENTROPY_MIN_LENGTH},}}+")
_HEXISH = re.compile(r"[0-9a-f\-]++")
# Public identifiers inside a longer token (a backup file name: profile id, version, time).
_IDENTIFIERS = re.compile(rf"{UUID_PATTERN}|\d{{8}}T\d{{6}}Z")
_SEPARATORS = re.compile(r"[/.\-_:~]++")
_WORDS_LOOKED_AT = 64
_DIGIT = re.compile(r"[0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_PLACEHOLDER = re.compile(r"\{\{[ \t]*+[A-Za-z_][A-Za-z0-9_]*+[ \t]*+\}\}")

# JSON keys that name a credential: the key's last word (after `_`, `-`, `.` or a space).
_KEY_SEPARATORS = re.compile(r"[\-. ]")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CREDENTIAL_KEY = re.compile(
    r"(?:^|_)(?:api_?key|apikey|secret|client_secret|secret_key|access_key|private_key|"
    r"token|access_token|refresh_token|id_token|auth_token|session_token|password|passwd|pwd|"
    r"passphrase|authorization|credentials?|cookie|auth)$"
)


def is_credential_key(key: str) -> bool:
    """A JSON key whose value is a credential (`password`, `x-api-key`, `Authorization`)."""
    if len(key) > 64:
        return False
    words = _KEY_SEPARATORS.sub("_", _CAMEL_HUMP.sub("_", key)).lower()
    return _CREDENTIAL_KEY.search(words) is not None


def is_placeholder(text: str) -> bool:
    return _PLACEHOLDER.fullmatch(text.strip()) is not None


def _entropy_bits(token: str) -> float:
    # A sample is enough to tell random from repetitive, and keeps a huge token cheap.
    token = token[:_ENTROPY_SAMPLE]
    counts = Counter(token)
    total = len(token)
    return -sum(c / total * math.log2(c / total) for c in counts.values())


def looks_random(token: str) -> bool:
    """A long token with letters and digits and high entropy; hashes, UUIDs and paths pass."""
    if _HEXISH.fullmatch(token):  # commit SHAs, checksums, UUIDs: public identifiers
        return False
    rest = _IDENTIFIERS.sub("", token) if "-" in token or "T" in token else token
    if rest != token:
        if len(_SEPARATORS.sub("", rest)) < _ENTROPY_MIN_LENGTH:
            return False
        token = rest
    # The first words decide: a path or a host name reads as words from its start, and a
    # token of a hundred thousand words must not cost a Python step for each.
    words = [w for w in _SEPARATORS.split(token, maxsplit=_WORDS_LOOKED_AT) if w]
    words = words[:_WORDS_LOOKED_AT]
    if len(words) >= 3:
        wordlike = sum(1 for w in words if w.isalpha() or len(w) <= 3)
        if wordlike / len(words) >= 0.75:  # a URL path, a host name, a dotted identifier
            return False
    if _DIGIT.search(token) is None or _LETTER.search(token) is None:
        return False
    return _entropy_bits(token) >= _ENTROPY_MIN_BITS


def _shapes_present(text: str) -> list[int]:
    """The shapes whose triggers occur in `text` (substring tests: each a C-level scan)."""
    lowered = text.lower()
    found = [(t, True) for t in _BLIND if t in lowered]
    found += [(t, False) for t in _EXACT if t in text]
    hits: set[int] = set()
    for key in found:
        hits.update(_SHAPES_OF[key])
    if ":" not in text and "=" not in text:
        hits.discard(_ASSIGNMENT)  # "key" is everywhere in this domain; "key=" is not
    return sorted(hits)


def _private_key_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        begin = _PEM_BEGIN.search(text, pos)
        if begin is None:
            return spans
        end = _PEM_END.search(text, begin.end())
        pos = end.end() if end is not None else len(text)
        spans.append((begin.start(), pos))


def _shape_replacer(needs: re.Pattern[str] | None) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        if match.lastindex is None:
            return REDACTED
        value: str = match.group(1)
        whole: str = match.group()
        if needs is not None and needs.search(value) is None:
            return whole
        start, end = match.span(1)
        base = match.start()
        return whole[: start - base] + REDACTED + whole[end - base :]

    return replace


_REPLACERS = [_shape_replacer(needs) for _, _, _, needs in _COMPILED]


def _replace_token(match: re.Match[str]) -> str:
    token = match.group()
    return REDACTED if REDACTED not in token and looks_random(token) else token


def scrub_shapes(text: str) -> str:
    """`text` with every key shape, credential assignment and random token redacted."""
    if _PEM_TRIGGER in text:
        spans = _private_key_spans(text)
        if spans:
            parts, last = [], 0
            for start, end in spans:
                parts += [text[last:start], REDACTED]
                last = end
            text = "".join([*parts, text[last:]])
    for index in _shapes_present(text):
        text = _COMPILED[index][1].sub(_REPLACERS[index], text)
    return _TOKEN.sub(_replace_token, text)


def first_shape(text: str) -> tuple[int, str] | None:
    """(offset, kind) of the first key shape or random token in `text`, if any."""
    hits: list[tuple[int, str]] = []
    if _PEM_TRIGGER in text:
        spans = _private_key_spans(text)
        if spans:
            hits.append((spans[0][0], "private key"))
    for index in _shapes_present(text):
        name, pattern, _, needs = _COMPILED[index]
        for match in pattern.finditer(text):
            value = match.group(1) if match.lastindex else match.group()
            if needs is None or needs.search(value):
                hits.append((match.start(), name))
                break
    for match in _TOKEN.finditer(text):
        if looks_random(match.group()):
            hits.append((match.start(), "a long random token"))
            break
    return min(hits) if hits else None


def blank_placeholders(text: str) -> str:
    """`text` with {{PLACEHOLDERS}} blanked (same length, so offsets and lines hold)."""
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
