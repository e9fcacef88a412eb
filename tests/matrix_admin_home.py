"""/admin/ in the authorization matrix: it lands an administrator on the user list."""

from tests.matrix import Route

ENDPOINTS = {
    "admin.home": Route(roles=frozenset({"admin"}), ok="302 /admin/users"),
}
