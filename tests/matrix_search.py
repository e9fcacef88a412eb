"""The search page and the pickers' option lists in the authorization matrix: every role but
reporters may search and pick."""

from tests.matrix import Route

SEARCHERS = frozenset({"leader", "staff", "liaison", "admin"})

ENDPOINTS = {
    "search.index": Route(roles=SEARCHERS),
    "search.company_options": Route(roles=SEARCHERS),
    "search.people_options": Route(roles=SEARCHERS),
}
