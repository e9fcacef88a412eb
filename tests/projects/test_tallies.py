"""project_tallies, kept by database triggers, always equals a count of the projects; and the
项目库 headline read from it equals the headline counted from the projects, for every role."""

import random

import pytest
import sqlalchemy as sa

from crm.domain.stages import Screening, Stage, Status
from crm.extensions import db
from crm.models import Project, ProjectMember, ProjectTally, User
from crm.projects import queries, tallies
from crm.projects.pipeline import in_pipeline


def _counted_from_projects() -> dict:
    projects = sa.select(Project.stage, Project.status, Project.confidential,
                         in_pipeline().label("piped"), Project.total_investment).subquery()
    key = (projects.c.stage, projects.c.status, projects.c.confidential, projects.c.piped)
    rows = db.session.execute(
        sa.select(*key, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(projects.c.total_investment), 0))
        .group_by(*key)).all()
    return {(Stage(a), Status(b), bool(c), bool(d)): (n, int(t)) for a, b, c, d, n, t in rows}


def _tallied() -> dict:
    return {(row.stage, row.status, row.confidential, row.in_pipeline):
            (row.projects, row.total_investment)
            for row in db.session.scalars(sa.select(ProjectTally)) if row.projects}


def _random_project(rng: random.Random, users: dict) -> Project:
    return Project(
        name=f"项目{rng.randrange(10**6)}", stage=rng.choice(list(Stage)),
        status=rng.choice(list(Status)), confidential=rng.random() < 0.3,
        screening=rng.choice([None, None, *Screening]),
        total_investment=rng.choice([None, 0, 10**8, 3 * 10**9 + 7]),
        owner_id=users[rng.choice(["alice", "bob"])],
        leader_id=rng.choice([None, users["leader"]]))


def test_the_triggers_keep_every_tally_equal_to_a_count_of_the_projects(app, users):
    rng = random.Random(20261202)
    with app.app_context():
        projects = [_random_project(rng, users) for _ in range(40)]
        db.session.add_all(projects)
        db.session.commit()
        assert _tallied() == _counted_from_projects()
        for step in range(120):
            project = rng.choice(projects)
            change = rng.choice(["stage", "status", "confidential", "screening", "amount",
                                 "name"])
            if change == "stage":
                project.stage = rng.choice(list(Stage))
            elif change == "status":
                project.status = rng.choice(list(Status))
            elif change == "confidential":
                project.confidential = not project.confidential
            elif change == "screening":
                project.screening = rng.choice([None, *Screening])
            elif change == "amount":
                project.total_investment = rng.choice([None, 5, 10**10])
            else:
                project.name += "改"
            if step % 7 == 0:
                db.session.commit()
        db.session.commit()
        assert _tallied() == _counted_from_projects()
        # Writes that bypass the ORM: bulk INSERT, UPDATE and DELETE statements.
        db.session.execute(sa.insert(Project), [
            {"name": f"导入项目{n}", "stage": Stage.signed, "status": Status.normal,
             "confidential": n % 2 == 0, "total_investment": 10**6 * n, "version": 1,
             "name_initials": "", "code_name": "", "description": "", "status_reason": "",
             "screening_reason": "", "first_contact_note": ""} for n in range(6)])
        db.session.execute(sa.update(Project).where(Project.stage == Stage.lead)
                           .values(stage=Stage.contact, total_investment=42))
        assert _tallied() == _counted_from_projects()
        db.session.execute(sa.delete(Project).where(Project.name.like("导入项目%"),
                                                    Project.total_investment > 10**6))
        db.session.commit()
        assert _tallied() == _counted_from_projects()
        before = _tallied()
        tallies.rebuild(db.session.connection())
        assert _tallied() == before


CASES = [(None, None), (Stage.negotiation, None), (None, Status.terminated),
         (Stage.signed, Status.normal), (Stage.lead, Status.removed)]


@pytest.mark.parametrize("who", ["alice", "bob", "leader", "admin"])
def test_the_headline_from_the_tallies_equals_the_headline_counted_from_projects(
        app, users, who):
    rng = random.Random(7)
    with app.app_context():
        projects = [_random_project(rng, users) for _ in range(60)]
        db.session.add_all(projects)
        db.session.flush()
        # bob is a member of some confidential projects alice owns.
        db.session.add_all(ProjectMember(project_id=p.id, user_id=users["bob"])
                           for p in projects[:20] if p.confidential and p.owner_id != users["bob"])
        db.session.commit()
        user = db.session.get(User, users[who])
        seen = 0
        for stage, status in CASES:
            f = queries.Filters.from_args({k: v.value for k, v in
                                           (("stage", stage), ("status", status)) if v})
            assert tallies.answers(user, f.args)
            fast = queries.count_and_total(user, queries.where_clauses(user, f, None), f)
            slow = _counted_headline(user, f)
            assert (fast.listed, fast.count, fast.total) == slow, (stage, status)
            seen += fast.listed
        assert seen > 0


def _counted_headline(user, f) -> tuple[int, int, int]:
    """What count_and_total gives from the base table (the path for any other filter)."""
    clauses = queries.where_clauses(user, f, None)
    active = Project.status.not_in(("terminated", "lost", "removed"))
    counted = active if f.status is None else sa.true()
    return tuple(int(v) for v in db.session.execute(
        sa.select(sa.func.count(Project.id),
                  sa.func.count(sa.case((counted, Project.id))),
                  sa.func.coalesce(sa.func.sum(sa.case((counted, Project.total_investment))),
                                   0)).where(*clauses)).one())


def test_other_filters_and_roles_count_from_the_projects(app, users):
    with app.app_context():
        staff = db.session.get(User, users["alice"])
        liaison = db.session.get(User, users["charlie"])
        assert not tallies.answers(staff, {"org": "1"})
        assert not tallies.answers(staff, {"stage": "lead", "health": "red"})
        assert not tallies.answers(liaison, {})
        assert tallies.answers(staff, {"stage": "lead", "sort": "amount", "dir": "asc"})
