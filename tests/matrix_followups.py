"""Follow-ups in the authorization matrix (merged into tests/matrix.py).

Logging needs the "f" letter of the access table. The edit page is for a follow-up's author,
while they may still log on the project. Its record is alice's follow-up on her "own" project:
alice 200, the leader (who may log there, but did not write it) 403, the liaison 404 (cannot
read the project), admins and reporters 403 (they never log follow-ups).
"""

from datetime import date

import sqlalchemy as sa

from crm.extensions import db
from crm.models import DictItem, DictKind, FollowUp
from tests.matrix import SIGNED_IN, Route

ENDPOINTS = {
    "followups.create": Route(post_only=True, writers=SIGNED_IN, writes="f"),
    "followups.edit": Route(roles=frozenset({"staff", "leader", "liaison"}),
                            needs="f", answers={"leader": 403}),
}

ARGUMENTS = {
    "followups.edit:project_id": "followup_project",
    "followup_id": "followup",
}


def make_records(users, orgs, records):
    kind = db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
    own = records["project"]["own"]
    followup = FollowUp(project_id=own, author_id=users["alice"], kind_id=kind,
                        contact_date=date(2026, 3, 2), summary="电话沟通用地需求")
    db.session.add(followup)
    db.session.commit()
    # No "missing" labels: a missing follow-up is 404 for every role, tested in tests/followups.
    return {"followup_project": {"own": own}, "followup": {"alice_on_own": followup.id}}
