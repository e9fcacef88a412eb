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
from tests.matrix import clients as signed_in_clients

# Rows these tables gain on every request are not "input written".
_BOOKKEEPING = {"login_attempts", "user_sessions", "audit_log"}
# Values no field of any form may accept (type-specific bad values are each form's own tests).
HOSTILE = ["", "   ", "x" * 5000, "\x00", "\x00" * 3 + "x" * 300]
# Forms whose every field may be left blank (a blank 年度目标 cell is no target): a blank
# save is valid there, and with no such rows in the sweep's records it must change nothing.
_ALL_BLANK_IS_VALID = {"admin.targets"}
# GET routes that only redirect to a page the sweep reaches on its own (/admin/ -> users).
_REDIRECT_ONLY = {"admin.home"}


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
    with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
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
    anonymous, admin, staff, leader = (app.test_client() for _ in range(4))
    admin.login("admin@zsj.example.com")
    staff.login("alice@zsj.example.com")  # project forms: admins write no projects
    leader.login("leader@zsj.example.com")  # 招商活动: leaders write them
    with app.app_context():
        # The authorization matrix's records: every URL argument kind has one there.
        records = make_records(users, orgs)
    checked = []
    for endpoint in _form_pages(app):
        url = _url_for_page(app, endpoint, records)
        for client in (anonymous, admin, staff, leader):
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
        if endpoint in _ALL_BLANK_IS_VALID and not value.strip():
            with app.app_context():
                assert _row_counts() == before, endpoint
            checked.append(endpoint)
            continue
        assert response.status_code != 302, f"{endpoint} accepted {value!r}"
        assert re.search(r'invalid-feedback[^>]*>\s*[^<]*[\u4e00-\u9fff]', body), \
            f"{endpoint}: no Chinese field-level message for {value!r}"
        with app.app_context():
            assert _row_counts() == before, endpoint
        checked.append(endpoint)
    print(f"bad input {value[:12]!r} ({len(value)} chars): {len(checked)} forms checked")
    assert set(checked) == set(_form_pages(app)), set(_form_pages(app)) - set(checked)


# --- Digits that are not ASCII decimal digits, and integers no column can hold ---------------
# "²" and "①" pass str.isdigit() but int() refuses them; "１２" and "٣" are decimal digits to
# int(); 400 digits overflow every integer column; 23 digits overflow BIGINT and SQLite.
NUMERIC = {"superscript": "²", "circled": "①", "full-width": "１２", "arabic-indic": "٣",
           "400-digits": "1" * 400, "23-digit-id": "12345678901234567890123"}
# Forms the numeric sweep leaves alone: posting to it ends the client's session.
_SESSION_ENDERS = {"auth.logout"}
# POST routes whose button the crawled pages do not show (no disabled user, no team member on
# the "own" project, no calendar address yet); each form carries nothing but the CSRF token.
_NOT_ON_THE_PAGES = {"admin.user_enable", "projects.team_remove", "reminders.calendar_revoke"}


class _Forms(HTMLParser):
    """Every <form> on a page: method, action and its fields with the values as rendered."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(),
                               "action": attrs.get("action") or "", "fields": {}})
            return
        if not self.forms:
            return
        fields, name = self.forms[-1]["fields"], attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            values = fields.setdefault(name, [])
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                values.append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            values = fields[self._select]
            if "selected" in attrs:
                values.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea][0] += data


def _tracking_args(app) -> set:
    """Make the app remember every query-string key a view asks for; returns that set."""
    from flask import Request
    from werkzeug.datastructures import ImmutableMultiDict

    asked: set[str] = set()

    class Args(ImmutableMultiDict):
        def get(self, key, *args, **kwargs):
            asked.add(key)
            return super().get(key, *args, **kwargs)

        def getlist(self, key, *args, **kwargs):
            asked.add(key)
            return super().getlist(key, *args, **kwargs)

        def __getitem__(self, key):
            asked.add(key)
            return super().__getitem__(key)

        def __contains__(self, key):
            asked.add(key)
            return super().__contains__(key)

    class TrackingRequest(Request):
        parameter_storage_class = Args

    app.request_class = TrackingRequest
    return asked


def _get_pages(app, records) -> list[tuple[str, str]]:
    """(endpoint, URL) of every GET route, built from records the matrix users own."""
    pages = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" in rule.methods and rule.endpoint != "static":
            pages.append((rule.endpoint, _url_for_page(app, rule.endpoint, records)))
    return pages


def _endpoint_of(app, path: str, method: str) -> str | None:
    from werkzeug.exceptions import HTTPException

    try:
        with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
            return app.url_map.bind("localhost").match(path, method=method)[0]
    except HTTPException:
        return None


def _crawl(app, clients, records):
    """Per GET page: the first role answered 200, the query keys its view reads, its forms."""
    from urllib.parse import urljoin, urlsplit

    asked = _tracking_args(app)
    pages, forms, shapes = [], {}, set()
    for endpoint, url in _get_pages(app, records):
        found = None
        for role, client in clients.items():
            asked.clear()
            response = client.get(url)
            if response.status_code != 200:
                continue
            keys = set(asked) | {"page"}
            parser = _Forms()
            if response.mimetype == "text/html":
                parser.feed(response.get_data(as_text=True))
            for form in parser.forms:
                action = urlsplit(urljoin(url, form["action"] or url))
                if form["method"] == "get":
                    if action.path == urlsplit(url).path:
                        keys |= set(form["fields"])
                    continue
                target = _endpoint_of(app, action.path, "POST")
                seen = (target, frozenset(form["fields"]))  # the same form for another role
                if target and target not in _SESSION_ENDERS and seen not in shapes:
                    shapes.add(seen)
                    forms[target, role] = (url, action.path, form["fields"])
            found = found or (role, keys)
        if found:
            pages.append((endpoint, url, *found))
    return pages, forms


def _fresh_fields(client, page_url: str, action: str) -> dict | None:
    from urllib.parse import urljoin, urlsplit

    response = client.get(page_url)
    if response.status_code != 200:
        return None
    parser = _Forms()
    parser.feed(response.get_data(as_text=True))
    for form in parser.forms:
        if form["method"] == "post" and \
                urlsplit(urljoin(page_url, form["action"] or page_url)).path == action:
            return form["fields"]
    return None


@pytest.mark.parametrize("value", NUMERIC.values(), ids=NUMERIC.keys())
def test_non_ascii_digits_and_huge_integers_never_give_a_500(app, users, orgs, value):
    """Every query key a GET view reads (plus page) and every field of every form on every page,
    one at a time, the other fields as the page rendered them."""
    from flask import got_request_exception

    clients = signed_in_clients(app)
    with app.app_context():
        records = make_records(users, orgs)
    pages, forms = _crawl(app, clients, records)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 and go on: list every failure
    errors = []
    got_request_exception.connect(lambda _app, exception: errors.append(exception), app,
                                  weak=False)
    failures, queries, posts = [], 0, 0
    for endpoint, url, role, keys in pages:
        for key in sorted(keys):
            response = clients[role].get(url, query_string={key: value})
            queries += 1
            if response.status_code >= 500:
                failures.append(f"GET {endpoint} ?{key}= {errors[-1]!r:.120}")
    for (endpoint, role), (page_url, action, fields) in sorted(forms.items()):
        client, current = clients[role], fields
        for name in sorted(n for n in fields if n != "csrf_token"):
            if current is None:
                break  # the record is gone (a delete went through): nothing left to post
            response = client.post(action, data={**current, name: [value]})
            posts += 1
            if response.status_code != 200:  # saved (or refused): the rendered values moved on
                current = _fresh_fields(client, page_url, action)
            if response.status_code >= 500:
                failures.append(f"POST {endpoint} {name}= {errors[-1]!r:.120}")
    print(f"{value[:12]!r}: {len(pages)} GET pages, {queries} query args, "
          f"{len(forms)} forms, {posts} posted fields")
    # Guards the sweep itself: every GET route answered someone, every POST route was posted to.
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert {r.endpoint for r in rules if "GET" in r.methods} - _REDIRECT_ONLY == {
        page[0] for page in pages}
    unposted = {r.endpoint for r in rules if "POST" in r.methods} - {form[0] for form in forms}
    assert unposted <= _SESSION_ENDERS | _NOT_ON_THE_PAGES, unposted
    assert not failures, "\n".join(failures)


# Ids in a URL path: only 1..2147483647 in ASCII digits name a record; anything else is a 404.
BAD_IDS = ["０", "１", "٣", "²", "①", "0", "007", "-1", "2147483648", "1" * 23, "1" * 400]


def _bad_project_refs(marker: int) -> list[str]:
    """Project tokens (crm/projects/ref.py) that name no project: each must be a 404."""
    import base64

    from crm.projects import ref

    good = ref.encode(marker)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    def raw(block: bytes) -> str:  # a well-formed token of any 16 bytes under this app's key
        cipher = ref._cipher(ref._secret(None)).encryptor()
        token = base64.urlsafe_b64encode(cipher.update(block) + cipher.finalize())
        return token.rstrip(b"=").decode()

    tampered = alphabet[(alphabet.index(good[3]) + 1) % 64].join((good[:3], good[4:]))
    loose = good[:-1] + alphabet[alphabet.index(good[-1]) + 1]  # same bytes, stray low bits
    return [
        "1", str(marker), "0", "-1", "１２", "1" * 400,            # integer URLs are gone
        tampered, loose, good[:-1], good + "A", good + "==", good.upper(), good.lower(),
        ref.encode(marker, "another-secret"),                     # another deployment's key
        raw(bytes(16)), raw(bytes(8) + (2**31).to_bytes(8, "big")),  # id 0, id over INTEGER
        raw(b"\x01" + bytes(7) + marker.to_bytes(8, "big")),       # a non-zero prefix
        "!" * 22, "Ａ" * 22, "+" * 22, "/" * 22, "." * 22,
    ]


def test_a_bad_id_in_any_url_is_a_404(app, users, orgs):
    from urllib.parse import quote

    from crm.projects.ref import ProjectConverter
    from crm.web import IdConverter

    client = app.test_client()
    client.login("admin@zsj.example.com")
    with app.app_context():
        records = make_records(users, orgs)
        bad_refs = _bad_project_refs(987_654_321)
        checked = {IdConverter: 0, ProjectConverter: 0}
        for rule in app.url_map.iter_rules():
            method = "GET" if "GET" in rule.methods else "POST"
            for argument, converter in rule._converters.items():
                kind = type(converter)
                if kind not in checked:
                    continue
                kinds = {name: records[argument_kind(rule.endpoint, name)]
                         for name in rule.arguments}
                values = {name: labels.get("own", next(v for k, v in labels.items()
                                                       if k != "missing"))
                          for name, labels in kinds.items()}
                values[argument] = 987_654_321  # a marker the bad id replaces
                url = rule.build(values)[1]
                marker = converter.to_url(987_654_321)
                assert url.count(marker) == 1, url
                for bad in BAD_IDS if kind is IdConverter else bad_refs:
                    response = client.open(url.replace(marker, quote(bad)), method=method)
                    assert response.status_code == 404, (rule.endpoint, argument, bad)
                    checked[kind] += 1
    assert checked[IdConverter] >= 20 * len(BAD_IDS), checked
    assert checked[ProjectConverter] >= 15 * len(bad_refs), checked
