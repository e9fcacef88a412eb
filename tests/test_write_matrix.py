"""Every POST route x every role x the matrix's records: the DESIGN.md "writes" column.

An empty POST (with a valid CSRF token) from a role the table does not let write must be
refused exactly as tests/matrix.py says (the sign-in page, 403, or 404 where the record may not
even be known), and change nothing; any 2xx or other redirect there fails. A role the table
lets write must get past every check (the form then shows its errors, or the action is done).
One test per endpoint, each on a fresh database, so an allowed action cannot disturb the next.
"""

import pytest

from crm import create_app
from tests.matrix import (
    ALLOWED,
    LOGIN,
    ROLES,
    clients,
    expected_post,
    make_records,
    outcome,
    route_for,
    row_counts,
    rules,
    urls,
)

REFUSALS = {LOGIN, 401, 403, 404, 405}


def _post_endpoints() -> list[str]:
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "collect",
                      "HTTPS": False})
    return sorted({rule.endpoint for rule in rules(app) if "POST" in rule.methods})


POST_ENDPOINTS = _post_endpoints()


def test_it_knows_who_may_post_to_every_post_route():
    unknown = [endpoint for endpoint in POST_ENDPOINTS if route_for(endpoint) is None or (
        route_for(endpoint).post_only and route_for(endpoint).writers is None)]
    assert not unknown, f"give these routes `writers` in tests/matrix*.py: {unknown}"
    assert len(POST_ENDPOINTS) >= 50


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_it_lets_post_only_whom_the_table_lets_write(app, users, orgs, endpoint):
    with app.app_context():
        records = make_records(users, orgs)
        (rule,) = [rule for rule in rules(app) if rule.endpoint == endpoint]
        addresses = list(urls(rule, records))
    route = route_for(endpoint)
    signed_in = clients(app)
    cells = [(url, labels, role, expected_post(route, role, labels))
             for url, labels in addresses for role in ROLES]
    refused = [cell for cell in cells if cell[3] != ALLOWED]
    allowed = [cell for cell in cells if cell[3] == ALLOWED]
    with app.app_context():
        before = row_counts()
    wrong = []
    for url, labels, role, want in refused:
        got = outcome(signed_in[role].post(url, data={}))
        if got != want:
            wrong.append(f"POST {url} as {role} {labels or ''}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)
    with app.app_context():
        assert row_counts() == before, "a refused POST changed something"
    for url, labels, role, _ in allowed:
        got = outcome(signed_in[role].post(url, data={}))
        if got in REFUSALS and got != route.ok:
            wrong.append(f"POST {url} as {role} {labels or ''}: allowed, but got {got}")
    assert not wrong, "\n".join(wrong)
    print(f"{endpoint}: {len(refused)} refused, {len(allowed)} let through")
