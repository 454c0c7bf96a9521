"""The adversarial corpus: every script flagged, every credential leak a blocker, every finding
explained; the verdict survives renaming variables and reordering independent statements; the
demo's scripts are clean, or flagged for the flaw they carry."""

from __future__ import annotations

import ast
import builtins
import keyword
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation_admin.models.demo import catalog
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.review import Review, context_for, review_script
from automation_admin.models.security.redaction import Redactor
from automation_admin.models.store.vault import Vault
from tests.models.scripts.adversarial import CASES, Case

OPENAI = catalog.PROVIDERS_BY_ID["openai"]
CONTEXT = context_for(
    "OpenAI",
    [OPENAI.dashboard, OPENAI.api_base],
    provider_id="openai",
    secret_names={
        "OPENAI_API_KEY": frozenset({"openai"}),
        "PROD_LOGIN": frozenset({"openai"}),
        "ANTHROPIC_API_KEY": frozenset({"anthropic"}),
    },
    provider_names={"openai": "OpenAI", "anthropic": "Anthropic"},
)
# Findings about what the review cannot prove: their words must say so.
UNVERIFIABLE = {
    "dynamic",
    "dynamic-import",
    "import",
    "javascript",
    "intercept",
    "runtime-address",
    "unknown-call",
    "decoding",
    "program",
    "browser-option",
    "internals",
}


def review(script: str) -> Review:
    return review_script(script, "custom", CONTEXT, Redactor())


def signature(result: Review) -> tuple[str, frozenset[tuple[str, str]]]:
    return result.kind, frozenset((str(i.severity), i.code) for i in result.items)


def test_the_corpus_covers_the_issue() -> None:
    assert len(CASES) >= 30
    assert sum(c.leak for c in CASES) >= 20
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_adversarial_script_is_flagged(case: Case) -> None:
    result = review(case.script)
    codes = {i.code for i in result.items}
    assert not result.verdict.startswith("No problems found"), result.items
    assert set(case.codes) <= codes, (codes, result.items)
    if case.refused:
        assert result.kind == "blocked", result.items
        assert {i.code for i in result.blockers} <= set(case.codes), result.items
    elif case.leak:
        assert result.kind == "blocked", result.items
        # the credential's own flow is what blocks (or the text hides code the review ran)
        refusals = {i.code for i in result.blockers}
        assert any(c.startswith("credential") for c in refusals) or refusals == {"encoding"}
        assert result.verdict.startswith("Cannot be approved: ")
    else:
        # what cannot be proven is a warning a person acknowledges, not a refusal
        assert result.kind == "warnings", result.items
        assert "cannot be verified" in result.verdict or "Acknowledge each" in result.verdict
    lines = len(case.script.splitlines())
    assert result.items, case.name
    for item in result.items:
        assert 1 <= item.line <= lines, item
        assert item.what and item.why, item
        if item.code in UNVERIFIABLE:
            assert "cannot be verified" in item.what, item


def test_a_credential_typed_into_the_provider_form_is_clean() -> None:
    script = Case(
        "login",
        "    page.goto('https://platform.openai.com/login')\n"
        "    page.get_by_label('API key').fill('{{OPENAI_API_KEY}}')\n"
        "    page.get_by_role('button', name='Continue').click()\n"
        "    return record_result(rows=page.locator('tr').all_inner_texts())\n",
        (),
    ).script
    result = review(script)
    assert result.items == [] and result.kind == "clean"
    assert result.verdict.startswith("No problems found")


# ---- renaming and reordering ----------------------------------------------------------------

# New names for the script's own: short and long, none a keyword or a builtin.
_NAMES = """a b x y z p q go url target the_page helper value item first second count row rows
    data_in alpha beta gamma delta zeta kappa omega link site text word box thing frob quux
    spam eggs foo bar baz qux m1 m2 k9 long_descriptive_name another_one"""
NAMES = tuple(_NAMES.split())
assert not any(keyword.iskeyword(n) or n in dir(builtins) for n in NAMES)


def bound_names(tree: ast.AST) -> set[str]:
    """Names the script binds itself (variables, functions, parameters, import aliases)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias) and node.name != "*" and "." not in node.name:
            names.add(node.asname or node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
    keywords = {k.arg for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg}
    return {n for n in names if not n.startswith("__") and n not in keywords}


class Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.mapping.get(node.arg, node.arg)
        self.generic_visit(node)
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node

    visit_ClassDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_alias(self, node: ast.alias) -> ast.alias:
        bound = node.asname or node.name
        if bound in self.mapping:
            node.asname = self.mapping[bound]
        return node

    def visit_Global(self, node: ast.Global) -> ast.Global:
        node.names = [self.mapping.get(n, n) for n in node.names]
        return node

    visit_Nonlocal = visit_Global  # type: ignore[assignment]


def reads_and_writes(statement: ast.stmt) -> tuple[set[str], set[str]] | None:
    """For a statement that can move (a plain assignment or an import): what it reads and
    binds; None for anything else."""
    if isinstance(statement, ast.Import) or (
        isinstance(statement, ast.ImportFrom) and statement.module != "__future__"
    ):
        return set(), {a.asname or a.name.split(".")[0] for a in statement.names}
    if (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and not any(
            isinstance(n, ast.Call | ast.Await | ast.Yield | ast.NamedExpr | ast.Lambda)
            for n in ast.walk(statement.value)
        )
    ):
        reads = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
        return reads, {statement.targets[0].id}
    return None


def shuffle_independent(body: list[ast.stmt], rng: random.Random) -> list[ast.stmt]:
    """Each run of adjacent movable statements in a random order that keeps every dependency."""
    out: list[ast.stmt] = []
    run: list[tuple[ast.stmt, set[str], set[str]]] = []

    def flush() -> None:
        pending = list(run)
        while pending:
            free = [
                entry
                for index, entry in enumerate(pending)
                if not any(
                    (entry[1] | entry[2]) & earlier[2] or entry[2] & earlier[1]
                    for earlier in pending[:index]
                )
            ]
            chosen = rng.choice(free)
            pending.remove(chosen)
            out.append(chosen[0])
        run.clear()

    for statement in body:
        effects = reads_and_writes(statement)
        if effects is None:
            flush()
            out.append(statement)
        else:
            run.append((statement, *effects))
    flush()
    return out


def reorder(tree: ast.AST, rng: random.Random) -> None:
    for node in ast.walk(tree):
        for attribute in ("body", "orelse", "finalbody"):
            body = getattr(node, attribute, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                setattr(node, attribute, shuffle_independent(body, rng))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from([c for c in CASES if not c.textual]),
    seed=st.integers(0, 2**32),
    data=st.data(),
)
def test_renaming_and_reordering_keep_the_verdict(case: Case, seed: int, data) -> None:  # type: ignore[no-untyped-def]
    tree = ast.parse(case.script)
    expected = signature(review(ast.unparse(tree)))
    assert expected[0] == review(case.script).kind
    names = sorted(bound_names(tree))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | set(names)
    fresh = [n for n in data.draw(st.permutations(NAMES)) if n not in used][: len(names)]
    changed = Rename(dict(zip(names, fresh, strict=True))).visit(tree)
    reorder(changed, random.Random(seed))
    assert signature(review(ast.unparse(ast.fix_missing_locations(changed)))) == expected


def test_reordering_finds_something_to_move() -> None:
    """The property above is not vacuous: most scripts have statements it may reorder."""
    rng = random.Random(4)
    moved = 0
    for case in CASES:
        tree = ast.parse(case.script)
        before = ast.unparse(tree)
        for _ in range(6):
            reorder(tree, rng)
        moved += ast.unparse(tree) != before
    assert moved >= len(CASES) // 2


# ---- the demo's scripts ----------------------------------------------------------------------


def test_every_demo_script_is_clean_or_flagged_for_its_flaw(vault: Vault) -> None:
    write_demo(vault, "small", seed=6)
    rows = vault.database().execute_sql(
        "SELECT id, script_content, approval_status FROM automation_scripts"
    )
    seen: Counter[str] = Counter()
    for script_id, content, status in rows:
        result = scripts_data.detail(vault, script_id).review
        codes = {(str(i.severity), i.code) for i in result.items}
        if catalog.FLAWS["screenshot"] in content:
            seen["screenshot"] += 1
            assert status == "pending"
            assert (result.kind, codes) == ("warnings", {("warning", "file-write")})
            assert "'after-sign-in.png'" in result.warnings[0].what
        elif "print(" in content:
            seen["log"] += 1
            assert status == "pending"
            assert (result.kind, codes) == ("blocked", {("blocker", "credential-log")})
        else:
            seen["clean"] += 1
            assert result.kind == "clean", result.items
            assert all(result.domains.values()), result.domains
    assert seen["screenshot"] and seen["log"] and seen["clean"] > 20, seen
