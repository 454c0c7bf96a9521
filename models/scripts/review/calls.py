"""Calls: the script's own functions (followed with their arguments), Python's builtins, and
methods of plain values (strings, lists, dicts, paths, open files)."""

from __future__ import annotations

import ast
import re
from typing import Any

from automation_admin.models.scripts.review import api
from automation_admin.models.scripts.review.effects import WHY_FILE, WHY_OPAQUE, WHY_UNVERIFIABLE
from automation_admin.models.scripts.review.playwright import PlaywrightCalls, first
from automation_admin.models.scripts.review.state import MAX_DEPTH, Scope
from automation_admin.models.scripts.review.values import (
    MAX_TEXT,
    MISSING,
    NOTHING,
    UNKNOWN,
    FunctionRef,
    Kind,
    Val,
    data,
    element,
    evolve,
    join,
    join_all,
    safe_relative,
    string,
    taint_of,
    with_taint,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WHY_LOG = "Logs and error messages are kept and shown."


WHY_DECODE = "Text decoded at run time can hide an address, a module name or code."
PLAYWRIGHT_NAMES = (
    api.HARMLESS
    | api.NAVIGATE
    | api.FILL
    | set(api.JAVASCRIPT)
    | set(api.INTERCEPT)
    | set(api.WRITES_FILE)
    | api.UPLOADS
    | set(api.CONFIGURES)
    | api.REQUEST_VERBS
)
_TYPES: tuple[type, ...] = (str, bytes, list, dict, set, tuple, int, float, frozenset, bytearray)
DATA_METHOD_NAMES = frozenset(
    name for t in _TYPES for name in dir(t) if not name.startswith("_")
) | _words(
    """
    strftime isoformat timestamp date time replace astimezone weekday isoweekday
    total_seconds group groups groupdict start end span search match fullmatch findall
    finditer sub subn split quantize to_integral_value normalize substitute safe_substitute
    """
)
ELEMENT_METHODS = frozenset({"get", "pop", "setdefault", "popitem", "values", "items", "copy"})
FOLDABLE = _words(
    """
    upper lower strip lstrip rstrip replace removeprefix removesuffix title capitalize
    casefold swapcase zfill center ljust rjust format encode decode split rsplit splitlines
    partition rpartition startswith endswith find rfind count expandtabs isdigit isalpha
    isalnum join
    """
)
SAFE_CODECS = frozenset({"utf-8", "utf8", "ascii", "latin-1", "latin1", "utf-16", "cp1252"})
CALLABLE = (Kind.FUNC, Kind.METHOD, Kind.SYMBOL, Kind.BUILTIN)
_FORMAT_SPEC = re.compile(r"\{[^{}]*[:!][^{}]*\}")


class Calls(PlaywrightCalls):
    # ---- dispatch -----------------------------------------------------------------------

    def call(self, callee: Val, args: list[Val], kwargs: dict[str, Val], node: ast.Call) -> Val:
        line = node.lineno
        kind = callee.kind
        if kind is Kind.UNION:
            return join_all([self.call(alt, args, kwargs, node) for alt in callee.items or ()])
        if kind is Kind.FUNC and callee.func is not None:
            return self.invoke(callee.func, args, kwargs, line)
        if kind is Kind.BUILTIN:
            return self.call_builtin(callee.name, args, kwargs, node)
        if kind is Kind.SYMBOL:  # what a foreign value held flows into what it returns
            return with_taint(self.call_symbol(callee.name, args, kwargs, node), callee.taint)
        base = callee.base
        if kind is Kind.PW and base is not None:  # keyboard.type: a name both property and method
            return self.call_playwright(base, callee.name, args, kwargs, line)
        if kind is Kind.METHOD and base is not None:
            if base.kind is Kind.PW:
                return self.call_playwright(base, callee.name, args, kwargs, line)
            if base.kind is Kind.DATA:
                return self.data_method(base, callee.name, args, kwargs, line)
            if base.kind is Kind.FILE:
                return self.file_method(base, callee.name, args, line)
            if base.kind is Kind.BUILTIN:
                return self.call_builtin(f"{base.name}.{callee.name}", args, kwargs, node)
        return self.opaque(_callee(node), args, kwargs, line)

    def call_symbol(
        self, name: str, args: list[Val], kwargs: dict[str, Val], node: ast.Call
    ) -> Val:
        raise NotImplementedError

    def opaque(self, label: str, args: list[Val], kwargs: dict[str, Val], line: int) -> Val:
        """A call the review cannot identify: a warning, and a blocker for any credential."""
        everything = [*args, *kwargs.values()]
        for value in everything:
            if value.kind is Kind.FUNC:
                self.callback(value, line)
        self.leaks(everything, line, f"hands {{p}} to {label}", WHY_OPAQUE, "credential-opaque")
        self.warn(
            line,
            f"calls {label}, which the review cannot identify: what it does cannot be verified",
            WHY_UNVERIFIABLE,
            "unknown-call",
        )
        return with_taint(UNKNOWN, taint_of(everything))

    # ---- the script's own functions -----------------------------------------------------

    def invoke(self, ref: FunctionRef, args: list[Val], kwargs: dict[str, Val], line: int) -> Val:
        node = ref.node
        if node in self.stack or len(self.stack) >= MAX_DEPTH:
            return data(taint_of([*args, *kwargs.values()]))  # recursion: its inputs flow out
        self.called.add(node)
        return self.run_function(ref, args, kwargs)

    def run_function(self, ref: FunctionRef, args: list[Val], kwargs: dict[str, Val]) -> Val:
        node = ref.node
        scope = self.bind(ref, args, kwargs)
        saved = self.scope
        self.scope = scope
        self.stack.append(node)
        self.returns.append([])
        try:
            if isinstance(node, ast.Lambda):
                return self.expr(node.body)
            self.block(node.body)
            returned = self.returns[-1]
            return join_all(returned) if returned else NOTHING
        finally:
            self.scope = saved
            self.stack.pop()
            self.returns.pop()

    def bind(self, ref: FunctionRef, args: list[Val], kwargs: dict[str, Val]) -> Scope:
        spec = ref.node.args
        scope = Scope(ref.scope)
        rest = dict(kwargs)
        spread = rest.pop("**", None)
        star = rest.pop("*", None)
        unnamed = join(spread, star) if spread and star else spread or star
        params = [*spec.posonlyargs, *spec.args]
        first_default = len(params) - len(ref.defaults)
        for index, param in enumerate(params):
            if index < len(args):
                value = args[index]
            elif param.arg in rest:
                value = rest.pop(param.arg)
            else:
                value = ref.defaults[index - first_default] if index >= first_default else UNKNOWN
                value = join(value, unnamed) if unnamed is not None else value
            scope.names[param.arg] = value
        extra = args[len(params) :]
        if spec.vararg:
            scope.names[spec.vararg.arg] = data(taint_of(extra), items=tuple(extra))
        for param, default in zip(spec.kwonlyargs, ref.kw_defaults, strict=False):
            value = rest.pop(param.arg, default if default is not None else UNKNOWN)
            scope.names[param.arg] = join(value, unnamed) if unnamed is not None else value
        if spec.kwarg:
            values = tuple(rest.values()) + ((unnamed,) if unnamed is not None else ())
            scope.names[spec.kwarg.arg] = data(taint_of(values), items=values)
        return scope

    def callback(self, function: Val, line: int) -> None:
        """A function handed to something that will call it later (an event handler, a route,
        map()): followed with arguments the review cannot know."""
        ref = function.func
        if ref is None:
            return
        spec = ref.node.args
        count = len(spec.posonlyargs) + len(spec.args)
        saved = self.flow.copy()
        self.invoke(ref, [Val(Kind.PW, role="event") for _ in range(count)], {}, line)
        self.flow = saved.merge(self.flow)

    # ---- builtins -----------------------------------------------------------------------

    def call_builtin(
        self, name: str, args: list[Val], kwargs: dict[str, Val], node: ast.Call
    ) -> Val:
        line = node.lineno
        everything = [*args, *kwargs.values()]
        taint = taint_of(everything)
        short = name.rsplit(".", 1)[-1]
        if name == "open":
            mode = kwargs.get("mode", args[1] if len(args) > 1 else None)
            return self.open_file(first(args, kwargs, "file") or UNKNOWN, mode, line, "open()")
        if name == "print":
            self.leaks(
                everything, line, "prints {p} to the run's log (print)", WHY_LOG, "credential-log"
            )
            target = kwargs.get("file")
            if target is not None and target.kind is not Kind.FILE:
                self.opaque("print(file=…)", [], {}, line)
            return NOTHING
        if name in api.DYNAMIC_BUILTINS:
            return self.dynamic(name, args, kwargs, line)
        if short in api.DECODERS and not _encodes(name, args):
            self.warn(
                line,
                f"{api.DECODERS[short]}: the text it makes cannot be verified",
                WHY_DECODE,
                "decoding",
            )
            return data(taint)
        if "." in name:  # str.join(sep, parts), bytes.decode(b)...
            if not args:
                return data(taint)
            return self.data_method(args[0], short, args[1:], kwargs, line)
        callables = [v for v in everything if v.kind in CALLABLE]
        if name in api.CALLBACK_BUILTINS and callables:
            items = [element(v) for v in args if v.kind not in CALLABLE]
            results = [self.call(v, items[:1] or [data(taint)], {}, node) for v in callables]
            out = join_all([*results, *items])
            return data(taint | out.taint, items=(out,), role="many")
        if name in api.PURE_BUILTINS:
            return _pure_builtin(name, args, taint)
        return self.opaque(f"{name}()", args, kwargs, line)

    def dynamic(self, name: str, args: list[Val], kwargs: dict[str, Val], line: int) -> Val:
        everything = [*args, *kwargs.values()]
        self.warn(
            line,
            f"{api.DYNAMIC_BUILTINS[name]}: what it does cannot be verified",
            WHY_UNVERIFIABLE,
            "dynamic",
        )
        self.leaks(everything, line, f"hands {{p}} to {name}()", WHY_OPAQUE, "credential-opaque")
        if name in ("setattr", "delattr"):
            member = args[1].text if len(args) > 1 else None
            if member is None:
                self.patched_all = True  # any member may now be something else
            else:
                self.patched.add(member)
        if name == "getattr" and len(args) >= 2 and args[1].text is not None:
            found = self.attribute(args[0], args[1].text, line)
            return join(found, args[2]) if len(args) > 2 else found
        if name == "__import__":
            return self.load_module(first(args, kwargs, "name") or UNKNOWN, line, "__import__")
        return with_taint(UNKNOWN, taint_of(everything))

    def attribute(self, base: Val, name: str, line: int) -> Val:
        raise NotImplementedError

    def load_module(self, name: Val, line: int, how: str) -> Val:
        raise NotImplementedError

    # ---- plain values -------------------------------------------------------------------

    def data_method(
        self, base: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int
    ) -> Val:
        everything = [*args, *kwargs.values()]
        taint = base.taint | taint_of(everything)
        if base.role == "path":
            return self.path_method(base, name, args, kwargs, line)
        if name in ("fromhex", "translate", "maketrans") or (
            name == "decode" and args and (args[0].text or "").lower() not in SAFE_CODECS
        ):
            key = "fromhex" if name == "decode" else name
            self.warn(
                line,
                f"{api.DECODERS[key]}: the text it makes cannot be verified",
                WHY_DECODE,
                "decoding",
            )
            return data(taint)
        for value in everything:
            if value.kind is Kind.FUNC:
                self.callback(value, line)
        folded = _fold(base, name, args, kwargs, taint)
        if folded is not None:
            return folded
        if name == "format" and base.text is not None:
            return data(taint, prefix=base.text.split("{", 1)[0])
        if name == "join" and args:
            return data(taint | args[0].taint | element(args[0]).taint)
        if name in ELEMENT_METHODS:
            return with_taint(base if name == "copy" else element(base), taint)
        if name in DATA_METHOD_NAMES:
            return data(taint)
        if name in PLAYWRIGHT_NAMES:  # a Playwright object the review lost track of
            return self.call_playwright(Val(Kind.PW, role="page"), name, args, kwargs, line)
        return self.opaque(f".{name}()", args, kwargs, line)

    def path_method(
        self, base: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int
    ) -> Val:
        everything = [*args, *kwargs.values()]
        where = f"Path.{name}()"
        if name in api.PATH_WRITES:
            self.wrote(base, everything, line, where)
            if name in ("rename", "replace", "symlink_to", "hardlink_to") and args:
                self.wrote(args[0], [], line, where)
            return data()
        if name in api.PATH_READS:
            self.read(base, line, where)
            return data(base.taint)
        if name == "open":
            return self.open_file(base, first(args, kwargs, "mode"), line, where)
        if name == "joinpath":
            out = base
            for part in args:
                out = path_join(out, part)
            return out
        if name in ("with_name", "with_suffix", "with_stem") and args:
            ok = args[0].text is not None and "/" not in args[0].text and ".." not in args[0].text
            return evolve(base, const=MISSING, prefix="", temp=base.temp and ok)
        if name in ("expanduser", "resolve", "absolute"):
            return base
        if name in api.PATH_PURE:
            return data(base.taint | taint_of(everything))
        return self.data_method(evolve(base, role=""), name, args, kwargs, line)

    def open_file(self, path: Val, mode: Val | None, line: int, where: str) -> Val:
        text = "r" if mode is None else mode.text
        if text is None or any(c in text for c in "wax+"):
            self.wrote(path, [], line, where)
        else:
            self.read(path, line, where)
        return Val(Kind.FILE, temp=path.temp, prefix=path.text or "")

    def file_method(self, base: Val, name: str, args: list[Val], line: int) -> Val:
        if name in ("write", "writelines"):
            self.leaks(
                args, line, f"writes {{p}} to a file (file.{name}())", WHY_FILE, "credential-file"
            )
            return NOTHING
        if name in ("__enter__",):
            return base
        return data()


def path_join(left: Val, right: Val) -> Val:
    """left / right, as pathlib does it: an absolute right side replaces the left."""
    taint = left.taint | right.taint
    if right.text is not None and right.text.startswith(("/", "~")):
        return evolve(right, role="path", temp=False, taint=taint)
    if left.text is not None and right.text is not None:
        text = f"{left.text.rstrip('/')}/{right.text}"
        const: Any = text
    else:
        text, const = left.prefix, MISSING
    temp = left.temp and right.text is not None and safe_relative(right.text)
    return Val(Kind.DATA, const=const, prefix=text, taint=taint, role="path", temp=temp)


def _callee(node: ast.Call) -> str:
    text = ast.unparse(node.func)
    return (text if len(text) <= 60 else text[:57] + "…") + "()"


def _encodes(name: str, args: list[Val]) -> bool:
    """bytes("text", "utf-8") encodes; bytes([104, 116]) builds text from numbers."""
    if name not in ("bytes", "bytearray"):
        return False
    return not args or args[0].text is not None or isinstance(args[0].const, int)


def _pure_builtin(name: str, args: list[Val], taint: frozenset[str]) -> Val:
    value = args[0] if args else None
    if value is None:
        return data(taint)
    if name == "str":
        if value.text is not None or value.role == "path":
            return evolve(value, role="", taint=taint)
        if (value.known and isinstance(value.const, int | float | bool)) or value.const is None:
            return string(str(value.const), taint)
        return data(taint, prefix="")
    if name in (
        "list",
        "tuple",
        "set",
        "frozenset",
        "sorted",
        "reversed",
        "iter",
        "next",
        "min",
        "max",
        "dict",
    ):
        if name in ("next", "min", "max") and len(args) == 1:
            return with_taint(element(value), taint)
        if value.items is not None:
            return data(taint, items=value.items, role=value.role)
        return data(taint, items=(element(value),), role="many")
    if name == "len" and (value.text is not None or value.items is not None):
        size = len(value.text) if value.text is not None else len(value.items or ())
        return Val(Kind.DATA, const=size) if value.role != "many" else data()
    if name in ("int", "float") and isinstance(value.const, str | int | float):
        try:
            return Val(Kind.DATA, const=(int if name == "int" else float)(value.const))
        except (ValueError, OverflowError):
            return data(taint)
    return data(taint)


def _fold(
    base: Val, name: str, args: list[Val], kwargs: dict[str, Val], taint: frozenset[str]
) -> Val | None:
    """A string method on known text with known arguments, computed (within limits)."""
    if name not in FOLDABLE or not isinstance(base.const, str | bytes) or kwargs:
        return None
    if name == "join":
        parts = args[0] if args else None
        if parts is None or parts.items is None or parts.role == "many":
            return None
        values = [p.const for p in parts.items]
    else:
        values = [a.const for a in args]
    if not all(isinstance(v, str | bytes | int) or v is None for v in values):
        return None
    if name == "format" and isinstance(base.const, str) and _FORMAT_SPEC.search(base.const):
        return None
    if name in ("replace", "center", "ljust", "rjust", "zfill", "expandtabs") and (
        len(base.const)
        * max((len(v) if isinstance(v, str | bytes) else v or 1) for v in [1, *values])
        > MAX_TEXT * 10
    ):
        return None
    try:
        result = (
            getattr(base.const, name)(values)
            if name == "join"
            else getattr(base.const, name)(*values)
        )
    except (TypeError, ValueError, LookupError, UnicodeError, OverflowError, AttributeError):
        return None
    if isinstance(result, str):
        return string(result, taint)
    if isinstance(result, list | tuple):
        return data(
            taint,
            items=tuple(
                string(r, taint) if isinstance(r, str) else Val(Kind.DATA, const=r, taint=taint)
                for r in result
            ),
        )
    return Val(Kind.DATA, const=result, taint=taint)
