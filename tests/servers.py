"""Real web servers for tests: a free loopback port, one request per connection, and a server
process (gunicorn, or `flask run`) on the test's database, always stopped afterwards."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float


def fetch(port: int, method: str, path: str, body: str = "", cookie: str = "") -> Answer:
    """One request on its own connection, so the kernel may hand it to either worker."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Connection": "close", "Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        return Answer(response.status, response.headers, text, time.monotonic() - started)
    finally:
        conn.close()


@contextmanager
def serve(app, *command: str, log: Path | None = None):
    """Run a web server on the test's database; `command` says {port} where the port goes."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": app.config["SECRET_KEY"], "HTTPS": "false", "FLASK_DEBUG": "0"}
    # stderr goes to a file: a pipe nobody reads fills up and stalls a chatty server.
    with tempfile.TemporaryFile() as errors:
        server = subprocess.Popen([part.format(port=port) for part in command], env=env,
                                  cwd=CHECKOUT, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            _wait_until_up(port, server, errors)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)


def _wait_until_up(port: int, server: subprocess.Popen, errors) -> None:
    deadline = time.monotonic() + 90  # two workers import the app at once on a busy machine
    while time.monotonic() < deadline:
        if server.poll() is not None:
            errors.seek(0)
            raise AssertionError(errors.read().decode(errors="replace"))
        try:
            if fetch(port, "GET", "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")
