"""The `familyhub` command as `make install` installs it (the console script in the virtual
environment, run from another directory, with nothing on PYTHONPATH) finds every app: `make
run`, `familyhub serve`, `familyhub link` and `make drill-restore` all start with it. A package
left out of pyproject.toml's package list imports in the tests (they run from the checkout)
but not there: the dashboards (insight) and Find/Fetch a Record (custodian) apps were."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("familyhub")


@pytest.mark.skipif(not COMMAND.exists(), reason="the project is not installed in this venv")
def test_the_installed_command_starts_with_every_app(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "familyhub.settings.dev"
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    done = subprocess.run(  # noqa: S603 - our own installed command
        [str(COMMAND), "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no issues" in done.stdout
