"""The Settings presenter without widgets or a vault: what changed, and one write."""

from __future__ import annotations

from automation_admin.gui.tabs.settings.presenter import SettingsPresenter
from automation_admin.gui.worker import JobError
from automation_admin.models.settings.service import SettingsForm, load_form, save_form
from tests.gui.fakes import RecordingJobs

STORED = SettingsForm({"discovery_retention_days": 30, "auto_lock_timeout_seconds": 300}, [])


def test_only_what_the_form_changed_is_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = SettingsPresenter(jobs)
    shown: list[SettingsForm] = []
    presenter.loaded.connect(shown.append)
    presenter.load()
    assert jobs.last(load_form).key == "settings.load"
    jobs.answer(load_form, STORED)
    assert shown == [STORED]
    changes = presenter.changes({"discovery_retention_days": 45, "auto_lock_timeout_seconds": 300})
    assert changes == {"discovery_retention_days": 45}
    saved: list[bool] = []
    presenter.saved.connect(lambda: saved.append(True))
    presenter.save(changes, {"generic": {"dashboard_url": "https://x.example"}})
    call = jobs.last(save_form)
    assert call.args == (changes, {"generic": {"dashboard_url": "https://x.example"}})
    after = SettingsForm({**STORED.settings, "discovery_retention_days": 45}, [])
    jobs.answer(save_form, after)
    assert shown == [STORED, after] and saved == [True]
    assert presenter.changes({"discovery_retention_days": 45}) == {}


def test_a_refused_save_is_reported_to_the_form_not_the_tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = SettingsPresenter(jobs)
    refused: list[JobError] = []
    presenter.save_failed.connect(refused.append)
    presenter.save({"discovery_retention_days": 0}, {})
    jobs.fail(save_form, JobError("user", "must be at least 1"))
    assert [e.message for e in refused] == ["must be at least 1"] and not jobs.failures
