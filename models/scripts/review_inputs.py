"""What the safety review needs from the vault: the provider's known sites (its dashboard and
API addresses and the sites its approved scripts visit) and the names of the vault's secrets
(so a placeholder naming one counts as a credential, and a secret of another provider is
recognised as such)."""

from __future__ import annotations

from automation_admin.models.scripts.review import ReviewContext, context_for
from automation_admin.models.store.sql import execute
from automation_admin.models.store.vault import Vault


def review_context(vault: Vault, provider_id: str) -> ReviewContext:
    db = vault.database()
    row = execute(
        db,
        "SELECT display_name, dashboard_url, api_base_url FROM providers WHERE id = ?",
        (provider_id,),
    ).fetchone()
    name, dashboard, api_base = row if row else (provider_id, None, None)
    # Distinct texts: a provider's approved versions often share their content.
    approved = [
        str(text)
        for (text,) in execute(
            db,
            "SELECT DISTINCT script_content FROM automation_scripts WHERE provider_id = ? AND "
            "approval_status = 'approved'",
            (provider_id,),
        )
        if isinstance(text, str)
    ]
    owners: dict[str, set[str]] = {}
    for key_name, owner in execute(
        db, "SELECT key_name, provider_id FROM secrets WHERE profile_id = ?", (vault.profile_id,)
    ):
        if isinstance(key_name, str):
            owners.setdefault(key_name.upper(), set()).add(str(owner))
    names = dict(execute(db, "SELECT id, display_name FROM providers").fetchall())
    return context_for(
        str(name or provider_id),
        [u for u in (dashboard, api_base) if isinstance(u, str)],
        provider_id=provider_id,
        approved_scripts=approved,
        secret_names={k: frozenset(v) for k, v in owners.items()},
        provider_names={str(k): str(v) for k, v in names.items()},
    )
