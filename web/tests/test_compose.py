"""The production container set-up (deploy/compose.yaml, deploy/Dockerfile, deploy/healthcheck.py):
every long-running service restarts by itself and has a health check on /healthz or /readyz (or
the database, for the worker and the scheduler), the one-off migration runs before the app, and
every setting the files pass is one FamilyHub reads. Docker is not run here (no registry); when
`docker compose` is installed the file is also checked by Compose itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
# Compose's own variables (interpolated into compose.yaml, never passed to FamilyHub).
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "FAMILYHUB_IMAGE_TAG", "FAMILYHUB_PORT", "FAMILYHUB_WORKERS"}
POSTGRES_IMAGE_ENV = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def _one_offs(services: dict) -> set[str]:
    """Services others wait for to finish (service_completed_successfully)."""
    return {
        name
        for svc in services.values()
        for name, cond in (svc.get("depends_on") or {}).items()
        if cond.get("condition") == "service_completed_successfully"
    }


def test_every_service_restarts_by_itself_and_has_a_health_check():
    services = _services()
    assert {"db", "web", "worker", "scheduler", "migrate"} <= set(services)
    one_offs = _one_offs(services)
    assert one_offs == {"migrate"}
    for name, svc in services.items():
        if name in one_offs:
            assert svc["restart"] == "on-failure", name
            continue
        assert svc["restart"] == "always", name
        test = svc["healthcheck"]["test"]
        assert test, name
        assert test[0] in ("CMD", "CMD-SHELL"), name
    assert "/readyz" in services["web"]["healthcheck"]["test"]
    for name in ("worker", "scheduler"):
        assert services[name]["healthcheck"]["test"][-2:] == ["deploy/healthcheck.py", "database"]
    # The app waits for a healthy database and a finished migration.
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"] == ["familyhub", "worker"]
    assert services["scheduler"]["command"] == ["familyhub", "scheduler"]
    assert "deploy" not in services["scheduler"]  # exactly one scheduler


def _names_in_compose() -> set[str]:
    text = COMPOSE.read_text()
    names = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text))
    for svc in _services().values():
        names |= set(svc.get("environment") or {})
    return names


def _names_in_env_example() -> set[str]:
    names = set()
    for line in (DEPLOY / "compose.env.example").read_text().splitlines():
        line = line.lstrip("# ").strip()
        if re.match(r"^[A-Z_][A-Z0-9_]*=", line):
            names.add(line.split("=", 1)[0])
    return names


def _read_by_familyhub() -> str:
    """The source FamilyHub runs (its settings, apps and deploy scripts), tests left out."""
    skip = {".venv", "node_modules", "staticfiles", "var", ".git", "tests"}
    return "\n".join(
        p.read_text(errors="replace")
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts)
    )


def test_every_setting_passed_is_one_familyhub_reads():
    source = _read_by_familyhub()
    passed = _names_in_compose() | _names_in_env_example()
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "FAMILYHUB_ALLOWED_HOSTS"} <= passed
    for name in sorted(passed - COMPOSE_ONLY - POSTGRES_IMAGE_ENV):
        if name == "DJANGO_SETTINGS_MODULE":
            module = "familyhub/settings/production.py"
            assert (ROOT / module).exists()
            continue
        assert f'"{name}"' in source, f"{name} is passed to FamilyHub but nothing reads it"


def test_the_image_is_debian_python_311_locked_non_root_with_static_files_and_pdf_libraries():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", text, re.M)
    assert "uv sync --frozen --no-dev --no-install-project" in text
    assert "uv sync --frozen --no-dev" in text
    assert "npm ci" in text  # the front-end packages as locked
    assert "collectstatic --noinput" in text
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert library in text  # WeasyPrint
    users = re.findall(r"^USER (\S+)$", text, re.M)
    assert users
    assert users[-1] not in ("root", "0")
    assert "HEALTHCHECK" in text
    assert '"/healthz"' in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var"} <= set(ignored)


def _has_compose() -> bool:
    if not shutil.which("docker"):
        return False
    found = subprocess.run(  # noqa: S603
        ["docker", "compose", "version"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


@pytest.mark.skipif(not _has_compose(), reason="docker compose is not installed here")
def test_compose_itself_accepts_the_file(tmp_path):  # pragma: no cover - where Compose exists
    env_file = DEPLOY / "familyhub.env"
    made = not env_file.exists()
    if made:
        env_file.write_text((DEPLOY / "compose.env.example").read_text())
    try:
        result = subprocess.run(  # noqa: S603
            ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],  # noqa: S607
            env={**os.environ, "POSTGRES_PASSWORD": "x"}, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
    finally:
        if made:
            env_file.unlink()
    assert result.returncode == 0, result.stderr


def _healthcheck(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(DEPLOY / "healthcheck.py"), *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_health_check_asks_the_server_for_healthz_and_readyz(live_server):
    env = {"FAMILYHUB_HEALTH_URL": live_server.url, "FAMILYHUB_ALLOWED_HOSTS": "localhost"}
    env["FAMILYHUB_HEALTH_TIMEOUT"] = "120"  # a loaded test machine, a first request
    assert _healthcheck("/healthz", **env).returncode == 0
    ready = _healthcheck("/readyz", **env)
    assert ready.returncode == 0, ready.stderr
    missing = _healthcheck("/no-such-page", **env)
    assert missing.returncode == 1
    assert "404" in missing.stderr


def test_the_health_check_fails_when_nothing_answers():
    down = _healthcheck("/healthz", FAMILYHUB_HEALTH_URL="http://127.0.0.1:9")
    assert down.returncode == 1
    assert "did not answer" in down.stderr
    no_db = _healthcheck("database", DATABASE_URL="postgres://nobody@127.0.0.1:9/familyhub")
    assert no_db.returncode == 1
    assert "cannot be read" in no_db.stderr
