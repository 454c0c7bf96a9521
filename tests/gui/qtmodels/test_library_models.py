"""The Library's models (recommendations tree, selectors, reference sources) under the model
tester."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from automation_admin.gui.qtmodels.recommendations_model import RecommendationsModel
from automation_admin.gui.qtmodels.references_model import ReferencesModel
from automation_admin.gui.qtmodels.selectors_model import SelectorsModel
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.library import selectors as selectors_data
from automation_admin.models.library.references import ReferenceLibrary
from automation_admin.models.store.vault import Vault


def test_library_models_pass_the_model_tester(qtmodeltester, vault: Vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=2)
    groups = recommendations_data.groups(vault, recommendations_data.RecommendationQuery())
    tree = RecommendationsModel()
    tree.restart(
        groups,
        lambda project, cursor, deliver: deliver(
            *recommendations_data.page(
                vault, recommendations_data.RecommendationQuery(), project, cursor, 2
            )
        ),
    )
    for row in range(tree.rowCount()):
        while tree.canFetchMore(tree.index(row, 0)):
            tree.fetchMore(tree.index(row, 0))
    assert sum(tree.rowCount(tree.index(r, 0)) for r in range(tree.rowCount())) == sum(
        g.count for g in groups
    )
    assert tree.parent(tree.index(0, 0, tree.index(1, 0))) == tree.index(1, 0)
    assert tree.parent(tree.index(1, 0)) == QModelIndex()
    qtmodeltester.check(tree)
    selectors = SelectorsModel()
    page = selectors_data.page(vault, selectors_data.SelectorQuery())
    selectors.restart(lambda cursor, deliver: deliver(*page))
    qtmodeltester.check(selectors)
    references = ReferencesModel()
    references.set_sources(ReferenceLibrary(vault.layout).sources())
    references.set_verdict(references.sources[0].id, "mismatch")
    qtmodeltester.check(references)
    assert references.rowCount() == 2
