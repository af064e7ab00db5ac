"""The `familyhub` command: a thin wrapper round Django's management commands.

familyhub demo [--families N]   build (or keep) the synthetic demo borough
familyhub serve                 web server, task worker and scheduler together (a worker that
                                dies is restarted); Ctrl-C stops all
familyhub backup [--to FILE]     a backup of the database now (pg_dump / SQLite online backup)
familyhub drill-restore [--from FILE] [--keep]
                                restore a backup (a new one by default) into a fresh database
                                and run `audit verify` on it (familyhub/backup.py)
familyhub <any manage.py command>
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["familyhub", *argv])


class Supervisor:
    """Keeps the web server up and restarts the helpers (task worker, scheduler) when they die.

    The web server and the task worker are independent: a worker killed (kill -9, out of
    memory) is started again after `backoff` seconds, at most `max_restarts` times in
    `window` seconds (then it is left down and said so, rather than spin); the web server keeps
    serving meanwhile. Only the web server ending, Ctrl-C or SIGTERM stops everything. In
    production systemd or Compose does this job (deploy/); this is the laptop's equivalent.
    """

    def __init__(
        self,
        web: list[str],
        helpers: dict[str, list[str]],
        *,
        backoff: float = 2.0,
        max_restarts: int = 5,
        window: float = 60.0,
        log=print,
    ) -> None:
        self.web_argv, self.helper_argv = web, helpers
        self.backoff, self.max_restarts, self.window = backoff, max_restarts, window
        self.log = log
        self.web: subprocess.Popen | None = None
        self.helpers: dict[str, subprocess.Popen | None] = {}
        self.restarts: dict[str, list[float]] = {name: [] for name in helpers}
        self.stopping = False

    def start(self) -> None:
        self.web = subprocess.Popen(self.web_argv)  # noqa: S603 - fixed argv, no shell
        for name, argv in self.helper_argv.items():
            self.helpers[name] = subprocess.Popen(argv)  # noqa: S603

    def check(self) -> bool:
        """One round: restart any helper that died; False when the web server has ended."""
        for name, child in self.helpers.items():
            if child is None or child.poll() is None or self.stopping:
                continue
            now = time.monotonic()
            recent = [t for t in self.restarts[name] if now - t < self.window]
            if len(recent) >= self.max_restarts:
                self.log(f"The {name} keeps stopping (exit {child.returncode}); left down")
                self.helpers[name] = None
                continue
            self.log(f"The {name} stopped (exit {child.returncode}); starting it again")
            time.sleep(self.backoff)
            self.restarts[name] = [*recent, now]
            self.helpers[name] = subprocess.Popen(self.helper_argv[name])  # noqa: S603
        return self.web is not None and self.web.poll() is None

    def stop(self, *_) -> None:
        self.stopping = True
        for child in self.children():
            if child.poll() is None:
                child.terminate()

    def children(self) -> list[subprocess.Popen]:
        return [c for c in (self.web, *self.helpers.values()) if c is not None]

    def run(self) -> int:
        self.start()
        try:
            while self.check() and not self.stopping:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.web.wait(timeout=1)  # type: ignore[union-attr]
        finally:
            self.stop()
            for child in self.children():
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        return 0


def serve(argv: list[str]) -> int:
    """Run gunicorn, one django-tasks database worker and the daily-job scheduler; restart the
    worker or scheduler if it dies; stop them all on Ctrl-C or SIGTERM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
    bind = os.environ.get("FAMILYHUB_BIND", "127.0.0.1:8000")
    python = sys.executable
    workers = os.environ.get("FAMILYHUB_WEB_WORKERS", "2")
    web_argv = [python, "-m", "gunicorn", "familyhub.wsgi:application", "--bind", bind]
    web_argv += ["--workers", workers, "--access-logfile", "-"]
    supervisor = Supervisor(
        web_argv,
        {
            "task worker": [python, "-m", "familyhub.cli", "worker"],
            "scheduler": [python, "-m", "familyhub.cli", "scheduler"],
        },
        log=lambda text: print(text, file=sys.stderr, flush=True),
    )
    signal.signal(signal.SIGINT, supervisor.stop)
    signal.signal(signal.SIGTERM, supervisor.stop)
    print(f"FamilyHub is running on http://{bind}/ (Ctrl-C to stop)", flush=True)
    return supervisor.run()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    if argv[:1] in (["backup"], ["drill-restore"]):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings.dev")
        from familyhub import backup

        return backup.main(argv[1:], command=argv[0])
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
