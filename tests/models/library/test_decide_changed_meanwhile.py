"""A recommendation decision re-checks, in its transaction, the status the person saw."""

from __future__ import annotations

import json

import pytest

from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.store.stale import ChangedMeanwhile
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for
from tests.raw_vault import connect


def test_a_decision_on_a_recommendation_another_program_decided_is_refused(
    vault: Vault, layout
) -> None:  # type: ignore[no-untyped-def]
    row = row_for(vault, "service_recommendations")
    insert(vault, "service_recommendations", row)
    with connect(layout) as raw:
        raw.execute("UPDATE service_recommendations SET user_status = 'rejected'")
        raw.commit()
    with pytest.raises(ChangedMeanwhile, match="another program marked “SendGrid” rejected"):
        recommendations_data.decide(vault, row["id"], "accepted", seen="new")
    assert recommendations_data.get(vault, row["id"]).status == "rejected"
    events = vault.database().execute_sql(
        "SELECT count(*) FROM audit_events WHERE event_type = 'automation.recommendation.decided'"
    )
    assert events.fetchone()[0] == 0
    decided = recommendations_data.decide(vault, row["id"], "accepted", seen="rejected")
    assert decided.status == "accepted"
    (metadata,) = (
        vault.database()
        .execute_sql(
            "SELECT metadata_json_redacted FROM audit_events "
            "WHERE event_type = 'automation.recommendation.decided'"
        )
        .fetchone()
    )
    assert json.loads(metadata)["from"] == "rejected"


def test_a_status_no_schema_allows_is_named_as_written(vault: Vault, layout) -> None:  # type: ignore[no-untyped-def]
    """Another program that turns the CHECKs off writes a status this version has no words
    for: the refusal still says what happened (it was a ValueError, a bug dialog)."""
    row = row_for(vault, "service_recommendations")
    insert(vault, "service_recommendations", row)
    with connect(layout) as raw:
        raw.execute("PRAGMA ignore_check_constraints = 1")
        raw.execute("UPDATE service_recommendations SET user_status = 'on_hold'")
        raw.commit()
    with pytest.raises(ChangedMeanwhile, match="another program marked “SendGrid” on_hold"):
        recommendations_data.decide(vault, row["id"], "accepted", seen="new")
