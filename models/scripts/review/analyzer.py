"""Statements, in program order: names bound and merged across branches and loops, the
functions the runner calls (`run(page)`) followed from a blank page, every other function of
the script followed too."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from automation_admin.models.scripts.review.calls import WHY_LOG
from automation_admin.models.scripts.review.effects import WHY_UNVERIFIABLE
from automation_admin.models.scripts.review.expressions import Expressions, binary
from automation_admin.models.scripts.review.modules import WHY_RESULT
from automation_admin.models.scripts.review.placeholders import placeholders_in, shown
from automation_admin.models.scripts.review.state import BLANK, Flow, Scope
from automation_admin.models.scripts.review.values import (
    MISSING,
    Kind,
    Val,
    data,
    element,
    evolve,
    join,
    with_taint,
)

HARMLESS_DECORATORS = frozenset(
    {
        "staticmethod",
        "classmethod",
        "property",
        "dataclasses.dataclass",
        "typing.overload",
        "functools.wraps",
    }
)
ENTRY_PAGE = "entry"
MAX_LOOP_PASSES = 6


LITERAL_NODES = (
    ast.Constant,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.BinOp,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
    ast.operator,
    ast.expr_context,
)


def literal(node: ast.expr) -> bool:
    """A test made of literals only (if False:, if 0:), which Python itself folds: names may
    be changed by code the review has not reached yet, so only literals decide a branch."""
    return all(isinstance(n, LITERAL_NODES) for n in ast.walk(node))


class Analyzer(Expressions):
    def run_module(self, tree: ast.Module) -> None:
        self.flow = Flow({ENTRY_PAGE: frozenset({BLANK})})
        self.block(tree.body)
        # The runner calls the script's functions (run(page) and any it finds); a function
        # nothing in the script calls is followed as the runner would call it: from a blank page.
        done: set[ast.AST] = set()
        while True:
            pending = [f for f in self.functions if f.node not in self.called | done]
            if not pending:
                break
            for ref in pending:
                done.add(ref.node)
                if ref.node in self.called:
                    continue
                spec = ref.node.args
                count = len(spec.posonlyargs) + len(spec.args)
                self.flow = Flow({ENTRY_PAGE: frozenset({BLANK})})
                page = Val(Kind.PW, role="page", page=ENTRY_PAGE)
                self.entry_depth = 1
                try:
                    self.invoke(ref, [page] * count, {}, ref.node.lineno)
                finally:
                    self.entry_depth = 0
        self.watched()

    def watched(self) -> None:
        """Code that sees every page (an init script, a route, another browser) sees what is
        typed into them too: with a credential typed anywhere, it is a blocker."""
        for line, what in self.hooks:
            for name in sorted(self.typed_any):
                self.blocker(
                    line,
                    f"{what} while {shown([name])} is typed into a page: it can read or redirect "
                    "the value",
                    f"Whatever watches the page sees what is typed into it. {self.rule()}",
                    "credential-js",
                )

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        self.tick()
        method = _STATEMENTS.get(type(node))
        if method is not None:
            method(self, node)
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(child)
            elif isinstance(child, ast.stmt):
                self.statement(child)

    # ---- flow ---------------------------------------------------------------------------

    def branches(self, paths: list[Callable[[], None]]) -> None:
        self.settle([self.isolated(path) for path in paths], keep_current=False)

    def loop(
        self, bind: Callable[[], object], body: list[ast.stmt], orelse: list[ast.stmt]
    ) -> None:
        """Run the body until what it leaves for the next iteration stops changing (values
        that keep changing are widened to 'unknown'); zero iterations stay possible."""

        def once() -> None:
            bind()
            self.block(body)

        for attempt in range(MAX_LOOP_PASSES + 1):
            outcome = self.isolated(once)
            if attempt == MAX_LOOP_PASSES:
                for scope, name, value in outcome.changed.values():
                    self.write(scope, name, Val(Kind.UNKNOWN, taint=value.taint))
                outcome = self.isolated(once)
            if not self.settle([outcome], keep_current=True):
                break
        self.block(orelse)

    # ---- statements ---------------------------------------------------------------------

    def s_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self.doc_taint |= placeholders_in(node.value.value)  # a docstring: inert
            return
        self.expr(node.value)

    def s_Assign(self, node: ast.Assign) -> None:
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target, value, node.lineno)

    def s_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.expr(node.annotation)  # run at module and class level
        if node.value is not None:
            self.assign(node.target, self.expr(node.value), node.lineno)

    def s_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            current = self.scope.lookup(target.id) or data()
        else:
            current = self.expr(target)
        self.assign(target, binary(node.op, current, self.expr(node.value)), node.lineno)

    def assign(self, target: ast.expr, value: Val, line: int) -> None:
        if self.pc:
            value = with_taint(value, self.pc)
        if isinstance(target, ast.Name):
            outer = self.scope.outer.get(target.id)
            if outer is None:
                self.write(self.scope, target.id, value)
            else:  # a global changed by a function: code elsewhere may see either value
                old = outer.names.get(target.id)
                self.write(outer, target.id, join(old, value) if old is not None else value)
        elif isinstance(target, ast.Tuple | ast.List):
            exact = (
                value.items is not None
                and value.role != "many"
                and len(value.items) == len(target.elts)
                and not any(isinstance(e, ast.Starred) for e in target.elts)
            )
            for index, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    self.assign(
                        elt.value, data(value.taint, items=(element(value),), role="many"), line
                    )
                else:
                    self.assign(
                        elt, value.items[index] if exact and value.items else element(value), line
                    )
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, line)
        elif isinstance(target, ast.Attribute | ast.Subscript):
            self.store(target, value, line)

    def store(self, target: ast.Attribute | ast.Subscript, value: Val, line: int) -> None:
        """obj.attr = value, d[key] = value: a local container now holds the value; anything
        else (a Playwright object, a module) is changed in a way the review cannot follow."""
        if isinstance(target, ast.Subscript):
            self.expr(target.slice)
        root: ast.expr = target
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        holder = self.scope.lookup(root.id) if isinstance(root, ast.Name) else None
        if isinstance(root, ast.Name) and holder is not None and holder.kind is Kind.DATA:
            if value.kind is Kind.DATA:
                updated = evolve(holder, const=MISSING, prefix="", items=None)
            else:
                updated = data(holder.taint, items=(holder, value), role="many")
            self.write(self.scope.owner(root.id), root.id, with_taint(updated, value.taint))
            return
        if (
            isinstance(target, ast.Attribute)
            and holder is not None
            and holder.kind in (Kind.PW, Kind.MODULE, Kind.SYMBOL, Kind.BUILTIN)
        ):
            self.patched.add(target.attr)  # page.fill = ...: later calls are not page.fill
        where = ast.unparse(target)
        where = where if len(where) <= 50 else where[:47] + "…"
        if (
            not self.leak(
                value,
                line,
                f"stores {{p}} in {where}, where the review cannot follow it",
                "The review cannot follow where it goes from there.",
                "credential-opaque",
            )
            and holder is not None
            and holder.kind in (Kind.PW, Kind.MODULE, Kind.SYMBOL, Kind.BUILTIN)
        ):
            self.warn(
                line,
                f"changes {where}: what that does cannot be verified",
                WHY_UNVERIFIABLE,
                "unknown-call",
            )

    def s_Return(self, node: ast.Return) -> None:
        value = self.expr(node.value) if node.value is not None else data()
        value = with_taint(value, self.pc)
        if self.entry_depth and len(self.stack) == 1:
            self.leak(
                value,
                node.lineno,
                "returns {p} as the script's result",
                WHY_RESULT,
                "credential-result",
            )
        if self.returns:
            self.returns[-1].append(value)

    def s_If(self, node: ast.If) -> None:
        test = self.expr(node.test)
        if test.known and literal(node.test):
            self.block(node.body if test.const else node.orelse)  # if False: dead code
            return
        with self.depending(test):
            self.branches([lambda: self.block(node.body), lambda: self.block(node.orelse)])

    @contextmanager
    def depending(self, test: Val) -> Iterator[None]:
        """Inside a branch on a placeholder's value, what is assigned tells something of it."""
        saved = self.pc
        self.pc = saved | test.taint
        try:
            yield
        finally:
            self.pc = saved

    def s_For(self, node: ast.For | ast.AsyncFor) -> None:
        source = self.expr(node.iter)
        self.loop(
            lambda: self.assign(node.target, element(source), node.lineno), node.body, node.orelse
        )

    s_AsyncFor = s_For

    def s_While(self, node: ast.While) -> None:
        with self.depending(self.expr(node.test)):
            self.loop(lambda: self.expr(node.test), node.body, node.orelse)

    def s_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            value = self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, node.lineno)
        self.block(node.body)

    s_AsyncWith = s_With

    def s_Try(self, node: ast.Try) -> None:
        # the body may fail at any point: after it, each name is as before or as it left it
        self.settle([self.isolated(lambda: self.block(node.body))], keep_current=True)
        paths: list[Callable[[], None]] = [lambda: self.block(node.orelse)]
        for handler in node.handlers:
            paths.append(lambda h=handler: self.handler(h))  # type: ignore[misc]
        self.branches(paths)
        self.block(node.finalbody)

    s_TryStar = s_Try

    def handler(self, handler: ast.ExceptHandler) -> None:
        if handler.type is not None:
            self.expr(handler.type)
        if handler.name:
            self.write(self.scope, handler.name, data())
        self.block(handler.body)

    def s_Raise(self, node: ast.Raise) -> None:
        for part in (node.exc, node.cause):
            if part is not None:
                self.leak(
                    self.expr(part),
                    node.lineno,
                    "puts {p} in an error message",
                    WHY_LOG,
                    "credential-log",
                )

    def s_Assert(self, node: ast.Assert) -> None:
        self.expr(node.test)
        if node.msg is not None:
            self.leak(
                self.expr(node.msg),
                node.lineno,
                "puts {p} in an error message",
                WHY_LOG,
                "credential-log",
            )

    def s_Import(self, node: ast.Import) -> None:
        self.do_import(node)

    def s_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.do_import_from(node)

    def s_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        decorators = [self.expr(d) for d in node.decorator_list]
        spec = node.args
        for arg in [*spec.posonlyargs, *spec.args, *spec.kwonlyargs, spec.vararg, spec.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.expr(arg.annotation)  # annotations run when the function is defined
        if node.returns is not None:
            self.expr(node.returns)
        value = Val(Kind.FUNC, func=self.define(node))
        for decorator, dec_node in zip(decorators, node.decorator_list, strict=True):
            name = decorator.name if decorator.kind in (Kind.SYMBOL, Kind.BUILTIN) else ""
            if name not in HARMLESS_DECORATORS:
                self.warn(
                    node.lineno,
                    f"wraps {node.name}() in {ast.unparse(dec_node)[:40]}: "
                    "what the wrapper does cannot be verified",
                    WHY_UNVERIFIABLE,
                    "unknown-call",
                )
        self.write(self.scope, node.name, value)

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, node: ast.ClassDef) -> None:
        for part in [*node.bases, *(k.value for k in node.keywords), *node.decorator_list]:
            self.expr(part)
        saved = self.scope
        self.scope = Scope(saved)
        try:
            self.block(node.body)  # its methods are followed like any other function
        finally:
            self.scope = saved
        self.write(self.scope, node.name, Val(Kind.UNKNOWN, name=node.name))

    def s_Match(self, node: ast.Match) -> None:
        subject = self.expr(node.subject)
        paths: list[Callable[[], None]] = [lambda: None]
        for case in node.cases:
            paths.append(lambda c=case: self.case(c, subject))  # type: ignore[misc]
        self.branches(paths)

    def case(self, case: ast.match_case, subject: Val) -> None:
        for child in ast.walk(case.pattern):
            name = getattr(child, "name", None) or getattr(child, "rest", None)
            if isinstance(name, str):
                self.write(self.scope, name, with_taint(element(subject), subject.taint))
        if case.guard is not None:
            self.expr(case.guard)
        self.block(case.body)

    def s_Delete(self, node: ast.Delete) -> None:
        return None

    def s_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self.scope.outer[name] = self.globals

    def s_Nonlocal(self, node: ast.Nonlocal) -> None:
        for name in node.names:
            scope = self.scope.parent
            while scope is not None and name not in scope.names and scope.parent is not None:
                scope = scope.parent
            if scope is not None:
                self.scope.outer[name] = scope


_STATEMENTS: dict[type, Callable[..., None]] = {
    getattr(ast, name[2:]): method
    for name, method in vars(Analyzer).items()
    if name.startswith("s_") and hasattr(ast, name[2:])
}
