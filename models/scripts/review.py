"""The safety review of an automation script, computed locally from its text.

Findings carry a line number so the window can jump to the code. A secret or a syntax error
blocks approval; the rest are warnings a person weighs.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from automation_admin.models.security import redaction

# Task types whose scripts must pause for a person before acting (seed: HITL checkpoints).
CHECKPOINT_REQUIRED = {
    "account_creation",
    "payment_config",
    "billing_restriction",
    "api_key_management",
}
RISKY_CALLS = {
    "subprocess",
    "os.system",
    "os.popen",
    "eval",
    "exec",
    "compile",
    "__import__",
    "shutil.rmtree",
    "os.remove",
    "os.unlink",
}
RISKY_TARGET = re.compile(
    r"\b(delete|remove|pay|purchase|buy|confirm|revoke|destroy|"
    r"terminate|cancel subscription|close account)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s'\"<>)]+")
# Bidirectional controls make code display in an order other than the one it runs in
# ("Trojan Source"): what the reviewer reads would not be what runs.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_TEMP_HINTS = ("tmp", "temp", "tempfile", "gettempdir")


@dataclass(frozen=True)
class ReviewItem:
    severity: str  # "blocker", "warning" or "info"
    line: int
    message: str


@dataclass
class Review:
    items: list[ReviewItem] = field(default_factory=list)
    domains: dict[str, bool] = field(default_factory=dict)  # domain -> known

    @property
    def blocked(self) -> bool:
        return any(i.severity == "blocker" for i in self.items)

    @property
    def verdict(self) -> str:
        blockers = [i for i in self.items if i.severity == "blocker"]
        warnings = [i for i in self.items if i.severity == "warning"]
        if blockers:
            return f"Cannot be approved: {blockers[0].message} (line {blockers[0].line})."
        if warnings:
            return (
                f"Review {len(warnings)} warning{'s' if len(warnings) != 1 else ''} before "
                "approving."
            )
        return "No problems found."


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _domain(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.lower()


def _known(host: str, known_hosts: set[str]) -> bool:
    return any(host == k or host.endswith("." + k) for k in known_hosts)


def review_script(
    content: str, task_type: str, known_urls: list[str], redactor: redaction.Redactor | None = None
) -> Review:
    """Everything a person approving the script should know, with line numbers."""
    result = Review()
    hit = (redactor or redaction.active()).find_secret(content)
    if hit is not None:
        line, kind = hit
        result.items.append(ReviewItem("blocker", line, f"holds {kind}; use a placeholder"))
    bidi = _BIDI.search(content)
    if bidi is not None:
        line = content.count("\n", 0, bidi.start()) + 1
        result.items.append(
            ReviewItem(
                "blocker",
                line,
                "holds bidirectional control characters: the code may run in another order "
                "than it reads",
            )
        )
    try:
        tree = ast.parse(content)
    except SyntaxError as exc:
        result.items.append(
            ReviewItem("blocker", exc.lineno or 1, f"Python syntax error: {exc.msg}")
        )
        tree = None
    except (ValueError, MemoryError, RecursionError) as exc:
        # NUL characters (ValueError), or nesting deeper than the parser's stack: text another
        # program wrote cannot take the review down.
        reason = "holds NUL characters" if isinstance(exc, ValueError) else "nests too deeply"
        result.items.append(ReviewItem("blocker", 1, f"cannot be parsed as Python: it {reason}"))
        tree = None
    known_hosts = {h for h in (_domain(u) for u in known_urls) if h}
    known_hosts |= {".".join(h.split(".")[-2:]) for h in known_hosts if h.count(".") >= 1}
    for number, text in enumerate(content.splitlines(), start=1):
        for url in _URL.findall(text):
            host = _domain(url)
            if not host or "{{" in url:
                continue
            known = _known(host, known_hosts)
            if host not in result.domains:
                result.domains[host] = known
                if not known:
                    result.items.append(
                        ReviewItem(
                            "warning", number, f"navigates to or calls an unknown domain: {host}"
                        )
                    )
    if tree is not None:
        annotate_parents(tree)
        _review_tree(tree, task_type, result)
    result.items.sort(key=lambda i: ({"blocker": 0, "warning": 1, "info": 2}[i.severity], i.line))
    return result


def _review_tree(tree: ast.AST, task_type: str, result: Review) -> None:
    has_checkpoint = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = getattr(node, "module", None) or ""
            for name in [module, *names]:
                if name.split(".")[0] in ("subprocess", "ctypes", "socket"):
                    result.items.append(
                        ReviewItem(
                            "warning",
                            node.lineno,
                            f"imports {name}: runs or reaches outside the browser",
                        )
                    )
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        if name.split(".")[-1] == "checkpoint" or name.endswith("human_checkpoint"):
            has_checkpoint = True
        if name in RISKY_CALLS or name.split(".")[0] == "subprocess":
            result.items.append(ReviewItem("warning", node.lineno, f"risky call: {name}()"))
        if (
            name in ("open", "pathlib.Path.write_text", "Path.write_text")
            or name.endswith(".write_text")
            or name.endswith(".write_bytes")
        ):
            mode = ""
            if name == "open" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                mode = str(node.args[1].value)
            writes = name != "open" or any(c in mode for c in "wax+")
            target = ast.unparse(node.args[0]) if node.args else ""
            if writes and not any(h in target.lower() for h in _TEMP_HINTS):
                result.items.append(
                    ReviewItem(
                        "warning",
                        node.lineno,
                        f"writes a file outside a temporary folder: {target}",
                    )
                )
        if name.endswith(("click", "get_by_role", "get_by_text", "locator")):
            text = " ".join(ast.unparse(a) for a in [*node.args, *(k.value for k in node.keywords)])
            match = RISKY_TARGET.search(text)
            if (match and name.endswith("click")) or (match and _clicked(node)):
                result.items.append(
                    ReviewItem("warning", node.lineno, f"clicks a “{match.group(0)}” control")
                )
    if task_type in CHECKPOINT_REQUIRED and not has_checkpoint:
        result.items.append(
            ReviewItem(
                "blocker",
                1,
                f"a {task_type.replace('_', ' ')} script must call checkpoint() before it acts",
            )
        )


def _clicked(node: ast.Call) -> bool:
    """A locator call whose result is clicked: page.get_by_role("button", name="Pay").click()."""
    parent = getattr(node, "_parent", None)
    return isinstance(parent, ast.Attribute) and parent.attr == "click"


def annotate_parents(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._parent = node  # type: ignore[attr-defined]
