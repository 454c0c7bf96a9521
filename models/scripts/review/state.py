"""The review's state while it walks a script: names in scope, which site each page may be
on, whether a checkpoint came first, and the findings so far."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from automation_admin.models.scripts.review.items import Review, ReviewItem, Severity
from automation_admin.models.scripts.review.placeholders import ReviewContext, shown
from automation_admin.models.scripts.review.urls import Target
from automation_admin.models.scripts.review.values import FunctionRef, Val, join

UNVERIFIED = Target("unknown")
BLANK = Target("blank")
MAX_STEPS = 120_000  # expressions evaluated (about half a second); more cannot be verified
MAX_DEPTH = 12  # nested calls of the script's own functions


class TooComplex(Exception):
    pass


_BIRTHS = itertools.count()


def birth() -> int:
    return next(_BIRTHS)


class Scope:
    __slots__ = ("born", "comprehension", "names", "outer", "parent")

    def __init__(self, parent: Scope | None, comprehension: bool = False) -> None:
        self.comprehension = comprehension  # a walrus inside binds in the scope around it
        self.names: dict[str, Val] = {}
        self.parent = parent
        self.outer: dict[str, Scope] = {}  # names declared global or nonlocal here
        self.born = next(_BIRTHS)  # scopes born inside a branch die with it: never journaled

    def owner(self, name: str) -> Scope:
        """The scope that holds the name (this one if none does)."""
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope
            scope = scope.parent
        return self

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


# What a journal remembers of a name before a branch changed it: its scope, and its value
# then (None when the name was not bound yet).
Journal = dict[tuple[int, str], tuple[Scope, Val | None]]


@dataclass
class Outcome:
    """A path run in isolation: the names it changed (their values at its end) and its flow."""

    changed: dict[tuple[int, str], tuple[Scope, str, Val]]
    flow: Flow


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
        self.clipboard: frozenset[str] = frozenset()  # credentials copied from a page
        # code that can watch every page (init scripts, routes, another browser): (line, what)
        self.hooks: list[tuple[int, str]] = []
        self.patched: set[str] = set()  # Playwright or module members the script replaced
        self.patched_all = False
        self.pc: frozenset[str] = frozenset()  # placeholders the current branch depends on
        # one per branch being explored, innermost last, with the first scope born after it
        self.journals: list[tuple[int, Journal]] = []

    # The analyzer's evaluation, defined by its most derived part (expressions.py and
    # analyzer.py); the calls and modules parts run a function's body through them.
    def expr(self, node: ast.expr) -> Val:
        raise NotImplementedError

    def block(self, body: list[ast.stmt]) -> None:
        raise NotImplementedError

    # ---- names, and paths explored one after the other ------------------------------------

    def write(self, scope: Scope, name: str, value: Val) -> None:
        key = (id(scope), name)
        for first_newer, journal in self.journals:
            if scope.born < first_newer and key not in journal:
                journal[key] = (scope, scope.names.get(name))
        scope.names[name] = value

    def isolated(self, path: Callable[[], None]) -> Outcome:
        """Run a path, then undo what it did to names and flow; return what it changed. Only
        the names a path writes are compared and merged, so a branch costs what it does, not
        what the script has defined so far."""
        journal: Journal = {}
        start = self.flow.copy()
        self.journals.append((birth(), journal))
        try:
            path()
        finally:
            self.journals.pop()
        changed = {}
        for key, (scope, before) in journal.items():
            name = key[1]
            changed[key] = (scope, name, scope.names[name])
            if before is None:
                del scope.names[name]
            else:
                scope.names[name] = before
        end, self.flow = self.flow, start
        return Outcome(changed, end)

    def settle(self, outcomes: list[Outcome], keep_current: bool) -> bool:
        """Names and flow become what any of the paths may have left (and, with
        keep_current, what they were before); True if anything changed."""
        changed = False
        keys: dict[tuple[int, str], tuple[Scope, str]] = {}
        for outcome in outcomes:
            for key, (scope, name, _) in outcome.changed.items():
                keys[key] = (scope, name)
        for key, (scope, name) in keys.items():
            current = scope.names.get(name)
            values: list[Val | None] = [current] if keep_current and current is not None else []
            for outcome in outcomes:
                found = outcome.changed.get(key)
                values.append(found[2] if found else current)
            present = [v for v in values if v is not None]
            merged = present[0]
            for value in present[1:]:
                merged = join(merged, value)
            if merged != current:
                changed = True
                self.write(scope, name, merged)
        flow = self.flow if keep_current else outcomes[0].flow
        for outcome in outcomes if keep_current else outcomes[1:]:
            flow = flow.merge(outcome.flow)
        changed = changed or flow != self.flow
        self.flow = flow
        return changed

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
