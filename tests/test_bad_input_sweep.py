"""Bad input on every form: no 500, nothing written, a field-level message in Chinese.

The sweep finds forms by itself: every URL rule that accepts both GET and POST is
a form page; its fields are read from the rendered HTML and filled with hostile
values. A new form is covered the moment its route exists.
"""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from crm.extensions import db
from tests.matrix import argument_kind, make_records

# Rows these tables gain on every request are not "input written".
_BOOKKEEPING = {"login_attempts", "user_sessions", "audit_log"}
# Values no field of any form may accept (type-specific bad values are each form's own tests).
HOSTILE = ["", "   ", "x" * 5000, "\x00", "\x00" * 3 + "x" * 300]


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if (tag in {"input", "select", "textarea"} and name and name != "csrf_token"
                and attrs.get("type") not in {"submit", "hidden", "button"}):
            self.fields[name] = tag


def _form_pages(app) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        if {"GET", "POST"} <= rule.methods and rule.endpoint != "static":
            pages.append(rule.endpoint)
    return sorted(pages)


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables if t.name not in _BOOKKEEPING}


def _url_for_page(app, endpoint: str, records: dict) -> str:
    """The form's URL built from records the signed-in users may write (alice owns "own")."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for argument in rule.arguments:
        labels = records[argument_kind(endpoint, argument)]
        label = "own" if "own" in labels else next(k for k in labels if k != "missing")
        values[argument] = labels[label]
    return rule.build(values)[1]


def test_every_form_page_is_swept(app):
    # Guards the sweep itself: it must see the forms that exist today.
    assert {"auth.login", "auth.change_password"} <= set(_form_pages(app))


def _fields_on(client, url: str) -> dict[str, str]:
    page = client.get(url)
    if page.status_code != 200:
        return {}
    parser = _Fields()
    parser.feed(page.get_data(as_text=True))
    return parser.fields


@pytest.mark.parametrize("value", HOSTILE, ids=["empty", "blank", "huge", "nul", "nul-and-long"])
def test_hostile_input_on_every_form_writes_nothing_and_names_the_field(app, users, orgs, value):
    anonymous, admin, staff = app.test_client(), app.test_client(), app.test_client()
    admin.login("admin@zsj.example.com")
    staff.login("alice@zsj.example.com")  # project forms: admins write no projects
    with app.app_context():
        # The authorization matrix's records: every URL argument kind has one there.
        records = make_records(users, orgs)
    checked = []
    for endpoint in _form_pages(app):
        url = _url_for_page(app, endpoint, records)
        for client in (anonymous, admin, staff):
            fields = _fields_on(client, url)
            if fields:
                break
        else:
            continue
        with app.app_context():
            before = _row_counts()
        response = client.post(url, data={name: value for name in fields})
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (endpoint, value)
        assert response.status_code != 302, f"{endpoint} accepted {value!r}"
        assert re.search(r'invalid-feedback[^>]*>\s*[^<]*[\u4e00-\u9fff]', body), \
            f"{endpoint}: no Chinese field-level message for {value!r}"
        with app.app_context():
            assert _row_counts() == before, endpoint
        checked.append(endpoint)
    print(f"bad input {value[:12]!r} ({len(value)} chars): {len(checked)} forms checked")
    assert set(checked) == set(_form_pages(app)), set(_form_pages(app)) - set(checked)
