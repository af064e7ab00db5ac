"""The code by text message goes through GOV.UK Notify's own client library
(notifications-python-client), here pointed at a local server that stands in for Notify's API
and checks what Notify checks: the path, the signed bearer token, the template and the
personalisation. Off by default: nothing is sent unless it is configured."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

from portal import notify
from portal.tests.test_invitation import _invite, led  # noqa: F401 - the fixture

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"familyhub_test-{SERVICE_ID}-{SECRET}"  # Notify's key form: name-service-secret
TEMPLATE = str(uuid.UUID(int=3))


class _Notify(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.PyJWTError:
            self._answer(403, {"errors": [{"error": "AuthError"}]})
            return
        if self.path != "/v2/notifications/sms" or claims.get("iss") != SERVICE_ID:
            self._answer(400, {"errors": [{"error": "BadRequestError"}]})
            return
        self.received.append(body)
        self._answer(201, {"id": str(uuid.UUID(int=4)), "reference": None, "content": {}})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def notify_api(settings):
    _Notify.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Notify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FAMILYHUB = {
        **settings.FAMILYHUB,
        "NOTIFY": {
            "ENABLED": True,
            "API_KEY": API_KEY,
            "SMS_TEMPLATE_ID": TEMPLATE,
            "BASE_URL": f"http://127.0.0.1:{server.server_port}",
        },
    }
    yield _Notify.received
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_code_is_sent_by_text_through_notify_when_configured(
    led,  # noqa: F811 - the fixture imported above
    family_worker,
    notify_api,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = _invite(led, family_worker, mobile="07700 900123")
    [sent] = notify_api
    assert sent["template_id"] == TEMPLATE
    assert sent["phone_number"] == "07700 900123"
    assert sent["personalisation"]["code"] == invited.code
    assert sent["personalisation"]["sign_in_name"]


def test_a_wrong_key_is_refused_by_the_server_so_the_check_is_real(notify_api, settings):
    settings.FAMILYHUB["NOTIFY"]["API_KEY"] = f"x-{SERVICE_ID}-{uuid.UUID(int=9)}"
    from notifications_python_client.errors import HTTPError

    with pytest.raises(HTTPError):
        notify.send_code("07700 900123", "ABCD EFGH", "1234 5678")
    assert notify_api == []


@pytest.mark.django_db
def test_nothing_is_sent_unless_configured(
    led,  # noqa: F811
    family_worker,
    django_capture_on_commit_callbacks,
):
    assert not notify.enabled()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(led, family_worker, mobile="07700 900123")
    assert notify.send_code("07700 900123", "ABCD EFGH", "1234 5678") == ""
