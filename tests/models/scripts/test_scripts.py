"""Scripts: the safety review's rules, decisions and their audit, versions and run history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from automation_admin.models.demo import catalog
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.review import context_for, review_script
from automation_admin.models.security.redaction import Redactor
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paging import all_pages
from automation_admin.models.store.vault import Vault
from tests.factories import TS, insert, make_secret
from tests.statements import statements

OPENAI = catalog.PROVIDERS_BY_ID["openai"]
CONTEXT = context_for("OpenAI", [OPENAI.dashboard, OPENAI.api_base], provider_id="openai")
CLEAN = catalog.script_content("api_key_management", OPENAI, 1)


def messages(content: str, task: str = "custom", secrets: tuple[str, ...] = ()) -> list[str]:
    review = review_script(content, task, CONTEXT, Redactor(secrets))
    return [f"{i.severity}:{i.line}:{i.message}" for i in review.items]


def test_the_demo_script_is_clean() -> None:
    review = review_script(CLEAN, "api_key_management", CONTEXT, Redactor())
    assert review.items == [], review.items
    assert review.domains == {"platform.openai.com": True}
    assert review.verdict.startswith("No problems found")


def test_syntax_errors_and_secrets_block_with_their_line() -> None:
    broken = "def run(page):\n    page.goto('https://platform.openai.com'\n"
    assert any(
        m.startswith("blocker:2:Python syntax error") or m.startswith("blocker:3:Python")
        for m in messages(broken)
    )
    leaked = CLEAN + '\nTOKEN = "vault-secret-0123456789"\n'
    found = messages(leaked, "api_key_management", ("vault-secret-0123456789",))
    line = len(leaked.splitlines())
    assert any(m.startswith(f"blocker:{line}:holds ") for m in found), found
    quoted = CLEAN + '\npage.fill("#k", "vault-secret-0123456789")\n'
    found = messages(quoted, "api_key_management", ("vault-secret-0123456789",))
    assert any("holds a secret value from this vault" in m for m in found), found


def test_unknown_domains_are_flagged_known_ones_are_not() -> None:
    script = (
        "def run(page):\n    page.goto('https://platform.openai.com/usage')\n"
        "    page.goto('https://evil.example.net/collect')\n"
    )
    found = messages(script)
    assert found == [
        "warning:3:opens evil.example.net (page.goto()), which is not a known site of OpenAI: "
        "it cannot be verified"
    ]


@pytest.mark.parametrize(
    "task",
    sorted({"account_creation", "payment_config", "billing_restriction", "api_key_management"}),
)
def test_checkpoints_required_where_the_task_demands(task: str) -> None:
    without = "def run(page):\n    page.goto('https://platform.openai.com')\n"
    assert any("must call checkpoint()" in m for m in messages(without, task))
    assert not any("must call checkpoint()" in m for m in messages(without, "dashboard_scrape"))
    runner = "from automation_runtime import checkpoint\n\n"
    with_cp = runner + without + "    checkpoint('billing', 'Set the cap')\n"
    assert not any("must call checkpoint()" in m for m in messages(with_cp, task))
    # A function of the script's own called checkpoint is not the runner's pause.
    own = "def checkpoint(*args):\n    pass\n\n" + without + "    checkpoint('billing', 'x')\n"
    assert any("must call checkpoint()" in m for m in messages(own, task))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("import subprocess", "imports subprocess, which is outside the allow-list"),
        ("os.system('rm -rf /')", "runs a program on this computer (os.system)"),
        ("eval(page.content())", "runs Python code held in a string (eval)"),
        (
            "open('/home/me/.ssh/config', 'w').write('x')",
            "writes '/home/me/.ssh/config' (open()), outside the runner's temporary folder",
        ),
        (
            "page.get_by_role('button', name='Delete project').click()",
            "clicks a “Delete” control before any checkpoint()",
        ),
        ("page.click('text=Purchase')", "clicks a “Purchase” control before any checkpoint()"),
    ],
)
def test_risky_code_is_flagged(line: str, expected: str) -> None:
    script = f"import os\n\ndef run(page):\n    {line}\n"
    assert any(expected in m for m in messages(script)), messages(script)


@pytest.mark.parametrize(
    "line",
    [
        "open(tempfile.gettempdir() + '/x.csv', 'w')",
        "Path(tempfile.mkdtemp()) / 'report.csv'",
        "page.get_by_role('button', name='Save').click()",
        "page.get_by_text('Delete').is_visible()",
        "page.goto('https://platform.openai.com/org/{{ORG_ID}}/usage')",
        "checkpoint('billing', 'Set the cap to {{MONTHLY_CAP_USD}} USD')",
        "page.get_by_label('Password').fill('{{ACCOUNT_PASSWORD}}')",
    ],
)
def test_harmless_code_stays_quiet(line: str) -> None:
    script = (
        "import tempfile\nfrom pathlib import Path\n\n"
        "from automation_runtime import checkpoint\n\n\ndef run(page):\n"
        "    page.goto('https://platform.openai.com/login')\n"
        f"    {line}\n"
    )
    assert messages(script) == []


def test_a_placeholder_in_an_address_is_not_a_relative_path() -> None:
    """The runner puts any value there: '{{DASHBOARD}}' may be an address of any site."""
    found = messages("def run(page):\n    page.goto('{{DASHBOARD}}')\n")
    assert found == [
        "warning:2:opens an address built at run time (page.goto()), so where it goes cannot "
        "be verified"
    ]


def add_script(vault: Vault, **values: Any) -> str:
    sid = uuid7()
    row = {
        "id": sid,
        "profile_id": vault.profile_id,
        "provider_id": "generic",
        "task_type": "dashboard_scrape",
        "title": "Collect usage",
        "description": "d",
        "script_content": "def run(page):\n    page.goto('https://example.com')\n",
        "model_used": "m",
        "created_at": TS,
        "updated_at": TS,
    } | values
    insert(vault, "automation_scripts", row)
    return sid


def approve_all(vault: Vault, sid: str) -> dict[str, Any]:
    """Approve as the reviewer who saw the script now and acknowledged every warning."""
    info = scripts_data.detail(vault, sid)
    return scripts_data.approve(vault, sid, info.seen, [w.text for w in info.review.warnings])


def events(vault: Vault, kind: str) -> list[dict[str, Any]]:
    rows = vault.database().execute_sql(
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = ? "
        "ORDER BY created_at, id",
        (kind,),
    )
    return [json.loads(r[0]) for r in rows]


def test_approve_reject_return_and_their_audit(vault: Vault) -> None:
    sid = add_script(vault)
    row = approve_all(vault, sid)
    assert row["approval_status"] == "approved" and row["approved_at"]
    (approved,) = events(vault, "automation.script.approved")
    assert approved["script"] == sid and approved["version"] == 1
    assert approved["acknowledged"] == [
        "Line 2: opens example.com (page.goto()), which is not a known site of Unassigned: it "
        "cannot be verified"
    ]
    with pytest.raises(ValidationError):
        scripts_data.reject(vault, sid, "  ")
    row = scripts_data.reject(vault, sid, "Navigates to an unknown domain")
    assert row["approval_status"] == "rejected" and row["approved_at"] is None
    assert events(vault, "automation.script.rejected")[0]["reason"] == (
        "Navigates to an unknown domain"
    )
    assert scripts_data.return_to_pending(vault, sid)["approval_status"] == "pending"
    with pytest.raises(ValidationError):
        scripts_data.return_to_pending(vault, sid)


def test_approval_refused_while_the_review_blocks(vault: Vault) -> None:
    make_secret(vault)
    sid = add_script(
        vault,
        task_type="payment_config",
        script_content="def run(page):\n    page.fill('#card', 'x')\n",
    )
    with pytest.raises(scripts_data.ApprovalRefused, match="must call checkpoint"):
        approve_all(vault, sid)
    assert scripts_data.detail(vault, sid).row["approval_status"] == "pending"


def test_auto_approve_rules(vault: Vault) -> None:
    scrape = add_script(vault)
    with pytest.raises(ValidationError, match="only an approved"):
        scripts_data.set_auto_approve(vault, scrape, True)
    approve_all(vault, scrape)
    assert scripts_data.set_auto_approve(vault, scrape, True)["auto_approve_repeat"] == 1
    billing = add_script(
        vault,
        task_type="billing_restriction",
        script_content=(
            "from automation_runtime import checkpoint\n\n"
            "def run(page):\n    checkpoint('billing', 'cap')\n"
        ),
    )
    approve_all(vault, billing)
    with pytest.raises(ValidationError, match="financial checkpoints are never bypassed"):
        scripts_data.set_auto_approve(vault, billing, True)
    assert (
        scripts_data.detail(vault, billing).auto_approve_blocked
        == "financial checkpoints are never bypassed"
    )
    assert scripts_data.reject(vault, scrape, "obsolete")["auto_approve_repeat"] == 0


def test_versions_and_the_diff_against_the_last_approved(vault: Vault) -> None:
    first = add_script(vault, version=1, created_at="2026-10-01T00:00:00Z")
    approve_all(vault, first)
    second = add_script(
        vault,
        version=2,
        created_at="2026-10-05T00:00:00Z",
        script_content=("def run(page):\n    page.goto('https://example.com/usage')\n"),
    )
    info = scripts_data.detail(vault, second)
    assert [v.version for v in info.versions] == [1, 2]
    assert "-    page.goto('https://example.com')" in info.diff
    assert "+    page.goto('https://example.com/usage')" in info.diff


def test_queue_order_and_paging(vault: Vault) -> None:
    made = {}
    for i, status in enumerate(["approved", "pending", "rejected", "pending", "approved"]):
        made[
            add_script(
                vault,
                approval_status=status,
                title=f"S{i}",
                created_at=f"2026-10-0{i + 1}T00:00:00Z",
            )
        ] = status
    pages = all_pages(lambda c: scripts_data.queue_page(vault, scripts_data.ScriptQuery(), c, 2))
    out = [r for rows in pages for r in rows]
    assert [r.status for r in out] == ["pending", "pending", "approved", "approved", "rejected"]
    assert [r.title for r in out[:2]] == ["S1", "S3"]  # the oldest pending first
    rows, _ = scripts_data.queue_page(vault, scripts_data.ScriptQuery(title="S4"))
    assert [r.title for r in rows] == ["S4"]


def test_run_history_pages_and_shows_expired_screenshots(vault: Vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sid = add_script(vault)
    folder = vault.layout.screenshots_dir(vault.profile_id)
    present = folder / "step-1.png"
    present.write_bytes(b"\x89PNG")
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"\x89PNG")
    (folder / "link.png").symlink_to(outside)
    for day in range(1, 6):
        insert(
            vault,
            "automation_executions",
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "script_id": sid,
                "started_at": f"2026-10-0{day}T10:00:00Z",
                "status": "failure",
                "error_message_redacted": "Timeout",
                "debug_screenshot_paths_json": json.dumps(
                    [
                        str(present),
                        str(folder / "gone.png"),
                        "step-1.png",
                        str(outside),
                        "../../../etc/passwd",
                        str(folder / "link.png"),
                    ]
                ),
            },
        )
    runs, cursor = scripts_data.runs_page(vault, sid, None, 3)
    assert [r.started_at[:10] for r in runs] == ["2026-10-05", "2026-10-04", "2026-10-03"]
    # Opened only inside the profile's screenshots folder, links and ".." resolved first.
    assert runs[0].screenshots == [
        (str(present), "present"),
        (str(folder / "gone.png"), "expired"),
        ("step-1.png", "present"),
        (str(outside), "outside"),
        ("../../../etc/passwd", "outside"),
        (str(folder / "link.png"), "outside"),
    ]
    more, end = scripts_data.runs_page(vault, sid, cursor, 3)
    assert len(more) == 2 and end is None


def test_queue_reads_its_index_in_order(vault: Vault) -> None:
    add_script(vault)
    plan = " ".join(
        str(r)
        for r in vault.database()
        .execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM automation_scripts WHERE approval_status = ? AND "
            "(created_at, id) > (?, ?) ORDER BY created_at, id LIMIT 10",
            ("pending", TS, "x"),
        )
        .fetchall()
    )
    assert "TEMP B-TREE" not in plan and "automation_scripts_queue" in plan, plan


def test_a_script_too_large_to_read_is_not_clean() -> None:
    big = "x = 1\n" * 100_000
    assert messages(big) == [
        "warning:1:is too large to review (600,000 characters): it cannot be verified"
    ]
    leaky = big + "y = '{{API_KEY}}'\n"  # what was not read may leak it
    assert review_script(leaky, "custom", CONTEXT, Redactor()).blocked


def test_every_bidirectional_control_blocks_approval() -> None:
    """Code that reads in one order and runs in another is never approved (issue 15): each
    bidirectional control, the Arabic letter mark included, is named with its line."""
    for control in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        content = f'x = 1\naccess = "user{control} admin"\nprint(access)\n'
        review = review_script(content, "custom", CONTEXT, Redactor())
        assert review.blocked, f"U+{ord(control):04X}"
        assert [i.line for i in review.blockers if i.code == "bidi-text"] == [2], review.items


def test_nul_characters_and_deep_nesting_block_without_crashing() -> None:
    """Script text another program wrote cannot take the review down (issue 15)."""
    for content in (
        'x = "a\x00b"\n',
        "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
        "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
    ):
        review = review_script(content, "custom", CONTEXT, Redactor())
        assert review.blocked and [i.code for i in review.blockers] == ["syntax"], review.items


@pytest.mark.parametrize(
    "query",
    [
        scripts_data.ScriptQuery(provider="generic"),
        scripts_data.ScriptQuery(task_type="custom", title="refresh"),
        scripts_data.ScriptQuery(statuses=("approved",), provider="generic", title="x"),
    ],
)
def test_queue_filters_are_checked_in_the_index(
    vault: Vault, query: scripts_data.ScriptQuery
) -> None:
    """A provider, task or title filter reads the queue's wide index in order: no sort, and
    a script is read only when the index entry matches."""
    add_script(vault)
    db = vault.database()
    with statements(db) as captured:
        scripts_data.queue_page(vault, query, None, 1)
        scripts_data.queue_page(vault, query, ("pending", TS, "x"), 1)
    assert captured
    for sql, params in captured:
        plan = " ".join(
            str(r[3]) for r in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        )
        assert "TEMP B-TREE" not in plan and "automation_scripts_queue_filters" in plan, plan


def test_a_sibling_version_written_as_text_neither_breaks_nor_outranks_approval(
    vault: Vault,
) -> None:
    """Another program's version "next" (the CHECK lets text in) is no number to compare:
    approval of version 1 goes ahead, and version 2 written later still refuses it."""
    first = add_script(vault, version=1)
    add_script(vault, version=1, created_at="2026-10-05T00:00:00Z")
    vault.database().execute_sql(
        "UPDATE automation_scripts SET version = 'next' WHERE id != ?", (first,)
    )
    info = scripts_data.detail(vault, first)
    assert info.seen.latest_version == 1
    add_script(vault, version=2, created_at="2026-10-06T00:00:00Z")
    with pytest.raises(scripts_data.ApprovalRefused, match="version 2 of this script"):
        scripts_data.approve(vault, first, info.seen, [w.text for w in info.review.warnings])
    assert approve_all(vault, first)["approval_status"] == "approved"


def test_reject_and_repeat_without_review_are_for_the_script_seen(vault: Vault) -> None:
    """The runner rewrites the script (or decides it) while the person reads it: a rejection
    with their reason, or an approval to repeat without review, is refused with words and
    writes nothing; the same decision on the script as it is goes ahead."""
    sid = add_script(vault)
    seen = scripts_data.detail(vault, sid).seen
    vault.database().execute_sql(
        "UPDATE automation_scripts SET script_content = script_content || '\n# more' WHERE id = ?",
        (sid,),
    )
    with pytest.raises(scripts_data.ApprovalRefused, match=r"^Not rejected: the script changed"):
        scripts_data.reject(vault, sid, "Navigates to an unknown domain", seen)
    assert events(vault, "automation.script.rejected") == []
    assert scripts_data.detail(vault, sid).row["approval_status"] == "pending"
    approve_all(vault, sid)
    seen = scripts_data.detail(vault, sid).seen
    vault.database().execute_sql(
        "UPDATE automation_scripts SET approval_status = 'rejected' WHERE id = ?", (sid,)
    )
    with pytest.raises(scripts_data.ApprovalRefused, match="another program marked the script"):
        scripts_data.set_auto_approve(vault, sid, True, seen)
    assert events(vault, "automation.script.auto_approve_changed") == []
    vault.database().execute_sql(
        "UPDATE automation_scripts SET approval_status = 'approved' WHERE id = ?", (sid,)
    )
    seen = scripts_data.detail(vault, sid).seen
    assert scripts_data.set_auto_approve(vault, sid, True, seen)["auto_approve_repeat"] == 1
    seen = scripts_data.detail(vault, sid).seen
    assert scripts_data.reject(vault, sid, "obsolete", seen)["approval_status"] == "rejected"
