"""The production settings pass Django's deployment checks and refuse to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(argv: list[str], env_extra: dict):
    # Not the test process's settings, nor the browser tests' async override.
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _manage(*args, env_extra):
    return _run(["manage.py", *args, "--settings=familyhub.settings.production"], env_extra)


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SECRET_KEY": "a-long-random-test-key-" + "x" * 50,
            "FAMILYHUB_ALLOWED_HOSTS": "familyhub.example.gov.uk",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    """A connection a request cost a PostgreSQL process started and ended (about 4 ms); kept
    ones are checked before reuse, so a restarted database is reconnected to, not an error."""
    show = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    key = {"DJANGO_SECRET_KEY": "a-long-random-test-key-" + "x" * 50}
    assert _manage("shell", "-v", "0", "-c", show, env_extra=key).stdout.split() == ["60", "True"]
    per_request = _manage(
        "shell", "-v", "0", "-c", show, env_extra={**key, "FAMILYHUB_CONN_MAX_AGE": "0"}
    )
    assert per_request.stdout.split() == ["0", "True"]


def _gunicorn_config(env_extra: dict) -> dict[str, str]:
    argv = ["-m", "gunicorn", "--print-config", "familyhub.wsgi:application"]
    result = _run(argv, env_extra)
    assert result.returncode == 0, result.stderr
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    )


def test_gunicorn_reads_the_repositorys_config_wherever_it_is_started_here():
    """`familyhub serve`, the systemd unit, Compose and bench-load start gunicorn in the
    repository's root, where gunicorn.conf.py sets its threads (1: the sync worker, the faster
    on bench-load) and how long it keeps a client's connection (longer than a load balancer's
    idle timeout), each from the environment."""
    shipped = _gunicorn_config({})
    assert (shipped["threads"], shipped["keepalive"]) == ("1", "75")
    four = _gunicorn_config({"FAMILYHUB_WEB_THREADS": "4", "FAMILYHUB_WEB_KEEPALIVE": "5"})
    assert (four["threads"], four["keepalive"]) == ("4", "5")
