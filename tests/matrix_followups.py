"""Follow-ups in the authorization matrix (merged into tests/matrix.py).

The edit page is for a follow-up's author only. Its record is alice's follow-up on the "unit"
project, which every role but reporters may read, so the matrix sees: alice 200, the readers who
did not write it 403, and reporters and admins 403 (they never log follow-ups).
"""

from datetime import date

import sqlalchemy as sa

from crm.extensions import db
from crm.models import DictItem, DictKind, FollowUp
from tests.matrix import Route

ENDPOINTS = {
    "followups.create": Route(post_only=True),
    "followups.edit": Route(roles=frozenset({"staff"})),
}

ARGUMENTS = {
    "followups.edit:project_id": "followup_project",
    "followup_id": "followup",
}


def make_records(users, orgs, records):
    kind = db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.followup_type).order_by(DictItem.id).limit(1))
    unit = records["project"]["unit"]
    followup = FollowUp(project_id=unit, author_id=users["alice"], kind_id=kind,
                        contact_date=date(2026, 3, 2), summary="电话沟通用地需求")
    db.session.add(followup)
    db.session.commit()
    # No "missing" labels: a missing follow-up is 404 for every role, tested in tests/followups.
    return {"followup_project": {"unit": unit}, "followup": {"alice_on_unit": followup.id}}
