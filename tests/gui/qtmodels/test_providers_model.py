"""The Settings providers model under the model tester."""

from __future__ import annotations


def test_providers_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.qtmodels.providers_model import ProvidersModel

    model = ProvidersModel()
    model.set_rows(
        [
            {
                "id": "openai",
                "display_name": "OpenAI",
                "dashboard_url": None,
                "api_base_url": "https://api.openai.com/v1",
                "dashboard_supported": True,
                "discovery_enabled": True,
            },
            {
                "id": "generic",
                "display_name": "Unassigned",
                "dashboard_url": None,
                "api_base_url": None,
                "dashboard_supported": False,
                "discovery_enabled": False,
            },
        ]
    )
    qtmodeltester.check(model)
