"""Packaging: the wheel carries resources/ and the program finds them when installed; the
icon sizes; the desktop entry and AppStream file agree with the program and validate."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from automation_admin.models import __version__
from automation_admin.models._version import APP_ID

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build --wheel` from a copy of the source tree (the build writes beside it)."""
    source = tmp_path_factory.mktemp("source") / "automation-admin"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("automation_admin-*.whl")
    return found


def test_wheel_carries_resources_and_the_entry_point(wheel: Path) -> None:
    assert wheel.name.startswith(f"automation_admin-{__version__}-py3-none-any")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(
            f"automation_admin-{__version__}.dist-info/entry_points.txt"
        ).decode()
        top_level = archive.read(f"automation_admin-{__version__}.dist-info/top_level.txt")
    icons = "automation_admin/resources/icons"
    assert f"{icons}/app.svg" in names and f"{icons}/lock.svg" in names
    assert {f"{icons}/app/{size}.png" for size in SIZES} <= names
    assert "automation_admin/gui/resources.py" in names
    assert "automation_admin/models/store/db.py" in names
    # One import namespace: nothing of ours lands beside other distributions' packages.
    assert top_level.decode().split() == ["automation_admin"]
    assert {name.split("/")[0] for name in names} == {
        "automation_admin",
        f"automation_admin-{__version__}.dist-info",
    }
    assert not any("screenshots/" in name for name in names)
    assert "automation-admin = automation_admin.gui.cli:main" in entry_points


def test_every_source_package_is_in_the_explicit_package_list() -> None:
    """pyproject.toml lists the packages by hand (package-dir maps them): a new folder of
    modules that is not listed would be missing from the wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"automation_admin.resources"}
    for top in ("gui", "models"):
        for module in (ROOT / top).rglob("*.py"):
            found.add("automation_admin." + ".".join(module.parent.relative_to(ROOT).parts))
    assert listed == found


def test_installed_layout_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    """Unpacked as pip installs it, away from the source tree, the program finds its icons."""
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
        "from automation_admin.gui.resources import resources_dir, app_icon; "
        "print(resources_dir()); "
        "import json; print(json.dumps(sorted(s.width() for s in app_icon().availableSizes())))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=os.environ | {"PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, sizes = result.stdout.splitlines()[-2:]
    assert Path(where) == site / "automation_admin" / "resources"
    assert json.loads(sizes) == list(SIZES)


def test_icon_png_sizes_match_their_names() -> None:
    for size in SIZES:
        assert png_size(ROOT / "resources" / "icons" / "app" / f"{size}.png") == (size, size)


def test_desktop_entry_and_metainfo_agree_with_the_program() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / f"{APP_ID}.desktop", encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Icon"] == APP_ID and group["Exec"] == "automation-admin"
    tree = ET.parse(ROOT / "packaging" / f"{APP_ID}.metainfo.xml").getroot()
    assert tree.findtext("id") == APP_ID
    assert tree.findtext("launchable") == f"{APP_ID}.desktop"
    assert tree.find("content_rating") is not None
    releases = [r.get("version") for r in tree.iter("release")]
    assert releases[0] == __version__
    shots = [image.text or "" for image in tree.iter("image")]
    assert shots
    for url in shots:
        assert url.startswith("https://")
        assert (ROOT / "resources" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url
    launch = (ROOT / "gui" / "launch.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in launch


@pytest.mark.skipif(
    not (shutil.which("desktop-file-validate") and shutil.which("appstreamcli")),
    reason="desktop-file-utils and appstream are not installed (.ci/run installs them)",
)
def test_desktop_entry_and_metainfo_validate() -> None:
    subprocess.run(
        ["desktop-file-validate", str(ROOT / "packaging" / f"{APP_ID}.desktop")], check=True
    )
    subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(ROOT / "packaging" / f"{APP_ID}.metainfo.xml"),
        ],
        check=True,
        capture_output=True,
    )
