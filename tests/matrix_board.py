"""Authorization matrix entry for the pipeline board (merged into tests/matrix.py)."""

from tests.matrix import Route

ENDPOINTS = {
    "projects.board": Route(roles=frozenset({"leader", "staff", "liaison", "admin"})),
}
