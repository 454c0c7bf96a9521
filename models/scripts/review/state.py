"""The review's state while it walks a script: names in scope, which site each page may be
on, whether a checkpoint came first, and the findings so far."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from automation_admin.models.scripts.review.items import Review, ReviewItem, Severity
from automation_admin.models.scripts.review.placeholders import ReviewContext, shown
from automation_admin.models.scripts.review.urls import Target
from automation_admin.models.scripts.review.values import FunctionRef, Val, join

UNVERIFIED = Target("unknown")
BLANK = Target("blank")
MAX_STEPS = 250_000  # expressions evaluated; a script needing more cannot be verified
MAX_DEPTH = 12  # nested calls of the script's own functions


class TooComplex(Exception):
    pass


class Scope:
    __slots__ = ("names", "outer", "parent")

    def __init__(self, parent: Scope | None) -> None:
        self.names: dict[str, Val] = {}
        self.parent = parent
        self.outer: dict[str, Scope] = {}  # names declared global or nonlocal here

    def lookup(self, name: str) -> Val | None:
        scope: Scope | None = self
        while scope is not None:
            found = scope.names.get(name)
            if found is not None:
                return found
            scope = scope.parent
        return None


@dataclass
class Flow:
    """What program order changes besides names."""

    pages: dict[str, frozenset[Target]] = field(default_factory=dict)
    checkpointed: bool = False
    # credentials typed into each page since it last opened an address
    typed: dict[str, frozenset[str]] = field(default_factory=dict)

    def copy(self) -> Flow:
        return Flow(dict(self.pages), self.checkpointed, dict(self.typed))

    def merge(self, other: Flow) -> Flow:
        pages = dict(self.pages)
        for key, targets in other.pages.items():
            pages[key] = pages.get(key, frozenset()) | targets
        typed = dict(self.typed)
        for key, names in other.typed.items():
            typed[key] = typed.get(key, frozenset()) | names
        return Flow(pages, self.checkpointed and other.checkpointed, typed)


def merge_names(a: dict[str, Val], b: dict[str, Val]) -> dict[str, Val]:
    out = dict(a)
    for name, value in b.items():
        out[name] = join(out[name], value) if name in out else value
    return out


class Base:
    """Fields and reporting shared by the parts of the analyzer."""

    def __init__(self, context: ReviewContext, review: Review) -> None:
        self.ctx = context
        self.review = review
        self.globals = Scope(None)
        self.scope = self.globals
        self.flow = Flow()
        self.steps = 0
        self.stack: list[ast.AST] = []  # functions being analyzed, innermost last
        self.returns: list[list[Val]] = []
        self.entry_depth = 0  # >0 while analyzing a function the runner calls
        self.called: set[ast.AST] = set()
        self.functions: list[FunctionRef] = []
        self.has_checkpoint = False
        self.doc_taint: frozenset[str] = frozenset()
        self.targets: set[str] = set()  # hosts of every address proven literal
        self.typed_any: frozenset[str] = frozenset()  # credentials typed anywhere
        # code that can watch every page (init scripts, routes, another browser): (line, what)
        self.hooks: list[tuple[int, str]] = []
        self.patched: set[str] = set()  # Playwright or module members the script replaced
        self.patched_all = False
        self.pc: frozenset[str] = frozenset()  # placeholders the current branch depends on

    # ---- findings -----------------------------------------------------------------------

    def blocker(self, line: int, what: str, why: str, code: str) -> None:
        self.review.add(ReviewItem(Severity.BLOCKER, line, what, why, code))

    def warn(self, line: int, what: str, why: str, code: str) -> None:
        self.review.add(ReviewItem(Severity.WARNING, line, what, why, code))

    def rule(self) -> str:
        return (
            f"A credential may only be typed into a form field on {self.ctx.provider}'s own "
            f"sites ({self.ctx.sites()})."
        )

    def leak(self, value: Val, line: int, what: str, why: str, code: str = "credential") -> bool:
        """A blocker for each credential placeholder the value may hold ({p} in `what`)."""
        names = self.ctx.credentials(value.taint) if value.taint else []
        for name in names:
            self.blocker(line, what.replace("{p}", shown([name])), f"{why} {self.rule()}", code)
        return bool(names)

    def leaks(self, values: list[Val], line: int, what: str, why: str, code: str) -> None:
        for value in values:
            self.leak(value, line, what, why, code)

    # ---- provided by the analyzer's other parts ----------------------------------------

    def callback(self, function: Val, line: int) -> None:
        raise NotImplementedError

    def data_method(
        self, base: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int
    ) -> Val:
        raise NotImplementedError

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TooComplex
