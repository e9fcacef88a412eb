"""The public form's rate limit holds across two gunicorn worker processes: it is counted in
the database, not in a worker's memory."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.intake.conftest import public_data

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    """One request on its own connection, so the kernel may hand it to either worker."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Connection": "close", "Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    result = response.status, response.read().decode(), response.getheader("Set-Cookie") or ""
    conn.close()
    return result


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90  # two workers import the app at once on a busy machine
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def _submit(port: int) -> int:
    _, page, set_cookie = _request(port, "GET", "/intake")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    cookie = set_cookie.split(";", 1)[0]
    body = urlencode({**public_data(), "csrf_token": token})
    return _request(port, "POST", "/intake", body, cookie)[0]


def test_six_submissions_across_two_workers_hit_the_limit(app, tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "HTTPS": "false"}
    server = subprocess.Popen(
        [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{port}", "crm:create_app()"],
        env=env, cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, server)
        answers = [_submit(port) for _ in range(6)]
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert answers == [302] * 5 + [429]
