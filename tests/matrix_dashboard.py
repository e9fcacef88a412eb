"""Authorization matrix entries for the cockpit (merged into tests/matrix.py): leaders, staff
and admins read it (each sees the totals of what they may read); liaisons and reporters do
not."""

from tests.matrix import Route

VIEWERS = frozenset({"leader", "staff", "admin"})

ENDPOINTS = {
    "dashboard.index": Route(roles=VIEWERS),
    "dashboard.projects": Route(roles=VIEWERS),
    "dashboard.ranking": Route(roles=VIEWERS),
}
