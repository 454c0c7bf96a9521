"""The checkpoint decisions and audit trail models under the model tester."""

from __future__ import annotations

from automation_admin.gui.qtmodels.checkpoints_model import AuditModel, CheckpointsModel
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.demo.generator import write_demo


def test_models_pass_the_model_tester(qtmodeltester, vault) -> None:  # type: ignore[no-untyped-def]
    write_demo(vault, "small", seed=3)
    model = CheckpointsModel()
    page = checkpoints_data.page(vault, checkpoints_data.CheckpointQuery(), None, model.page_rows)
    model.restart(lambda cursor, deliver: deliver(*page))
    qtmodeltester.check(model)
    trail = AuditModel()
    rows = checkpoints_data.audit_page(vault)
    trail.restart(lambda cursor, deliver: deliver(*rows))
    qtmodeltester.check(trail)
    assert trail.rowCount() >= 1
