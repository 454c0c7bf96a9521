"""Sort indexes left to after unlock: a vault opened without them (the window's unlock) lists,
searches, checks and migrates right, only slower; they are built one at a time, and every
other way of opening for writing still builds them at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.findings import service as findings_data
from automation_admin.models.jobs.check import check_vault
from automation_admin.models.migrations import indexes
from automation_admin.models.store import sql
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paging import all_pages
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests.conftest import PASSPHRASE

SORT_INDEXES = [name for name in indexes.PERFORMANCE_INDEXES if indexes.is_sort_index(name)]


def present(vault: Vault) -> set[str]:
    return {r[0] for r in sql.rows(vault.database(), "SELECT name FROM sqlite_master")}


@pytest.fixture
def without_sort_indexes(layout: DataLayout, profile: ProfileRecord) -> Iterator[Vault]:
    """A demo vault whose sort indexes are gone (as after an update that adds new ones),
    open the way the window opens it."""
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=3)
        assert set(indexes.drop_list_indexes(vault.database())) == set(SORT_INDEXES)
    vault = unlock(layout, profile.id, PASSPHRASE, defer_sort_indexes=True)
    try:
        yield vault
    finally:
        vault.lock()


FINDING_QUERIES = [
    findings_data.FindingQuery(),
    findings_data.FindingQuery(statuses=(), sort="title", descending=False),
    findings_data.FindingQuery(statuses=(), sort="provider"),
    findings_data.FindingQuery(statuses=(), sort="discovered", text="pricing"),
    findings_data.FindingQuery(statuses=("new", "reviewed"), sort="relevance", text="api key"),
]
CHECKPOINT_QUERIES = [
    checkpoints_data.CheckpointQuery(),
    checkpoints_data.CheckpointQuery(sort="type", descending=False),
    checkpoints_data.CheckpointQuery(sort="script", text="invoice"),
    checkpoints_data.CheckpointQuery(sort="provider"),
]


def every_list(vault: Vault) -> list[list[str]]:
    lists = []
    for query in FINDING_QUERIES:
        rows = all_pages(lambda c, q=query: findings_data.page(vault, q, c, 50))
        lists.append([r.id for page in rows for r in page])
    for checkpoint_query in CHECKPOINT_QUERIES:
        pages = all_pages(
            lambda c, q=checkpoint_query: checkpoints_data.page(vault, q, c, 50)  # type: ignore[misc]
        )
        lists.append([r.id for page in pages for r in page])
    return lists


def test_the_window_unlock_leaves_them_and_lists_are_right_before_and_after(
    without_sort_indexes: Vault,
) -> None:
    vault = without_sort_indexes
    assert vault.missing_sort_indexes() == SORT_INDEXES
    assert "discovery_findings_fts" in present(vault)  # searching needs it: never deferred
    before = every_list(vault)
    assert all(before)  # every list holds rows: they do not merely agree
    for name in vault.missing_sort_indexes():
        vault.build_sort_index(name)
    assert vault.missing_sort_indexes() == []
    assert present(vault) >= set(SORT_INDEXES)
    assert every_list(vault) == before


def test_check_and_migrate_are_right_with_and_without_them(
    without_sort_indexes: Vault, layout: DataLayout, profile: ProfileRecord
) -> None:
    without_sort_indexes.lock()
    with unlock(layout, profile.id, PASSPHRASE, read_only=True) as vault:
        report = check_vault(vault)
        assert report.ok, report.results
        assert not present(vault) & set(SORT_INDEXES)  # a read-only open builds nothing
        assert vault.missing_sort_indexes() == []  # and offers nothing to build
    with unlock(layout, profile.id, PASSPHRASE) as vault:  # the command line's open
        assert vault.missing_sort_indexes() == []
        assert vault.enable_automation() is None  # already migrated, nothing half-done
    with unlock(layout, profile.id, PASSPHRASE, read_only=True) as vault:
        assert check_vault(vault).ok


def test_migrating_a_deferred_open_builds_every_index(
    layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE, defer_sort_indexes=True) as vault:
        assert vault.schema_version == 1
        assert vault.missing_sort_indexes() == []  # no automation tables to index yet
        vault.enable_automation()
        assert vault.missing_sort_indexes() == []
        assert present(vault) >= set(SORT_INDEXES)


def test_only_plain_indexes_are_built_one_at_a_time(vault: Vault) -> None:
    with pytest.raises(ValueError):
        vault.build_sort_index("discovery_findings_fts")
    name = SORT_INDEXES[0]
    sql.run(vault.database(), f'DROP INDEX "{name}"')
    assert vault.missing_sort_indexes() == [name]
    vault.build_sort_index(name)
    vault.build_sort_index(name)  # twice (another program built it meanwhile): no error
    assert vault.missing_sort_indexes() == []
