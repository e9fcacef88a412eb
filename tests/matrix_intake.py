"""Lead intake and screening in the authorization matrix (merged into tests/matrix.py).

The public 投资意向登记 page and its thank-you answer everyone, signed in or not. 全员招商:
every role that works on projects may report a lead (admins do not). The screening queue is
for staff, leaders and admins (admins look, only staff and leaders act); the actions are POSTs
on a project_id, tested with their permissions in tests/intake.
"""

from tests.matrix import ROLES, SIGNED_IN, Route

_REPORTERS = frozenset({"reporter", "staff", "liaison", "leader"})
_SCREENERS = frozenset({"staff", "leader"})

ENDPOINTS = {
    "intake.public_form": Route(roles=SIGNED_IN, anonymous=200, writers=frozenset(ROLES)),
    "intake.thanks": Route(roles=SIGNED_IN, anonymous=200),
    "intake.new_lead": Route(roles=_REPORTERS),
    "intake.mine": Route(roles=_REPORTERS),
    "intake.queue": Route(roles=frozenset({"staff", "leader", "admin"})),
    # A project that is not a pending lead sends the screener back to the queue (302).
    "intake.accept": Route(post_only=True, writers=_SCREENERS),
    "intake.reject": Route(post_only=True, writers=_SCREENERS),
    "intake.duplicate": Route(post_only=True, writers=_SCREENERS),
}
