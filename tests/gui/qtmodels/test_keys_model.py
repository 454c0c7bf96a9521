"""The Dashboard's key tree under the model tester."""

from __future__ import annotations

from automation_admin.gui.qtmodels.keys_model import KeysModel
from automation_admin.models.dashboard.service import key_rows
from automation_admin.models.demo.generator import write_demo


def test_keys_model_passes_qtmodeltester(qtmodeltester, vault) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=4)
    model = KeysModel()
    model.set_rows(key_rows(vault), "2026-11-20T12:00:00Z")
    qtmodeltester.check(model)
