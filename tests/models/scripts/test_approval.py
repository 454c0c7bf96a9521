"""Approval names what the person reviewed: the version, its exact text, and every warning
they acknowledged; anything another program changed meanwhile is refused, with no audit
event claiming a version nobody reviewed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault
from tests.factories import TS, insert
from tests.raw_vault import connect

WARNED = (
    "from automation_runtime import record_result\n\n\n"
    "def run(page):\n"
    "    page.goto('https://platform.openai.com/usage')\n"
    "    page.evaluate('() => window.__USAGE__')\n"
    "    page.screenshot(path='usage.png')\n"
    "    return record_result(done=True)\n"
)


def add_script(vault: Vault, content: str = WARNED, **values: Any) -> str:
    sid = uuid7()
    row = {
        "id": sid,
        "profile_id": vault.profile_id,
        "provider_id": "openai",
        "task_type": "dashboard_scrape",
        "title": "Collect usage",
        "description": "d",
        "script_content": content,
        "model_used": "m",
        "created_at": TS,
        "updated_at": TS,
    } | values
    insert(vault, "automation_scripts", row)
    return sid


@pytest.fixture
def openai(vault: Vault) -> Vault:
    insert(
        vault,
        "providers",
        {
            "id": "openai",
            "display_name": "OpenAI",
            "dashboard_url": "https://platform.openai.com/usage",
            "api_base_url": "https://api.openai.com/v1",
            "created_at": TS,
            "updated_at": TS,
        },
    )
    return vault


def approvals(vault: Vault) -> list[dict[str, Any]]:
    rows = vault.database().execute_sql(
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = "
        "'automation.script.approved'"
    )
    return [json.loads(r[0]) for r in rows]


def status(vault: Vault, sid: str) -> str:
    return str(scripts_data.detail(vault, sid).row["approval_status"])


def test_each_warning_must_be_acknowledged_and_the_audit_names_them(openai: Vault) -> None:
    sid = add_script(openai)
    info = scripts_data.detail(openai, sid)
    texts = [w.text for w in info.review.warnings]
    assert texts == [
        "Line 6: runs JavaScript in the page (page.evaluate()): what it does cannot be verified",
        "Line 7: writes 'usage.png' (page.screenshot()), outside the runner's temporary folder",
    ]
    with pytest.raises(scripts_data.ApprovalRefused, match="1 warning not acknowledged"):
        scripts_data.approve(openai, sid, info.seen, texts[:1])
    assert status(openai, sid) == "pending" and approvals(openai) == []

    row = scripts_data.approve(openai, sid, info.seen, texts)
    assert row["approval_status"] == "approved"
    (event,) = approvals(openai)
    assert event["acknowledged"] == texts
    assert event["version"] == 1 and event["script"] == sid
    assert event["content_sha256"] == info.seen.content_sha256
    assert event["verdict"].startswith("2 warnings; 1 of them cannot be verified.")


def test_a_blocked_script_is_refused_whatever_is_acknowledged(openai: Vault) -> None:
    sid = add_script(openai, WARNED.replace("usage.png", "{{OPENAI_API_KEY}}.png"))
    info = scripts_data.detail(openai, sid)
    assert info.review.blocked
    with pytest.raises(
        scripts_data.ApprovalRefused,
        match=r"Cannot be approved: puts \{\{OPENAI_API_KEY\}\} in a file's name",
    ):
        scripts_data.approve(openai, sid, info.seen, [w.text for w in info.review.items])
    assert status(openai, sid) == "pending" and approvals(openai) == []


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "UPDATE automation_scripts SET script_content = script_content || '# more\n' "
            "WHERE id = ?",
            "changed since you reviewed it",
        ),
        (
            "UPDATE automation_scripts SET version = 2, updated_at = '2026-11-02T00:00:00Z' "
            "WHERE id = ?",
            r"changed since you reviewed it \(it is now version 2",
        ),
        (
            "UPDATE automation_scripts SET updated_at = '2026-11-02T00:00:00Z' WHERE id = ?",
            "changed since you reviewed it",
        ),
        (
            "UPDATE automation_scripts SET approval_status = 'rejected' WHERE id = ?",
            "another program marked the script rejected",
        ),
    ],
)
def test_a_change_by_another_program_is_refused(
    openai: Vault, layout: DataLayout, sql: str, message: str
) -> None:
    sid = add_script(openai, WARNED.replace("    page.evaluate('() => window.__USAGE__')\n", ""))
    info = scripts_data.detail(openai, sid)
    acknowledged = [w.text for w in info.review.warnings]
    with connect(layout) as raw:  # the automation runner, writing the vault directly
        raw.execute(sql, (sid,))
        raw.commit()
    with pytest.raises(scripts_data.ApprovalRefused, match=message):
        scripts_data.approve(openai, sid, info.seen, acknowledged)
    assert approvals(openai) == []
    assert scripts_data.detail(openai, sid).row["approved_at"] is None


def test_a_newer_version_written_meanwhile_is_refused(openai: Vault, layout: DataLayout) -> None:
    sid = add_script(openai, WARNED.replace("usage.png", "/tmp/usage.png"))
    info = scripts_data.detail(openai, sid)
    with connect(layout) as raw:
        raw.execute(
            "INSERT INTO automation_scripts (id, profile_id, provider_id, task_type, title, "
            "description, script_content, model_used, version, created_at, updated_at) "
            "SELECT ?, profile_id, provider_id, task_type, title, description, "
            "script_content, model_used, 2, '2026-11-03T00:00:00Z', '2026-11-03T00:00:00Z' "
            "FROM automation_scripts WHERE id = ?",
            (uuid7(), sid),
        )
        raw.commit()
    with pytest.raises(scripts_data.ApprovalRefused, match="version 2 of this script was"):
        scripts_data.approve(openai, sid, info.seen, [w.text for w in info.review.warnings])
    assert status(openai, sid) == "pending" and approvals(openai) == []
    # Seen again (with the new version listed), the older one may still be approved.
    again = scripts_data.detail(openai, sid)
    assert again.seen.latest_version == 2
    scripts_data.approve(openai, sid, again.seen, [w.text for w in again.review.warnings])
    assert [e["version"] for e in approvals(openai)] == [1]


def test_hosts_of_approved_scripts_become_known(openai: Vault) -> None:
    first = add_script(
        openai, "def run(page):\n    page.goto('https://status.openai.com/')\n", title="Status"
    )
    second = add_script(
        openai,
        "def run(page):\n    page.goto('https://status.openai.com/')\n"
        "    page.fill('#k', '{{OPENAI_API_KEY}}')\n",
        title="Status with key",
    )
    assert scripts_data.detail(openai, second).review.blocked
    info = scripts_data.detail(openai, first)
    scripts_data.approve(openai, first, info.seen, [w.text for w in info.review.warnings])
    after = scripts_data.detail(openai, second).review
    assert after.kind == "clean" and after.domains == {"status.openai.com": True}
