"""Every app's tests are collected: a tests folder missing from pyproject's testpaths would
silently never run (the linkage tests were missed this way)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles", "var", ".git"}


def _testpaths() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["pytest"]["ini_options"]["testpaths"]


def _test_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("test_*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIP or rel.parts[0].startswith("."):
            continue
        found.append(rel)
    return found


def test_every_test_file_is_under_a_testpath():
    testpaths = _testpaths()
    files = _test_files()
    assert len(files) > 50  # the walk itself found the suite
    outside = [str(f) for f in files if f.parts[0] not in testpaths]
    assert outside == [], f"test files pytest never collects (add to testpaths): {outside}"


def test_every_app_with_tests_is_a_testpath():
    apps_with_tests = {
        p.parent.name
        for p in ROOT.glob("*/tests")
        if p.is_dir() and p.parent.name not in SKIP and any(p.rglob("test_*.py"))
    }
    assert "linkage" in apps_with_tests
    assert sorted(apps_with_tests - set(_testpaths())) == []


def test_every_testpath_exists():
    assert [p for p in _testpaths() if not (ROOT / p).is_dir()] == []
