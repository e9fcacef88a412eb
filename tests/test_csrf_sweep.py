"""Every route that accepts POST refuses a form without a CSRF token, and writes nothing."""

import sqlalchemy as sa

from crm.extensions import db
from tests.conftest import PASSWORD, email_of
from tests.matrix import argument_kind, make_records

CSRF_MESSAGE = "CSRF 校验失败"
# Fields that would pass the sign-in, password and most admin forms if the token were not checked.
FORM = {"email": email_of("alice"), "password": PASSWORD, "current": PASSWORD,
        "new": "a-quiet-river-in-spring-2026", "confirm": "a-quiet-river-in-spring-2026",
        "name": "新用户", "role": "staff", "label": "新条目", "code": "new-item"}


def _post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def _url(rule, records) -> str:
    values = {}
    for argument in rule.arguments:
        existing = records[argument_kind(rule.endpoint, argument)]
        values[argument] = next(value for label, value in existing.items() if label != "missing")
    return rule.build(values)[1]


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_it_refuses_every_post_without_a_csrf_token(app, users, orgs):
    with app.app_context():
        records = make_records(users, orgs)
    clients = {"anonymous": app.test_client(), "admin": app.test_client(),
               "alice": app.test_client()}
    clients["admin"].login(email_of("admin"))
    clients["alice"].login(email_of("alice"))
    with app.app_context():
        before = _row_counts()
    wrong, sent = [], 0
    for rule in _post_rules(app):
        with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
            url = _url(rule, records)
        signed_in = "admin" if rule.endpoint.startswith("admin.") else "alice"
        for who in ("anonymous", signed_in):
            response = clients[who].post(url, data=FORM, csrf=False)
            sent += 1
            if response.status_code != 400 or CSRF_MESSAGE not in response.get_data(as_text=True):
                wrong.append(f"POST {url} as {who}: {response.status_code}")
    with app.app_context():
        assert _row_counts() == before
    assert not wrong, "\n".join(wrong)
    assert sent == 2 * len(_post_rules(app)) >= 2 * 3


def test_it_refuses_a_forged_token(client, users):
    response = client.post("/login", data={"email": email_of("alice"), "password": PASSWORD,
                                           "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_it_keeps_the_user_signed_in_after_a_forged_logout(login_as):
    client = login_as("alice")
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/").status_code == 200
    assert client.post("/logout").headers["Location"] == "/login"
    assert client.get("/").status_code == 302
