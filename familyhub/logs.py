"""Structured logs: one JSON object a line, each with the request id that the response's
X-Request-ID header and the request's audit events carry (audit.middleware sets it), so an
operator can go from a log line to the audit trail and back.

Production settings log JSON (`LOGGING` in familyhub.settings.production); development keeps
plain lines with the request id in them."""

from __future__ import annotations

import datetime as dt
import json
import logging


def _request_id() -> str:
    from audit.context import current  # not at import: the settings import this module

    return current.get().request_id


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (blank outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id()
        return True


_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", …extra fields, "exception"}."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = (
                    value if isinstance(value, (int, float, bool, type(None))) else str(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, json_lines: bool, level: str) -> dict:
    """The LOGGING setting: every line through RequestIdFilter, JSON or plain; each request
    completed is logged by the `familyhub.request` logger (method, path, status, ms)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "familyhub.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "familyhub.logs.JsonFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json_lines else "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"familyhub.request": {"level": "INFO" if json_lines else level}},
    }
