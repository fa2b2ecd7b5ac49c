"""Actors for the job tests: three units with clerks, a head, a leader and office members; a local robot server."""
import datetime
import http.server
import json
import threading
import time

import pytest

from tests import factories

DAY = datetime.date(2026, 11, 10)


@pytest.fixture
def unit_c(county):
    return factories.UnitFactory(name="县应急管理局", short_name="县应急局", kind="department", parent=county)


@pytest.fixture
def clerk_c(unit_c):
    return factories.UserFactory(username="clerk_c", membership__unit=unit_c, membership__role="clerk")


class RobotServer:
    """A group-chat robot on localhost: answers each POST with the next status (the last one repeats)."""

    def __init__(self, statuses=(200,), answer=None):
        self.statuses = list(statuses)
        self.answer = answer if answer is not None else {"errcode": 0, "errmsg": "ok"}
        self.requests = []  # (monotonic time, path, json body)
        robot = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                robot.requests.append((time.monotonic(), self.path, json.loads(body.decode("utf-8"))))
                status = robot.statuses[min(len(robot.requests) - 1, len(robot.statuses) - 1)]
                payload = json.dumps(robot.answer if status == 200 else {"error": "boom"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?key=test"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def robots_on_loopback_allowed(settings):
    """The test robots listen on 127.0.0.1, which production refuses (tests/project/test_security.py)."""
    settings.DUBAN_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def robot():
    with RobotServer() as server:
        yield server


@pytest.fixture
def failing_robot():
    with RobotServer(statuses=(500,)) as server:
        yield server
