"""A stand-in for DfE's daily-collection endpoint: a real HTTP server in a thread that checks
each POST against the shared OpenAPI document (path, LA code, bearer token, body schema) and
answers as the document says: 200 with a receipt UUID, 400 for a malformed body, 401 without the
token. It can be told to fail the next requests (503) to exercise the retries."""

from __future__ import annotations

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jsonschema import Draft7Validator, FormatChecker

PATH = re.compile(r"^/api/children_social_care_data/(\d{1,3})/children$")


class StubDfE:
    def __init__(self, schema: dict, token: str) -> None:
        self.validator = Draft7Validator(schema, format_checker=FormatChecker())
        self.token = token
        self.received: list[list[dict]] = []
        self.refused: list[tuple[int, str]] = []
        self.fail_next = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet in tests
                pass

            def _answer(self, status: int, payload=None) -> None:
                data = json.dumps(payload).encode() if payload is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if not PATH.match(self.path):
                    stub.refused.append((404, self.path))
                    return self._answer(404, {"detail": "no such path"})
                if self.headers.get("Authorization") != f"Bearer {stub.token}":
                    stub.refused.append((401, "token"))
                    return self._answer(401, {"detail": "Unauthorized Access"})
                if stub.fail_next:
                    stub.fail_next -= 1
                    stub.refused.append((503, "told to fail"))
                    return self._answer(503, {"detail": "try later"})
                try:
                    body = json.loads(raw)
                except ValueError:
                    stub.refused.append((400, "not JSON"))
                    return self._answer(400, {"detail": "Payload was malformed"})
                problems = [e.message for e in stub.validator.iter_errors(body)]
                if problems:
                    stub.refused.append((400, "; ".join(problems)))
                    return self._answer(400, {"detail": problems})
                stub.received.append(body)
                return self._answer(200, str(uuid.uuid4()))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api"

    def __enter__(self) -> StubDfE:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
