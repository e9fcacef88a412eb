"""Authorization matrix entries for the activity pages (merged into tests/matrix.py)."""

from datetime import date

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Activity, DictItem, DictKind
from tests.matrix import MISSING, Route

# Leaders write 招商活动; staff and leaders raise the leads met at one.
READ = frozenset({"leader", "staff", "admin"})
WRITE = frozenset({"leader"})
RAISE = frozenset({"leader", "staff"})

ENDPOINTS = {
    "activities.index": Route(roles=READ),
    "activities.detail": Route(roles=READ),
    "activities.new": Route(roles=WRITE),
    "activities.edit": Route(roles=WRITE),
    "activities.leads": Route(roles=RAISE),
}

ARGUMENTS = {"activity_id": "activity"}


def make_records(users, orgs, records):
    kind = db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.activity_type, DictItem.code == "cloud_promo"))
    activity = Activity(title="2026年童装产业云招商推介会", kind_id=kind,
                        held_on=date(2026, 11, 20))
    db.session.add(activity)
    db.session.commit()
    return {"activity": {"cloud": activity.id, "missing": MISSING}}
