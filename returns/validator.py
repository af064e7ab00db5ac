"""DfE's own CIN census rules (the PyPI package csc-validator-be-cin) in an isolated environment.

The validator pins pandas 1.x (and needs numpy<2 and pytest beside it), which the app's own
environment cannot hold, so `ensure_env()` makes a separate virtual environment with uv
(var/cin-validator-venv, or FAMILYHUB_CIN_VALIDATOR_VENV), once per machine, under a file lock
so parallel test workers share it. `validate(xml, ruleset)` runs returns/dfe_runner.py there as
a subprocess and reads its JSON back into findings."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess  # noqa: S404 - fixed argv, no shell
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PACKAGE = "csc-validator-be-cin==0.1.13"
REQUIREMENTS = (PACKAGE, "numpy<2", "pandas<2", "pytest")
RUNNER = Path(__file__).with_name("dfe_runner.py")
TIMEOUT_SECONDS = 1800


class ValidatorUnavailable(RuntimeError):
    """The isolated environment could not be made (e.g. offline with no cached wheels)."""


@dataclass(frozen=True)
class Finding:
    child: str
    code: str
    message: str
    table: str = ""
    field: str = ""
    value: str = ""
    cin_details: int | None = None
    plan: int | None = None
    position: int | None = None

    @property
    def is_query(self) -> bool:
        return self.code.upper().endswith("Q")


@dataclass
class Result:
    ruleset: str
    rules: int
    findings: list[Finding] = field(default_factory=list)
    la_level: list[Finding] = field(default_factory=list)
    rule_crashes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings + self.la_level if not f.is_query]

    @property
    def queries(self) -> list[Finding]:
        return [f for f in self.findings + self.la_level if f.is_query]


def env_dir() -> Path:
    configured = str(
        os.environ.get("FAMILYHUB_CIN_VALIDATOR_VENV")
        or settings.FAMILYHUB.get("CIN_VALIDATOR_VENV", "")
    )
    return (
        Path(configured)
        if configured
        else Path(str(settings.BASE_DIR)) / "var" / "cin-validator-venv"
    )


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def ensure_env() -> Path:
    """The isolated environment's python, making the environment first if need be."""
    venv = env_dir()
    ready = venv / ".familyhub-ready"
    if ready.exists() and ready.read_text() == PACKAGE and _python(venv).exists():
        return _python(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be making it: wait, then reuse
        if ready.exists() and ready.read_text() == PACKAGE and _python(venv).exists():
            return _python(venv)
        steps = [
            [*_uv(), "venv", "--quiet", "--clear", "--python", "3.11", str(venv)],
            [*_uv(), "pip", "install", "--quiet", "--python", str(_python(venv)), *REQUIREMENTS],
        ]
        for argv in steps:
            done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise ValidatorUnavailable(
                    f"Could not make DfE's validator environment ({' '.join(argv[1:3])}): "
                    + (done.stderr.strip() or done.stdout.strip())[-500:]
                )
        ready.write_text(PACKAGE)
    return _python(venv)


def _finding(d: dict) -> Finding:
    return Finding(
        child=d.get("child", ""),
        code=d.get("code", ""),
        message=d.get("message", ""),
        table=d.get("table", ""),
        field=d.get("field", ""),
        value=d.get("value", ""),
        cin_details=d.get("CINdetailsID"),
        plan=d.get("CPPID"),
        position=d.get("position"),
    )


def validate(xml_path: Path | str, ruleset: str) -> Result:
    """Run DfE's rules (`cin2025_26`, `cin2026_27`) on a census file."""
    python = ensure_env()
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [str(python), str(RUNNER), str(xml_path), ruleset],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_SECONDS,
    )
    if done.returncode != 0:
        raise RuntimeError(f"DfE's validator failed: {done.stderr.strip()[-1000:]}")
    data = json.loads(done.stdout)
    return Result(
        ruleset=data["ruleset"],
        rules=data["rules"],
        findings=[_finding(d) for d in data["findings"]],
        la_level=[_finding(d) for d in data["la_level"]],
        rule_crashes=data.get("rule_crashes", []),
    )
