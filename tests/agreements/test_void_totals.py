"""A voided agreement or fund arrival leaves every total and rule: the stage gate, 签约日期,
the weekly digest's signings and an activity's conversion."""

from datetime import date

import sqlalchemy as sa

from crm.activities.queries import conversion
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Activity, Agreement, DictItem, DictKind, Project, User, utcnow
from crm.projects import lifecycle
from crm.reminders.digests import weekly


def _void(agreement_id: int) -> None:
    db.session.get(Agreement, agreement_id).voided_at = utcnow()
    db.session.commit()


def test_a_voided_investment_agreement_does_not_open_the_signed_gate(app, make_project, signed):
    pid = make_project(owner="alice")
    aid = signed(pid)
    with app.app_context():
        assert lifecycle.project_facts(db.session.get(Project, pid)).has_investment_agreement
        _void(aid)
        project = db.session.get(Project, pid)
        assert not lifecycle.project_facts(project).has_investment_agreement
        lifecycle.follow_signing(project, by=None)
        assert project.signed_on is None


def test_the_weekly_digest_leaves_out_a_voided_signing(app, make_project, signed, users):
    pid = make_project(owner="alice")
    kept = signed(pid, amount=235_000_000, signed_on=date(2026, 10, 28))
    gone = signed(pid, amount=2_350_000_000, signed_on=date(2026, 10, 29))
    with app.app_context():
        _void(gone)
        digest = weekly(db.session.get(User, users["leader"]), date(2026, 11, 2))
        assert [agreement.id for _, agreement in digest.signings] == [kept]
        assert digest.signed_total == 235_000_000


def test_an_activitys_conversion_leaves_out_voided_agreements(app, make_project, signed):
    with app.app_context():
        kind = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.activity_type).limit(1))
        activity = Activity(title="云签约", kind_id=kind, held_on=date(2026, 3, 1))
        db.session.add(activity)
        db.session.commit()
        activity_id = activity.id
    one = make_project("项目一", owner="alice", activity_id=activity_id)
    two = make_project("项目二", owner="alice", activity_id=activity_id)
    signed(one, amount=100_000_000)
    wrong_supplement = signed(one, kind=AgreementKind.supplement, amount=1_000_000_000,
                              signed_on=date(2026, 4, 1))
    only = signed(two, amount=50_000_000)
    with app.app_context():
        _void(wrong_supplement)
        _void(only)
        figures = conversion(list(db.session.scalars(
            sa.select(Project).where(Project.activity_id == activity_id))))
        assert (figures.signed, figures.signed_amount) == (1, 100_000_000)
