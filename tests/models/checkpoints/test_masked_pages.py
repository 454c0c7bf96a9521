"""Checkpoints another program wrote with a vault value in clear (in the description, the
proposed action, the script's title): every order's pages hand them out masked, and page
through every row once, though the masked text is no key to seek by."""

from __future__ import annotations

import pytest

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.security.redaction import REDACTED
from automation_admin.models.store.paging import all_pages
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for
from tests.hostile_rows import VALUES, clear_values_in, secrets_rows


@pytest.mark.parametrize("text", ["", "pay"], ids=["all", "words"])
@pytest.mark.parametrize("sort", ["description", "action", "script", "decided", "type"])
def test_pages_read_every_value_masked_and_page_through(vault: Vault, sort: str, text: str) -> None:
    secrets_rows(vault)
    wanted = set()
    for n in range(7):
        value = VALUES[n % 2]
        script = row_for(vault, "automation_scripts") | {"title": f"Pay {n % 3} {value}"}
        insert(vault, "automation_scripts", script)
        run = row_for(vault, "automation_executions") | {"script_id": script["id"]}
        insert(vault, "automation_executions", run)
        checkpoint = row_for(vault, "hitl_checkpoints") | {
            "execution_id": run["id"],
            "checkpoint_description": f"Pay {n % 3} {value} now",
            "proposed_action": f"Type {value}",
            "decided_at": f"2026-10-0{1 + n % 2}T10:00:00Z",
        }
        insert(vault, "hitl_checkpoints", checkpoint)
        wanted.add(checkpoint["id"])
    for descending in (True, False):
        query = checkpoints_data.CheckpointQuery(sort=sort, descending=descending, text=text)
        rows = [
            r
            for page in all_pages(
                lambda c, q=query: checkpoints_data.page(vault, q, c, 2)  # type: ignore[misc]
            )
            for r in page
        ]
        assert not clear_values_in(repr(rows))
        assert all(REDACTED in r.description and REDACTED in (r.script_title or "") for r in rows)
        mine = [r.id for r in rows if r.id in wanted]
        assert sorted(mine) == sorted(wanted), (sort, descending)
