"""The `familyhub` command: a thin wrapper round Django's management commands.

familyhub demo [--families N]   build (or keep) the synthetic demo borough
familyhub serve                 web server and task worker together; Ctrl-C stops both
familyhub <any manage.py command>
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["familyhub", *argv])


def serve(argv: list[str]) -> int:
    """Run gunicorn, one django-tasks database worker and the daily-job scheduler; stop them
    all on Ctrl-C or SIGTERM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    bind = os.environ.get("FAMILYHUB_BIND", "127.0.0.1:8000")
    python = sys.executable
    workers = os.environ.get("FAMILYHUB_WEB_WORKERS", "2")
    web_argv = [python, "-m", "gunicorn", "familyhub.wsgi:application", "--bind", bind]
    web_argv += ["--workers", workers, "--access-logfile", "-"]
    web = subprocess.Popen(web_argv)  # noqa: S603 - fixed argv, no shell
    worker = subprocess.Popen([python, "-m", "familyhub.cli", "db_worker"])  # noqa: S603
    scheduler = subprocess.Popen([python, "-m", "familyhub.cli", "scheduler"])  # noqa: S603
    children = [web, worker, scheduler]

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"FamilyHub is running on http://{bind}/ (Ctrl-C to stop)", flush=True)
    try:
        while all(child.poll() is None for child in children):
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(timeout=1)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    if not argv:
        print(__doc__)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    import django
    from django.core.management import get_commands

    django.setup()
    commands = get_commands()
    underscored = argv[0].replace("-", "_")
    if argv[0] not in commands and underscored in commands:
        argv[0] = underscored  # `familyhub match-server` -> match_server
    _django(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
