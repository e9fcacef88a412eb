"""The search page in the authorization matrix: every role but reporters may search."""

from tests.matrix import Route

ENDPOINTS = {
    "search.index": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
}
