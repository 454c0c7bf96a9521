"""The script on screen against the script as stored: read cheaply on every poll that moved
the scripts table, whatever another program wrote into it."""

from __future__ import annotations

import pytest

from automation_admin.models.live.scripts import script_state
from automation_admin.models.store.vault import Vault
from tests.factories import row_for
from tests.raw_vault import committing as runner
from tests.raw_vault import insert_row as raw_insert


@pytest.mark.parametrize("version", ["draft", "12abc", 9.5, 1e308, float("inf")])
def test_a_version_any_program_wrote_is_read_as_stored(  # type: ignore[no-untyped-def]
    vault: Vault, layout, version: object
) -> None:
    """The CHECK (version >= 1) lets text, fractions and infinity into the INTEGER column;
    the poll must still say what is stored (an exception here was a bug dialog at every
    poll while the script was on screen)."""
    script = row_for(vault, "automation_scripts") | {"title": "Collect usage", "version": 1}
    odd = row_for(vault, "automation_scripts") | {"title": "Collect usage", "version": 2}
    with runner(layout) as raw:
        raw_insert(raw, "automation_scripts", script)
        raw_insert(raw, "automation_scripts", odd)
        raw.execute(
            "UPDATE automation_scripts SET version = ?, execution_count = ?", (version, version)
        )
    state = script_state(vault, script["id"])
    assert state.exists and state.status == "pending"
    if isinstance(version, str):
        assert state.version == state.execution_count == version
    assert isinstance(state.newest_version, int)  # only a number is newer than another
