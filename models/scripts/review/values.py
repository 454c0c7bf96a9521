"""What the review knows about a value at one point of the script.

A value is inert data (with its text when the text is known, or at least its first
characters), a Playwright object (and which page it belongs to), a module or something reached
from one, a function of the script, an open file, or one of several of these. Every value
carries the placeholders whose contents it may hold (`taint`), however it was built.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from automation_admin.models.scripts.review.placeholders import placeholders_in

MAX_TEXT = 20_000  # longer folded strings are dropped: the review only needs their start
MAX_ALTERNATIVES = 8


class Kind(StrEnum):
    DATA = "data"  # strings, numbers, containers, paths: inert
    PW = "playwright"  # a Playwright object: page, locator, context, request context...
    MODULE = "module"  # a module; name "" when the review cannot tell which
    SYMBOL = "symbol"  # something reached from a module (its dotted name)
    BUILTIN = "builtin"
    METHOD = "method"  # a method not called yet: `g = page.goto`
    FUNC = "function"  # a function or lambda of the script
    FILE = "file"  # an open file
    UNION = "union"  # one of several values (`items`)
    UNKNOWN = "unknown"


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FunctionRef:
    """A function of the script, the scope it was defined in and its default values
    (compared by identity)."""

    __slots__ = ("defaults", "kw_defaults", "node", "scope")

    def __init__(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
        scope: Any,
        defaults: tuple[Val, ...] = (),
        kw_defaults: tuple[Val | None, ...] = (),
    ) -> None:
        self.node = node
        self.scope = scope
        self.defaults = defaults
        self.kw_defaults = kw_defaults


@dataclass(frozen=True, slots=True)
class Val:
    kind: Kind = Kind.DATA
    const: Any = MISSING  # the value when known (str, bytes, int, float, bool, None)
    prefix: str = ""  # the known first characters of a string
    taint: frozenset[str] = frozenset()
    name: str = ""  # module / symbol dotted name, builtin or method name
    base: Val | None = None  # METHOD: the receiver
    func: FunctionRef | None = None
    page: str | None = None  # PW: which page ("" or None: the review cannot tell)
    role: str = ""  # PW: page, request, assert, event...; DATA: path
    label: str = ""  # PW: the text of the selectors that led to it (for clicks)
    items: tuple[Val, ...] | None = None  # DATA containers; UNION alternatives
    temp: bool = False  # DATA path proven inside the runner's temporary folder

    @property
    def text(self) -> str | None:
        return self.const if isinstance(self.const, str) else None

    @property
    def known(self) -> bool:
        return self.const is not MISSING


_FIELDS = tuple(Val.__dataclass_fields__)


def evolve(value: Val, **changes: Any) -> Val:
    """dataclasses.replace, without its per-call introspection (this runs per expression)."""
    return Val(*[changes[f] if f in changes else getattr(value, f) for f in _FIELDS])


UNKNOWN = Val(Kind.UNKNOWN)
NOTHING = Val(Kind.DATA, const=None)


def data(taint: frozenset[str] = frozenset(), **fields: Any) -> Val:
    return Val(Kind.DATA, taint=taint, **fields)


def string(text: str, taint: frozenset[str] = frozenset()) -> Val:
    """Known text; a placeholder it spells out counts, however the text was put together.

    Text holding a placeholder is not known: the runner puts a value there, so only what comes
    before it is (the review never decides anything on the placeholder's own spelling)."""
    taint = taint | placeholders_in(text)
    if taint:
        cut = text.find("{")
        return Val(Kind.DATA, prefix=text[: cut if cut >= 0 else MAX_TEXT], taint=taint)
    if len(text) > MAX_TEXT:
        return Val(Kind.DATA, prefix=text[:MAX_TEXT], taint=taint)
    return Val(Kind.DATA, const=text, prefix=text, taint=taint)


def taint_of(values: Any) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for value in values:
        if value.taint:
            out |= value.taint
    return out


def with_taint(value: Val, taint: frozenset[str]) -> Val:
    return value if taint <= value.taint else evolve(value, taint=value.taint | taint)


def concat(parts: list[Val]) -> Val:
    """Strings joined end to end: the text if every part is known, else the known start."""
    taint = taint_of(parts)
    pieces: list[str] = []
    for part in parts:
        if part.text is None:
            prefix = "".join(pieces) + part.prefix
            taint = taint | placeholders_in(prefix)
            return Val(Kind.DATA, prefix=prefix[:MAX_TEXT], taint=taint, temp=_temp_join(parts))
        pieces.append(part.text)
    joined = string("".join(pieces), taint)
    return evolve(joined, temp=_temp_join(parts)) if parts and parts[0].temp else joined


def _temp_join(parts: list[Val]) -> bool:
    """temp + "/name.csv": still inside the temporary folder when nothing after it climbs out
    (and the next piece starts a new path component: "/tmp" + "x" is "/tmpx")."""
    if not parts or not parts[0].temp:
        return False
    if any(p.text is None for p in parts[1:]):
        return False
    rest = "".join(p.text or "" for p in parts[1:])
    return not rest or (rest[0] in "/\\" and safe_relative(rest, joined=True))


def safe_relative(text: str, joined: bool = False) -> bool:
    """A path piece that cannot leave the folder it is put under."""
    pieces = text.replace("\\", "/").split("/")
    if not joined and text.startswith(("/", "~")):
        return False
    return ".." not in pieces and "~" not in text[:1] and ":" not in text


def element(value: Val) -> Val:
    """What iterating over a value, or indexing it with something unknown, gives."""
    if value.kind is Kind.DATA and value.items:
        return join_all(list(value.items))
    if value.kind is Kind.DATA and value.text is not None:
        return data(value.taint)
    if value.kind is Kind.PW:
        return evolve(value, page=None)
    if value.kind is Kind.UNION and value.items:
        return join_all([element(v) for v in value.items])
    return data(value.taint) if value.kind is not Kind.UNKNOWN else with_taint(UNKNOWN, value.taint)


def join(a: Val, b: Val) -> Val:
    """A value that is either a or b (after an if, a loop, or two return statements)."""
    if a == b:
        return a
    if a.kind is Kind.DATA and b.kind is Kind.DATA:
        same = a.const == b.const and type(a.const) is type(b.const)
        return Val(
            Kind.DATA,
            const=a.const if same else MISSING,
            prefix=_common(a.prefix, b.prefix),
            taint=a.taint | b.taint,
            role=a.role if a.role == b.role else "",
            temp=a.temp and b.temp,
        )
    alternatives: list[Val] = []
    for value in (a, b):
        for alt in value.items or () if value.kind is Kind.UNION else (value,):
            if alt not in alternatives:
                alternatives.append(alt)
    if len(alternatives) > MAX_ALTERNATIVES:
        return Val(Kind.UNKNOWN, taint=a.taint | b.taint)
    return Val(Kind.UNION, taint=a.taint | b.taint, items=tuple(alternatives))


def join_all(values: list[Val]) -> Val:
    if not values:
        return NOTHING
    out = values[0]
    for value in values[1:]:
        out = join(out, value)
    return out


def _common(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def display(value: Val, limit: int = 60, address: bool = False) -> str:
    """A short, safe description of a value for a message."""
    if value.text is not None:
        text = value.text
        return repr(text if len(text) <= limit else text[:limit] + "…")
    if value.prefix:
        start = value.prefix if len(value.prefix) <= limit else value.prefix[:limit]
        return f"{start!r}… (the rest built at run time)"
    return "an address built at run time" if address else "a value built at run time"
