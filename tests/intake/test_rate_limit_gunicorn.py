"""The public form's rate limit holds across two gunicorn worker processes: it is counted in
the database, not in a worker's memory."""

import re
from urllib.parse import urlencode

from tests.intake.conftest import public_data
from tests.servers import GUNICORN, fetch, serve


def _submit(port: int) -> int:
    form = fetch(port, "GET", "/intake")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.body)[1]
    cookie = (form.headers.get("Set-Cookie") or "").split(";", 1)[0]
    body = urlencode({**public_data(), "csrf_token": token})
    return fetch(port, "POST", "/intake", body, cookie).status


def test_six_submissions_across_two_workers_hit_the_limit(app):
    with serve(app, str(GUNICORN), "-w", "2", "-b", "127.0.0.1:{port}", "crm:create_app()") \
            as port:
        answers = [_submit(port) for _ in range(6)]
    assert answers == [302] * 5 + [429]
