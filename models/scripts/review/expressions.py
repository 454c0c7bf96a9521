"""Expressions: what each one evaluates to, with strings folded as far as their parts are
known, so an address or module name built from pieces is read like a literal one."""

from __future__ import annotations

import ast
import builtins
import operator
import re
from collections.abc import Callable
from typing import Any

from automation_admin.models.scripts.review.calls import path_join
from automation_admin.models.scripts.review.effects import WHY_UNVERIFIABLE
from automation_admin.models.scripts.review.modules import Modules
from automation_admin.models.scripts.review.placeholders import (
    fstring_placeholders_in,
    placeholders_in,
    shown,
)
from automation_admin.models.scripts.review.state import MAX_STEPS, Scope, TooComplex
from automation_admin.models.scripts.review.values import (
    MAX_TEXT,
    MISSING,
    UNKNOWN,
    FunctionRef,
    Kind,
    Val,
    concat,
    data,
    element,
    evolve,
    join,
    join_all,
    string,
    taint_of,
    with_taint,
)

BUILTIN_NAMES = frozenset(dir(builtins))
SAFE_DUNDERS = frozenset({"__name__", "__doc__", "__init__", "__enter__", "__exit__"})
PATH_PROPERTIES = frozenset({"parent", "parents", "anchor", "root", "drive", "parts"})
PATH_TEXTS = frozenset({"name", "stem", "suffix", "suffixes"})
_FOLD_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.BitOr: operator.or_,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
SIMPLE = (str, bytes, int, float, bool, type(None))
_WIDE = re.compile(r"%[^a-zA-Z%]*(?:\d{4,}|\*)")  # a field this wide is not worth computing


class Expressions(Modules):
    def expr(self, node: ast.expr) -> Val:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TooComplex
        method = _HANDLERS.get(type(node))
        if method is None:
            values = [self.expr(c) for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]
            return data(taint_of(values))
        return method(self, node)

    # ---- names and literals -------------------------------------------------------------

    def e_Constant(self, node: ast.Constant) -> Val:
        value = node.value
        if isinstance(value, str):
            return string(value, placeholders_in(value))
        if isinstance(value, bytes):
            taint = placeholders_in(value.decode("latin-1"))
            return Val(Kind.DATA, const=MISSING if taint else value, taint=taint)
        return Val(Kind.DATA, const=value)

    def e_JoinedStr(self, node: ast.JoinedStr) -> Val:
        parts: list[Val] = []
        for piece in node.values:
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                text = piece.value
                parts.append(string(text, fstring_placeholders_in(text) | placeholders_in(text)))
            elif isinstance(piece, ast.FormattedValue):
                inner = self.expr(piece.value)
                if piece.format_spec is not None:
                    spec = self.expr(piece.format_spec)
                    inner = with_taint(data(inner.taint), spec.taint)
                parts.append(as_text(inner, piece.conversion))
        return concat(parts)

    def e_Name(self, node: ast.Name) -> Val:
        found = self.scope.lookup(node.id)
        if found is not None:
            return found
        if node.id == "__builtins__":
            self.warn(
                node.lineno,
                "reaches Python's builtins directly (__builtins__): what it "
                "does with them cannot be verified",
                WHY_UNVERIFIABLE,
                "dynamic",
            )
            return Val(Kind.MODULE, name="builtins")
        if node.id == "__doc__":
            return data(self.doc_taint)
        if node.id in BUILTIN_NAMES:
            return Val(Kind.BUILTIN, name=node.id)
        return UNKNOWN

    def e_Set(self, node: ast.Set) -> Val:
        # {{NAME}} outside a string parses as a set of a set: the value itself becomes code.
        inner = node.elts[0] if len(node.elts) == 1 else None
        if isinstance(inner, ast.Set) and len(inner.elts) == 1:
            name = inner.elts[0]
            if isinstance(name, ast.Name):
                placeholder = shown([name.id])
                what = f"puts {placeholder} straight into the code, outside any string"
                why = "The value itself becomes Python code, which cannot be verified."
                if self.ctx.is_credential(name.id):
                    self.blocker(node.lineno, what, f"{why} {self.rule()}", "credential-code")
                else:
                    self.warn(
                        node.lineno,
                        f"{what}: what it does cannot be verified",
                        why,
                        "placeholder-code",
                    )
                return data(frozenset({name.id}))
        return self.e_List(node)

    def e_List(self, node: ast.List | ast.Tuple | ast.Set) -> Val:
        items: list[Val] = []
        many = False
        for elt in node.elts:
            if isinstance(elt, ast.Starred):
                items.append(element(self.expr(elt.value)))
                many = True
            else:
                items.append(self.expr(elt))
        return data(taint_of(items), items=tuple(items), role="many" if many else "")

    e_Tuple = e_List

    def e_Dict(self, node: ast.Dict) -> Val:
        values: list[Val] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                values.append(data(self.expr(key).taint))
            values.append(self.expr(value) if key is not None else element(self.expr(value)))
        return data(taint_of(values), items=tuple(values), role="many")

    def comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        results: list[ast.expr],
    ) -> Val:
        saved = self.scope
        self.scope = Scope(saved, comprehension=True)
        try:
            for generator in node.generators:
                source = self.expr(generator.iter)
                self.assign(generator.target, element(source), node.lineno)
                for test in generator.ifs:
                    self.expr(test)
            values = [self.expr(r) for r in results]
        finally:
            self.scope = saved
        out = join_all(values)
        return data(taint_of(values), items=(out,), role="many")

    def e_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> Val:
        return self.comprehension(node, [node.elt])

    e_SetComp = e_ListComp
    e_GeneratorExp = e_ListComp

    def e_DictComp(self, node: ast.DictComp) -> Val:
        return self.comprehension(node, [node.key, node.value])

    def e_Lambda(self, node: ast.Lambda) -> Val:
        return Val(Kind.FUNC, func=self.define(node))

    def define(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> FunctionRef:
        defaults = tuple(self.expr(d) for d in node.args.defaults)
        kw_defaults = tuple(self.expr(d) if d is not None else None for d in node.args.kw_defaults)
        ref = FunctionRef(node, self.scope, defaults, kw_defaults)
        self.functions.append(ref)
        return ref

    # ---- attributes and items -----------------------------------------------------------

    def e_Attribute(self, node: ast.Attribute) -> Val:
        return self.attribute(self.expr(node.value), node.attr, node.lineno)

    def attribute(self, base: Val, name: str, line: int) -> Val:
        if name.startswith("__") and name.endswith("__") and name not in SAFE_DUNDERS:
            self.warn(
                line,
                f"reaches Python's internals (.{name}): what it does cannot be verified",
                WHY_UNVERIFIABLE,
                "internals",
            )
            return with_taint(UNKNOWN, base.taint)
        if name == "__doc__":
            return data(self.doc_taint | base.taint)
        kind = base.kind
        if kind is Kind.UNION:
            return join_all([self.attribute(alt, name, line) for alt in base.items or ()])
        if kind is Kind.MODULE:
            if not base.name:
                return with_taint(UNKNOWN, base.taint)
            if base.name == "builtins":
                return Val(Kind.BUILTIN, name=name)
            return Val(Kind.SYMBOL, name=f"{base.name}.{name}", taint=base.taint)
        if kind is Kind.SYMBOL:
            return Val(Kind.SYMBOL, name=f"{base.name}.{name}", taint=base.taint)
        if kind is Kind.PW:
            return self.pw_attribute(base, name, line)
        if kind is Kind.BUILTIN:
            return Val(Kind.BUILTIN, name=f"{base.name}.{name}")
        if kind is Kind.DATA and base.role == "path":
            if name in PATH_PROPERTIES:
                return Val(Kind.DATA, role="path", taint=base.taint)
            if name in PATH_TEXTS:
                return data(base.taint)
        return Val(Kind.METHOD, base=base, name=name, taint=base.taint)

    def e_Subscript(self, node: ast.Subscript) -> Val:
        value = self.expr(node.value)
        index = self.expr(node.slice)
        taint = value.taint | index.taint
        position = index.const
        if value.kind is Kind.DATA:
            items = value.items if value.role != "many" else None
            if (
                items is not None
                and isinstance(position, int)
                and -len(items) <= position < len(items)
            ):
                return items[position]
            if isinstance(value.const, str | bytes) and isinstance(position, int | slice):
                try:
                    part = value.const[position]
                except (IndexError, ValueError):
                    return data(taint)
                return (
                    string(part, taint)
                    if isinstance(part, str)
                    else Val(Kind.DATA, const=part, taint=taint)
                )
            return with_taint(element(value), taint)
        if value.kind is Kind.MODULE and value.name == "builtins" and index.text is not None:
            return Val(Kind.BUILTIN, name=index.text)
        if value.kind is Kind.SYMBOL:
            return Val(Kind.SYMBOL, name=f"{value.name}[]", taint=taint)
        if value.kind is Kind.PW:
            return evolve(value, page=None, label="")
        return with_taint(element(value), taint)

    def e_Slice(self, node: ast.Slice) -> Val:
        parts = [
            self.expr(p) if p is not None else Val(Kind.DATA, const=None)
            for p in (node.lower, node.upper, node.step)
        ]
        if all(isinstance(p.const, int) or p.const is None for p in parts):
            return Val(Kind.DATA, const=slice(*(p.const for p in parts)))
        return data(taint_of(parts))

    def e_Starred(self, node: ast.Starred) -> Val:
        return element(self.expr(node.value))

    # ---- operators ----------------------------------------------------------------------

    def e_BinOp(self, node: ast.BinOp) -> Val:
        return binary(node.op, self.expr(node.left), self.expr(node.right))

    def e_BoolOp(self, node: ast.BoolOp) -> Val:
        return join_all([self.expr(v) for v in node.values])

    def e_IfExp(self, node: ast.IfExp) -> Val:
        test = self.expr(node.test)
        if test.known and isinstance(test.const, SIMPLE) and not _named(node.test):
            return self.expr(node.body if test.const else node.orelse)
        # the choice tells something of what the test read
        return with_taint(join(self.expr(node.body), self.expr(node.orelse)), test.taint)

    def e_UnaryOp(self, node: ast.UnaryOp) -> Val:
        value = self.expr(node.operand)
        if isinstance(node.op, ast.Not) and value.known and isinstance(value.const, SIMPLE):
            return Val(Kind.DATA, const=not value.const)
        if isinstance(node.op, ast.USub) and isinstance(value.const, int | float):
            return Val(Kind.DATA, const=-value.const)
        return data(value.taint)

    def e_Compare(self, node: ast.Compare) -> Val:
        values = [self.expr(node.left), *(self.expr(c) for c in node.comparators)]
        taint = taint_of(values)  # a comparison tells something of what it compared
        if len(values) == 2 and all(v.known and isinstance(v.const, SIMPLE) for v in values):
            op = _COMPARE.get(type(node.ops[0]))
            if op is not None:
                try:
                    result = bool(op(values[0].const, values[1].const))
                except TypeError:
                    return data(taint)
                return Val(Kind.DATA, const=result, taint=taint)
        return data(taint)

    def e_NamedExpr(self, node: ast.NamedExpr) -> Val:
        value = self.expr(node.value)
        scope = self.scope
        while scope.comprehension and scope.parent is not None:
            scope = scope.parent  # [x := v for ...] binds x around the comprehension
        self.write(scope, node.target.id, with_taint(value, self.pc))
        return value

    def e_Await(self, node: ast.Await) -> Val:
        return self.expr(node.value)

    def e_Yield(self, node: ast.Yield | ast.YieldFrom) -> Val:
        value = self.expr(node.value) if node.value is not None else data()
        if self.returns:
            self.returns[-1].append(value)
        return data()

    e_YieldFrom = e_Yield

    # ---- calls --------------------------------------------------------------------------

    def e_Call(self, node: ast.Call) -> Val:
        callee = self.expr(node.func)
        args: list[Val] = []
        kwargs: dict[str, Val] = {}
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                spread = element(self.expr(arg.value))
                args.append(spread)
                kwargs["*"] = join(kwargs["*"], spread) if "*" in kwargs else spread
            else:
                args.append(self.expr(arg))
        for keyword in node.keywords:
            value = self.expr(keyword.value)
            key = keyword.arg or "**"
            kwargs[key] = (
                join(kwargs[key], element(value))
                if key in kwargs
                else (value if keyword.arg else element(value))
            )
        star = kwargs.pop("*", None)
        if star is not None and callee.kind is Kind.FUNC:
            kwargs["*"] = star
        result = self.call(callee, args, kwargs, node)
        self.mutated(node, [*args, *kwargs.values()])
        return result

    def mutated(self, node: ast.Call, values: list[Val]) -> None:
        """x.append(v), d.update(v)...: the container now holds what went in."""
        func = node.func
        taint = taint_of(values)
        if not taint or not isinstance(func, ast.Attribute):
            return
        root = func.value
        while isinstance(root, ast.Attribute | ast.Subscript):
            root = root.value
        if isinstance(root, ast.Name):
            current = self.scope.lookup(root.id)
            if current is not None and current.kind is Kind.DATA:
                self.write(
                    self.scope.owner(root.id),
                    root.id,
                    with_taint(evolve(current, const=MISSING, items=None, prefix=""), taint),
                )

    def assign(self, target: ast.expr, value: Val, line: int) -> None:
        raise NotImplementedError


def _named(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Name | ast.Attribute | ast.Call) for n in ast.walk(node))


def as_text(value: Val, conversion: int = -1) -> Val:
    """What f"{value}" or str(value) gives."""
    if value.text is not None and conversion in (-1, ord("s")):
        return evolve(value, role="")
    if value.known and isinstance(value.const, int | float | bool) and conversion == -1:
        return string(str(value.const), value.taint)
    return Val(Kind.DATA, prefix="", taint=value.taint, temp=value.temp)


def binary(op: ast.operator, left: Val, right: Val) -> Val:
    taint = left.taint | right.taint
    if isinstance(op, ast.Div) and left.role == "path":
        return path_join(left, right)
    if isinstance(op, ast.Add) and left.kind is Kind.DATA and right.kind is Kind.DATA:
        if left.items is not None and right.items is not None:
            many = "many" if "many" in (left.role, right.role) else ""
            return data(taint, items=left.items + right.items, role=many)
        if not isinstance(left.const, int | float) and not isinstance(right.const, int | float):
            return concat([left, right])
    if isinstance(op, ast.Mod) and left.text is not None:
        return _percent(left.text, right, taint)
    if (
        isinstance(op, ast.Mult)
        and isinstance(left.const, str)
        and isinstance(right.const, int)
        and len(left.const) * right.const <= MAX_TEXT
    ):
        return string(left.const * right.const, taint)
    fold = _FOLD_OPS.get(type(op))
    if fold and isinstance(left.const, int | float) and isinstance(right.const, int | float):
        try:
            result = fold(left.const, right.const)
        except (ZeroDivisionError, OverflowError, TypeError):
            return data(taint)
        if not isinstance(result, int) or abs(result) < 10**18:
            return Val(Kind.DATA, const=result, taint=taint)
    return data(taint, prefix=left.prefix if left.text is None and left.kind is Kind.DATA else "")


def _percent(template: str, right: Val, taint: frozenset[str]) -> Val:
    values = right.items if right.items is not None and right.role != "many" else (right,)
    if not _WIDE.search(template) and all(
        v.known and isinstance(v.const, str | int | float) for v in values
    ):
        try:
            result = template % tuple(v.const for v in values)
        except (TypeError, ValueError, KeyError, OverflowError):
            result = None
        if isinstance(result, str) and len(result) <= MAX_TEXT:
            return string(result, taint)
    return data(taint, prefix=template.split("%", 1)[0])


# Each expression type's handler, looked up once (a name lookup per node is measurable).
_HANDLERS: dict[type, Callable[..., Val]] = {
    getattr(ast, name[2:]): method
    for name, method in vars(Expressions).items()
    if name.startswith("e_") and hasattr(ast, name[2:])
}
