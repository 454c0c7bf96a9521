"""The findings list model over real pages: the model tester, and flat memory with evicted
pages fetched again."""

from __future__ import annotations

from automation_admin.gui.qtmodels.findings_model import FindingsModel
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.findings import service as findings_data


def test_findings_model_passes_qtmodeltester(qtmodeltester, vault) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=8)
    model = FindingsModel()
    page = findings_data.page(vault, findings_data.FindingQuery(statuses=()), None, 50)
    model.restart(lambda cursor, deliver: deliver(page.rows, None))
    assert model.rowCount() == 50
    qtmodeltester.check(model)


def test_paged_model_keeps_memory_flat_and_refetches_evicted_pages(qtbot, vault) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=8)
    model = FindingsModel()
    model.page_rows, model.keep_pages = 50, 3
    query = findings_data.FindingQuery(statuses=())
    fetched: list[object] = []

    def fetch(cursor, deliver):  # type: ignore[no-untyped-def]
        fetched.append(cursor)
        page = findings_data.page(vault, query, cursor, 50)
        deliver(page.rows, page.cursor)

    model.restart(fetch)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1200 and model.pages_in_memory == 3
    assert model.row_at(0) is None  # evicted: shows "…" and asks again
    assert model.index(0, 0).data() is not None
    first = model.row_at(0)
    assert first is not None and first.id == findings_data.page(vault, query, None, 1).rows[0].id
    assert model.pages_in_memory == 3
