"""The demo tells one coherent story: every decision is a step its script pauses for, names
keep their capitals, providers with collections are supported, selectors are mostly healthy,
reference files are real documents and no service is recommended twice for one need."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.demo.story import NOTES, STEPS, fill
from automation_admin.models.library.references import ReferenceLibrary
from automation_admin.models.store.vault import Vault
from tests.models.demo.test_demo_data import NOW, q

CALL = re.compile(r'checkpoint\("([a-z_]+)", "([^"]*)"\)')


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One demo vault for the module's read-only checks: its rows, read once."""
    from automation_admin.models.store.paths import DataLayout
    from automation_admin.models.store.profiles import create_profile
    from automation_admin.models.store.vault import unlock
    from tests.conftest import FAST_KDF

    layout = DataLayout(tmp_path_factory.mktemp("story") / "data")
    record = create_profile(layout, "Story", "pw", FAST_KDF)
    with unlock(layout, record.id, "pw") as vault:
        write_demo(vault, "small", seed=5, now=NOW)
        rows = _read(vault)
    return rows, layout


def _read(vault: Vault) -> dict[str, list[tuple]]:
    return {
        "checkpoints": q(
            vault,
            "SELECT c.execution_id, c.checkpoint_type, c.checkpoint_description,"
            " c.proposed_action, c.context_json, c.decision, c.user_notes, s.task_type,"
            " s.script_content, p.display_name, e.status"
            " FROM hitl_checkpoints c JOIN automation_executions e ON e.id = c.execution_id"
            " JOIN automation_scripts s ON s.id = e.script_id"
            " JOIN providers p ON p.id = s.provider_id ORDER BY c.decided_at, c.id",
        ),
        "providers": q(
            vault,
            "SELECT p.id, p.display_name, p.dashboard_supported,"
            " EXISTS (SELECT 1 FROM dashboard_snapshots d WHERE d.provider_id = p.id),"
            " EXISTS (SELECT 1 FROM dashboard_daily_summaries d WHERE d.provider_id = p.id)"
            " FROM providers p",
        ),
        "selectors": q(
            vault,
            "SELECT s.verification_status FROM provider_selectors s WHERE s.version = ("
            "SELECT max(o.version) FROM provider_selectors o WHERE o.provider_id = s.provider_id"
            " AND o.data_type = s.data_type)",
        ),
        "recommendations": q(
            vault,
            "SELECT coalesce(project_id, ''), requirement_text, recommended_service_name,"
            " recommended_provider_id FROM service_recommendations",
        ),
        "texts": q(
            vault,
            "SELECT title || ' ' || description FROM automation_scripts UNION ALL "
            "SELECT checkpoint_description || ' ' || proposed_action FROM hitl_checkpoints",
        ),
    }


def test_each_decision_is_a_step_its_script_pauses_for(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    runs: dict[str, list[tuple]] = defaultdict(list)
    for row in rows["checkpoints"]:
        runs[row[0]].append(row)
    assert len(runs) > 100
    for decisions in runs.values():
        task, content, provider, status = decisions[0][7:]
        steps = STEPS[task]
        calls = CALL.findall(content)
        # The script pauses for exactly its task's steps, in order…
        assert calls == [(s.kind, s.text) for s in steps]
        # …and a run reaches a prefix of them: type, words and proposal of that step.
        assert len(decisions) <= len(steps)
        for step, row in zip(steps, decisions, strict=False):
            _run, kind, description, action, context, _decision, notes = row[:7]
            assert (kind, description) == (step.kind, step.description(provider))
            assert description == fill(step.text)  # the script's own words, filled in
            assert action == step.proposed(provider)
            assert json.loads(context)["form"] == {"field": step.field, "value": fill(step.value)}
            assert notes is None or notes in NOTES[kind]
        # A rejection stops the run: only the last decision of an aborted run is rejected.
        verdicts = [row[5] for row in decisions]
        assert "rejected" not in verdicts[:-1]
        assert (verdicts[-1] == "rejected") == (status == "aborted")


def test_money_steps_propose_money_and_key_steps_keys(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    for row in rows["checkpoints"]:
        kind, action = row[1], row[3].lower()
        if kind in ("financial", "billing"):
            money = ("usd", "invoice", "billing", "budget", "purchase", "cap", "spend", "card")
            assert any(word in action for word in money), action
        if kind == "api_key":
            assert "key" in action, action


def test_provider_names_keep_their_capitals(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    names = [name for _id, name, *_ in rows["providers"] if name.lower() != name]
    texts = [text for (text,) in rows["texts"]]
    for name in names:
        lowered = re.compile(rf"\b{re.escape(name.lower())}\b")
        assert not any(lowered.search(text) for text in texts), name
    assert any("GitHub" in text for text in texts)


def test_providers_whose_keys_are_collected_are_dashboard_supported(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    collected = [row for row in rows["providers"] if row[3] or row[4]]
    assert len(collected) == 10
    assert all(supported == 1 for _id, _name, supported, *_ in collected), collected


def test_selectors_in_use_are_mostly_healthy_with_a_few_broken(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    current = [status for (status,) in rows["selectors"]]
    broken = current.count("broken")
    assert 1 <= broken <= len(current) * 0.15, (broken, len(current))
    assert current.count("verified") > len(current) / 2


def test_no_service_is_recommended_twice_for_one_need(story) -> None:  # type: ignore[no-untyped-def]
    rows, _layout = story
    keys = [(project, need, service) for project, need, service, _ in rows["recommendations"]]
    assert len(keys) == len(set(keys))
    assert len({project for project, _need, _service in keys}) == 4  # 3 projects and none
    alternatives = defaultdict(set)
    for project, need, service in keys:
        alternatives[(project, need)].add(service)
    assert any(len(services) > 1 for services in alternatives.values())


def test_reference_files_are_real_documents(story) -> None:  # type: ignore[no-untyped-def]
    _rows, layout = story
    library = ReferenceLibrary(layout)
    sources = library.sources()
    assert [s.source_name for s in sources] == ["playwright-python", "puppeteer"]
    for source in sources:
        files = [p for p in Path(library.folder / source.local_path).rglob("*") if p.is_file()]
        assert source.file_count == len(files) >= 3
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert 1_000 <= len(text.encode()) <= 16_000, path
            assert text.startswith("# ")
        assert 3_000 <= source.total_size_bytes <= 40_000
        assert library.verify(source) == "match"
