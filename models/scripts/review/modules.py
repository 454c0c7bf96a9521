"""Modules: imports against the allow-list, modules loaded by name at run time, and calls into
modules (the runner's functions, temporary files and paths, and everything foreign)."""

from __future__ import annotations

import ast

from automation_admin.models.scripts.review import api, foreign
from automation_admin.models.scripts.review.calls import WHY_LOG, Calls, path_join
from automation_admin.models.scripts.review.effects import (
    WHY_FILE,
    WHY_OPAQUE,
    WHY_REQUEST,
    WHY_UNVERIFIABLE,
)
from automation_admin.models.scripts.review.playwright import first
from automation_admin.models.scripts.review.urls import parse
from automation_admin.models.scripts.review.values import (
    NOTHING,
    UNKNOWN,
    Kind,
    Val,
    data,
    string,
    taint_of,
)

WHY_IMPORT = (
    "Scripts may import only Playwright, the runner's checkpoint() and record_result(), and "
    "modules that compute values (re, json, datetime, time, math, decimal, string, typing, "
    "tempfile, pathlib…); anything else can do anything on this computer."
)
WHY_CHECKPOINT = "The checkpoint dialog and the stored decision would show the value."
WHY_RESULT = "Results are stored in the run history, in plain sight."
# Calls that take an address (or a host) as their first argument; "request" takes it second.
DESTINATIONS = (
    frozenset(
        {
            "get",
            "post",
            "put",
            "patch",
            "delete",
            "head",
            "options",
            "stream",
            "urlopen",
            "Request",
            "urlretrieve",
            "open",
            "open_new",
            "open_new_tab",
            "fetch",
            "ws_connect",
            "connect",
        }
    )
    | foreign.HOST_ARGUMENT
)


def allowed(module: str) -> bool:
    return module in api.ALLOWED_MODULES or module.split(".")[0] == "playwright"


class Modules(Calls):
    def check_import(self, module: str, line: int, name: str | None = None) -> None:
        if module == api.RUNNER_MODULE:
            if name is not None and name not in api.RUNNER_NAMES:
                self.warn(
                    line,
                    f"imports {module}.{name}, which is not one of the runner's functions "
                    "(checkpoint, record_result): it cannot be verified",
                    WHY_IMPORT,
                    "import",
                )
            return
        if not allowed(module):
            self.warn(
                line,
                f"imports {module or 'a module'}, which is outside the allow-list: what it does "
                "cannot be verified",
                WHY_IMPORT,
                "import",
            )

    def do_import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.check_import(alias.name, node.lineno)
            if alias.asname:
                self.write(self.scope, alias.asname, Val(Kind.MODULE, name=alias.name))
            else:
                root = alias.name.split(".")[0]
                self.write(self.scope, root, Val(Kind.MODULE, name=root))

    def do_import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            self.warn(
                node.lineno,
                f"imports from the script's own folder ({'.' * node.level}{module}): what it "
                "brings cannot be verified",
                WHY_IMPORT,
                "import",
            )
            module = f"{'.' * node.level}{module}"
        for alias in node.names:
            if alias.name == "*":
                self.warn(
                    node.lineno,
                    f"imports every name of {module}: the names it brings cannot be verified",
                    WHY_IMPORT,
                    "import",
                )
                continue
            if not node.level:
                self.check_import(module, node.lineno, alias.name)
            dotted = f"{module}.{alias.name}"
            value = (
                Val(Kind.BUILTIN, name=alias.name)
                if module == "builtins"
                else Val(Kind.SYMBOL, name=dotted)
            )
            self.write(self.scope, alias.asname or alias.name, value)

    def load_module(self, name: Val, line: int, how: str) -> Val:
        if name.text is None:
            self.warn(
                line,
                f"loads a module whose name is built at run time ({how}): what it does cannot "
                "be verified",
                WHY_IMPORT,
                "dynamic-import",
            )
            return Val(Kind.MODULE, name="")
        self.warn(
            line,
            f"loads the module {name.text} by name at run time ({how}): what it does cannot be "
            "verified",
            WHY_IMPORT,
            "dynamic-import",
        )
        self.check_import(name.text, line)
        return Val(Kind.MODULE, name=name.text)

    # ---- calls into modules -------------------------------------------------------------

    def call_symbol(
        self, name: str, args: list[Val], kwargs: dict[str, Val], node: ast.Call
    ) -> Val:
        line = node.lineno
        everything = [*args, *kwargs.values()]
        taint = taint_of(everything)
        if name.rsplit(".", 1)[-1] in self.patched:
            return self.opaque(f"{name}() (replaced by the script)", args, kwargs, line)
        if name == api.RUNNER_CHECKPOINT:
            self.flow.checkpointed = True
            self.has_checkpoint = True
            self.leaks(
                everything,
                line,
                "shows {p} in a checkpoint's text (checkpoint)",
                WHY_CHECKPOINT,
                "credential-checkpoint",
            )
            return NOTHING
        if name == api.RUNNER_RESULT:
            self.leaks(
                everything,
                line,
                "puts {p} in the run's recorded result (record_result)",
                WHY_RESULT,
                "credential-result",
            )
            return data()
        if name.startswith("playwright."):
            last = name.rsplit(".", 1)[-1]
            if last == "expect":
                target = args[0] if args else UNKNOWN
                page = target.page if target.kind is Kind.PW else None
                return Val(Kind.PW, role="assert", page=page)
            if last in ("sync_playwright", "async_playwright"):
                return Val(Kind.PW, role="playwright")
            return data(taint)
        if name in api.TEMP_FUNCTIONS:
            return self.temporary(name, args, kwargs)
        if name in api.PATH_CLASSES:
            out = string(".", taint) if not args else args[0]
            out = Val(
                Kind.DATA,
                const=out.const,
                prefix=out.prefix,
                taint=out.taint,
                role="path",
                temp=out.temp,
            )
            for part in args[1:]:
                out = path_join(out, part)
            return out
        if name.rsplit(".", 1)[0] in api.PATH_CLASSES:
            home = name.endswith(".home")
            return Val(
                Kind.DATA, const="~" if home else ".", prefix="~" if home else ".", role="path"
            )
        if name == "typing.cast" and len(args) == 2:
            return args[1]
        if name == "json.dump":
            fp = first(args[1:], kwargs, "fp")
            if fp is not None and fp.kind is Kind.FILE:
                self.leaks(
                    everything,
                    line,
                    "writes {p} to a file (json.dump)",
                    WHY_FILE,
                    "credential-file",
                )
                return NOTHING
            return self.opaque("json.dump()", args, kwargs, line)
        if name == "importlib.import_module":
            return self.load_module(
                first(args, kwargs, "name") or UNKNOWN, line, "importlib.import_module"
            )
        if name.startswith(api.RUNNER_MODULE + "."):
            return self.opaque(f"{name}()", args, kwargs, line)
        if name.split(".")[0] in api.PURE_MODULES and allowed(name.split(".")[0]):
            for value in everything:
                if value.kind is Kind.FUNC:
                    self.callback(value, line)
            return data(taint)
        return self.foreign_call(name, args, kwargs, line)

    def temporary(self, name: str, args: list[Val], kwargs: dict[str, Val]) -> Val:
        folder = kwargs.get("dir")
        if folder is None and name == "tempfile.mkdtemp" and len(args) > 2:
            folder = args[2]
        pieces = [kwargs.get("prefix"), kwargs.get("suffix"), *args[:2]]
        climbs = any(
            p is not None and (p.text is None or "/" in p.text or "\\" in p.text)
            for p in pieces
            if p is not None and p.kind is Kind.DATA and p.const is not None
        )
        inside = (folder is None or folder.temp) and not climbs
        if name in (
            "tempfile.NamedTemporaryFile",
            "tempfile.TemporaryFile",
            "tempfile.SpooledTemporaryFile",
        ):
            return Val(Kind.FILE, temp=inside)
        path = Val(Kind.DATA, role="path", temp=inside)
        if name == "tempfile.mkstemp":
            return data(items=(data(), path))
        return path

    def foreign_call(self, name: str, args: list[Val], kwargs: dict[str, Val], line: int) -> Val:
        everything = [*args, *kwargs.values()]
        for value in everything:
            if value.kind is Kind.FUNC:
                self.callback(value, line)
        info = foreign.describe(name)
        last = name.replace("()", "").rsplit(".", 1)[-1]
        if info.kind == "network":
            self.leaks(
                everything,
                line,
                f"sends {{p}} over the network ({name})",
                WHY_REQUEST,
                "credential-request",
            )
            address = kwargs.get("url") or kwargs.get("host")
            if address is None and last == "request":
                address = args[1] if len(args) > 1 else None
            elif address is None and last in DESTINATIONS:
                address = args[0] if args else None
            if address is not None:
                self.network_target(address, last, line, name)
        else:
            why = WHY_LOG if info.kind == "other" else WHY_OPAQUE
            self.leaks(everything, line, f"hands {{p}} to {name}", why, "credential-opaque")
            if info.kind != "other" and "()" not in name:  # a method of a foreign result
                suffix = (
                    "the result cannot be verified"
                    if info.kind == "decoding"
                    else "what it does cannot be verified"
                )
                self.warn(line, f"{info.what}: {suffix}", WHY_UNVERIFIABLE, info.kind)
        return Val(Kind.SYMBOL, name=f"{name}()", taint=taint_of(everything))

    def network_target(self, address: Val, last: str, line: int, name: str) -> None:
        if address.kind is not Kind.DATA:
            return
        if address.items and address.role != "many":  # (host, port)
            address = address.items[0]
        if last in foreign.HOST_ARGUMENT and address.text is not None and "//" not in address.text:
            target = parse(f"https://{address.text}/", complete=True)
        else:
            target = self.target(address)
        self.visit(target, address, line, "connects to", name)
