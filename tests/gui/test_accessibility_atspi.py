"""The window as a screen reader gets it, over the AT-SPI bus (what Orca reads): the
passphrase never leaves in an event, every control is named, combo boxes say what they
choose, the focus lands somewhere on every tab, and Escape closes a dialog.

Runs the program in a real X session (Xvfb) with its own D-Bus and accessibility bus; the
client side is `atspi_probe.py` under the system's python3 (pyatspi is a Debian package).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.gui.atspi_session import SYSTEM_PYTHON, desktop, missing

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("atspi_probe.py")
WHY_NOT = missing()
pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.slow,
    pytest.mark.skipif(WHY_NOT is not None, reason=WHY_NOT or ""),
]
UNNAMED_FOCUS = {"scroll pane", "filler", "panel", "viewport", "layered pane"}
# Typed into the fields. Any two characters of it side by side are unlikely in any label, so
# finding them in an event means the event carries what was typed.
SECRET = "Qx7#Zv9!Kj-w3"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from automation_admin.models.store.profiles import create_profile
    from tests.conftest import FAST_KDF

    base = tmp_path_factory.mktemp("atspi")
    layout = DataLayout(base / "data")
    record = create_profile(layout, "Work", SECRET, FAST_KDF)
    with unlock(layout, record.id, SECRET) as vault:
        write_demo(vault, "small", seed=4)
    with desktop() as env:
        env["XDG_CONFIG_HOME"] = str(base / "config")
        log = (base / "app.log").open("w")
        app = subprocess.Popen(
            [sys.executable, "-m", "automation_admin.gui.cli", "--data-dir", str(layout.root)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            probe = subprocess.run(
                [str(SYSTEM_PYTHON), str(PROBE), SECRET],
                env=env,
                capture_output=True,
                text=True,
                timeout=420,
                check=False,
            )
        finally:
            app.terminate()
            try:
                app.wait(20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(10)
            log.close()
    assert probe.returncode == 0, probe.stderr[-2000:]
    data: dict[str, Any] = json.loads(probe.stdout)
    data["app_log"] = (base / "app.log").read_text(errors="replace")
    return data


def _holds_typed_text(event: dict[str, Any]) -> bool:
    text = event["data"] if isinstance(event["data"], str) else ""
    pairs = {SECRET[i : i + 2] for i in range(len(SECRET) - 1)}
    return text in set(SECRET) or any(pair in text for pair in pairs)


def test_no_typed_passphrase_character_in_any_event(report: dict[str, Any]) -> None:
    for key in ("typing_events", "create_events"):
        events = report[key]
        assert events, key  # the listener heard the field (focus, selection…)
        assert not [e for e in events if e["type"].startswith("object:text-changed")], key
        # Not a character, not two in a row, not the whole passphrase (labels such as the
        # strength hint may change and say so: they never hold what was typed).
        assert [e for e in events if _holds_typed_text(e)] == [], key
    # The bridge's complaints about the masked fields are filtered, other messages are not.
    log = report["app_log"]
    assert "Received text event for invalid interface" not in log
    assert SECRET not in log


def test_passphrase_fields_keep_their_name_and_say_they_are_passwords(
    report: dict[str, Any],
) -> None:
    field = report["field"]
    assert (field["role"], field["name"]) == ("password text", "Passphrase")
    assert "editable" in field["states"]
    names = sorted(f["name"] for f in report["create_fields"])
    assert names == ["Passphrase", "Repeat passphrase"]
    assert all(f["role"] == "password text" for f in report["create_fields"])


def test_escape_closes_dialogs(report: dict[str, Any]) -> None:
    assert "showing" not in report["create_after_escape"]["states"]
    opened = [
        w for w in report["dialog_open"] if w["role"] == "dialog" and "showing" in w["states"]
    ]
    assert [w["name"] for w in opened] == ["Keyboard shortcuts"]
    after = report["dialog_after_escape"]
    assert not [w for w in after if w["role"] == "dialog" and "showing" in w["states"]]


def test_every_showing_control_and_column_is_named(report: dict[str, Any]) -> None:
    unnamed = []
    for view in report["views"]:
        for control in view["controls"]:
            if not control["name"].strip():
                unnamed.append((view["key"], control["role"]))
            for header in control.get("headers") or []:
                if not header.strip():
                    unnamed.append((view["key"], f"column header of {control['name']}"))
    assert unnamed == []
    trees = {
        c["name"]: c["headers"] for v in report["views"] for c in v["controls"] if c.get("headers")
    }
    assert trees["Checkpoint context"] == ["Context", "Value"]


def test_combo_boxes_say_what_they_choose(report: dict[str, Any]) -> None:
    combos = [c for v in report["views"] for c in v["controls"] if c["role"] == "combo box"]
    assert len(combos) > 8
    for combo in combos:
        labelled = any(r.startswith("labelled by:") for r in combo["relations"])
        described = combo["description"].strip() and combo["description"] != combo["name"]
        assert labelled or described, combo  # not only "Stripe, combo box"


def test_the_focus_lands_on_a_named_control_on_every_tab(report: dict[str, Any]) -> None:
    for view in report["views"]:
        focus = view["focus"]
        assert focus is not None, view["key"]  # never lost on a tab switch
        assert focus["role"] not in UNNAMED_FOCUS and focus["name"], (view["key"], focus)
        assert "showing" in focus["states"], (view["key"], focus)
    settings = next(v for v in report["views"] if v["key"] == 6)
    assert settings["focus"]["role"] == "spin button"


def test_status_chips_and_cards_tell_their_counts(report: dict[str, Any]) -> None:
    findings = next(v for v in report["views"] if v["key"] == 2)
    chips = [c["name"] for c in findings["controls"] if c["name"].startswith("New ·")]
    assert chips and chips[0].split("·")[1].strip().replace(",", "").isdigit()
    dashboard = next(v for v in report["views"] if v["key"] == 1)
    cards = [c["name"] for c in dashboard["controls"] if c["name"].startswith("Active keys:")]
    assert cards == ["Active keys: 18"]
