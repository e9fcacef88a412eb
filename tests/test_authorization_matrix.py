"""Every route x every role x own/team/other/confidential/missing records, from app.url_map.

The expectations live in tests/matrix.py; a route without an entry there fails here.
"""

from tests.matrix import (
    ENDPOINTS,
    ROLES,
    argument_kind,
    clients,
    expected,
    make_records,
    outcome,
    route_for,
    row_counts,
    rules,
    urls,
)


def test_it_has_an_expectation_for_every_route_and_argument(app):
    missing = [rule.endpoint for rule in rules(app) if route_for(rule.endpoint) is None]
    assert not missing, f"add these endpoints to tests/matrix.py ENDPOINTS: {missing}"
    unknown = [f"{rule.endpoint}:{argument}" for rule in rules(app)
               for argument in rule.arguments if argument_kind(rule.endpoint, argument) is None]
    assert not unknown, f"add these URL arguments to tests/matrix.py ARGUMENTS: {unknown}"


def test_it_lists_no_endpoint_that_does_not_exist(app):
    assert not set(ENDPOINTS) - {rule.endpoint for rule in rules(app)}


def test_it_answers_every_cell_of_the_matrix_as_expected(app, users, orgs):
    with app.app_context():
        records = make_records(users, orgs)
    signed_in = clients(app)
    with app.app_context():
        before = row_counts()
    wrong, cells = [], 0
    for rule in rules(app):
        route = route_for(rule.endpoint)
        with app.app_context():  # project tokens are keyed by the app's SECRET_KEY
            addresses = list(urls(rule, records))
        for url, labels in addresses:
            for role in ROLES:
                want = expected(route, role, labels) if "GET" in rule.methods else 405
                got = outcome(signed_in[role].get(url))
                cells += 1
                if got != want:
                    wrong.append(f"GET {url} as {role} {labels or ''}: expected {want}, got {got}")
    print(f"authorization matrix: {cells} cells checked")
    assert not wrong, f"{len(wrong)} of {cells} cells wrong:\n" + "\n".join(wrong)
    with app.app_context():
        assert row_counts() == before  # no state change on GET
    assert cells >= max(200, len(ROLES) * len(rules(app)))


def test_it_keeps_the_routes_marked_post_only_free_of_get(app):
    marked = {endpoint for endpoint, route in ENDPOINTS.items() if route.post_only}
    assert "auth.logout" in marked
    assert all("GET" not in rule.methods for rule in rules(app) if rule.endpoint in marked)
