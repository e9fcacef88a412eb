"""GET /projects/<id> runs at most 15 SQL queries, and as many for a project with a long
history as for a new one (no query per follow-up, member, investor, agreement or audit row)."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.models import (
    Agreement,
    AuditLog,
    DictItem,
    DictKind,
    FollowUp,
    FundArrival,
    Project,
    ProjectInvestor,
    ProjectMember,
    StageChange,
)
from tests.conftest import ref
from tests.projects.conftest import company_named
from tests.projects.test_index_queries import _queries_of


def _grow(app, users, project_id: int, n: int) -> None:
    with app.app_context():
        kinds = db.session.scalars(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.followup_type)).all()
        project = db.session.get(Project, project_id)
        # The project's own dictionary fields, each a different item.
        for field, kind_of in (("channel_id", DictKind.channel), ("cluster_id", DictKind.cluster),
                               ("key_level_id", DictKind.key_level)):
            setattr(project, field, db.session.scalar(sa.select(DictItem.id).where(
                DictItem.kind == kind_of).offset(n % 2).limit(1)))
        for i in range(n):
            kind = kinds[i % len(kinds)]
            day = date(2025, 1, 1) + timedelta(days=i)
            db.session.add(FollowUp(project_id=project_id, author_id=users["alice"],
                                    kind_id=kind, contact_date=day, summary=f"对接{i}"))
            db.session.add(StageChange(project_id=project_id, to_stage=Stage.contact,
                                       effective_date=day, user_id=users["alice"]))
            db.session.add(AuditLog(user_id=users["alice"], entity="projects",
                                    entity_id=project_id, project_id=project_id,
                                    action="update", field="name", old=f"旧{i}", new=f"新{i}"))
            db.session.add(ProjectInvestor(project_id=project_id,
                                           company_id=company_named(f"企业{n}-{i}")))
            db.session.add(Agreement(project_id=project_id, kind=AgreementKind.supplement,
                                     amount=10**6, signed_on=day))
            db.session.add(FundArrival(project_id=project_id, arrived_on=day, amount=10**5))
        db.session.add(ProjectMember(project_id=project_id, user_id=users[
            "bob" if n == 1 else "charlie"]))
        db.session.commit()


def _statements(app, client, project_id: int) -> list[str]:
    with app.app_context():
        url = f"/projects/{ref(project_id)}"
    return [s for s in _queries_of(app, client, url) if not s.startswith("BEGIN")]


@pytest.mark.parametrize("who", ["alice", "leader"])
def test_the_project_page_costs_at_most_15_queries_whatever_its_history(
        app, users, make_project, as_user, who):
    small = make_project("新项目", stage=Stage.contact, total_investment=10**8,
                         leader_id=users["leader"])
    large = make_project("老项目", stage=Stage.signed, total_investment=10**9,
                         leader_id=users["leader"], signed_on=date(2025, 1, 1))
    _grow(app, users, small, 1)
    _grow(app, users, large, 30)
    client = as_user(who)
    at_small, at_large = _statements(app, client, small), _statements(app, client, large)
    assert len(at_large) == len(at_small), (at_small, at_large)
    assert len(at_large) <= 15, at_large
    with app.app_context():
        assert db.session.get(Project, large).name == "老项目"
