"""Structured JSON logs with a request id that audit events carry too (issue 16)."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from conftest import client_for
from familyhub.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("familyhub.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(client):
    assert (
        client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.91:2")["X-Request-ID"] == "lb-7f3a.91:2"
    )
    for hostile in ("<script>alert(1)</script>", "a\nfake log line", "x" * 41, " "):
        given = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert given != hostile
        assert len(given) == 32
        assert all(c in "0123456789abcdef" for c in given)


def test_the_log_line_and_the_audit_event_carry_the_same_request_id(
    client, family_worker, smith_family, json_lines
):
    c = client_for(client, family_worker)
    response = c.get(reverse("people:family", args=[smith_family.pk]), HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-42"
    [line] = [x for x in json_lines() if x["path"] == f"/families/{smith_family.pk}/"]
    assert line["request_id"] == "req-42"
    assert (line["method"], line["status"], line["user_id"]) == ("GET", 200, family_worker.user.pk)
    assert line["level"] == "INFO"
    assert line["logger"] == "familyhub.request"
    event = AuditEvent.objects.get(verb="view", family_id=smith_family.pk)
    assert event.request_id == "req-42"


def test_production_logs_json_lines():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "familyhub.settings.production"}
    env.update({"DJANGO_SECRET_KEY": "test-only-not-secret", "FAMILYHUB_LOG_LEVEL": "INFO"})
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('familyhub.x').warning('hello %s', 'there', extra={'n': 3})"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    entry = json.loads(out.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hello there"
    assert entry["n"] == 3
    assert entry["request_id"] == ""
    assert entry["level"] == "WARNING"
