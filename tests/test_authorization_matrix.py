"""Every route x every role x own/team/other/confidential/missing records, from app.url_map.

The expectations live in tests/matrix.py; a route without an entry there fails here.
"""

import itertools

import sqlalchemy as sa

from crm.extensions import db
from tests.conftest import email_of
from tests.matrix import (
    ENDPOINTS,
    ROLE_USERS,
    ROLES,
    argument_kind,
    expected,
    make_records,
    outcome,
    route_for,
)


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _clients(app) -> dict:
    clients = {"anonymous": app.test_client()}
    for role, who in ROLE_USERS.items():
        clients[role] = app.test_client()
        clients[role].login(email_of(who))
    return clients


def _urls(rule, records):
    """(URL, {record kind: label}) for every combination of records the rule's arguments take."""
    arguments = sorted(rule.arguments)
    kinds = [argument_kind(rule.endpoint, argument) for argument in arguments]
    for labels in itertools.product(*(records[kind] for kind in kinds)):
        values = {argument: records[kind][label]
                  for argument, kind, label in zip(arguments, kinds, labels, strict=True)}
        yield rule.build(values)[1], dict(zip(kinds, labels, strict=True))


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_it_has_an_expectation_for_every_route_and_argument(app):
    missing = [rule.endpoint for rule in _rules(app) if route_for(rule.endpoint) is None]
    assert not missing, f"add these endpoints to tests/matrix.py ENDPOINTS: {missing}"
    unknown = [f"{rule.endpoint}:{argument}" for rule in _rules(app)
               for argument in rule.arguments if argument_kind(rule.endpoint, argument) is None]
    assert not unknown, f"add these URL arguments to tests/matrix.py ARGUMENTS: {unknown}"


def test_it_lists_no_endpoint_that_does_not_exist(app):
    assert not set(ENDPOINTS) - {rule.endpoint for rule in _rules(app)}


def test_it_answers_every_cell_of_the_matrix_as_expected(app, users, orgs):
    with app.app_context():
        records = make_records(users, orgs)
    clients = _clients(app)
    with app.app_context():
        before = _row_counts()
    wrong, cells = [], 0
    for rule in _rules(app):
        route = route_for(rule.endpoint)
        with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
            urls = list(_urls(rule, records))
        for url, labels in urls:
            for role in ROLES:
                want = expected(route, role, labels) if "GET" in rule.methods else 405
                got = outcome(clients[role].get(url))
                cells += 1
                if got != want:
                    wrong.append(f"GET {url} as {role} {labels or ''}: expected {want}, got {got}")
    print(f"authorization matrix: {cells} cells checked")
    assert not wrong, f"{len(wrong)} of {cells} cells wrong:\n" + "\n".join(wrong)
    with app.app_context():
        assert _row_counts() == before  # no state change on GET
    assert cells >= max(200, len(ROLES) * len(_rules(app)))


def test_it_keeps_the_routes_marked_post_only_free_of_get(app):
    marked = {endpoint for endpoint, route in ENDPOINTS.items() if route.post_only}
    assert "auth.logout" in marked
    assert all("GET" not in rule.methods for rule in _rules(app) if rule.endpoint in marked)
