"""crm.access against the DESIGN.md access table: single reads and SQL lists must agree.

The table is tests/matrix.py ACCESS (user x record -> letters r/w/p/f/t/c); the records are built by
matrix.make_projects: alice owns "own", bob is on the team of "team" and "conf_team",
charlie is the liaison of 磁州镇 (the unit of "unit"), the reporter sent "submission".
"""

import pytest
import sqlalchemy as sa
from flask_login import login_user
from werkzeug.exceptions import Forbidden, NotFound

from crm import access
from crm.extensions import db
from crm.models import Project, User
from tests.matrix import ACCESS, LETTERS, make_projects


@pytest.fixture
def projects(app, users, orgs):
    with app.app_context():
        return make_projects(users, orgs)


CHECKS = {"r": access.can_read, "w": access.can_write, "p": access.can_record_progress,
          "f": access.can_log_followup, "t": access.can_manage_team, "c": access.can_comment}


def _granted(user, project) -> str:
    return "".join(letter for letter in LETTERS if CHECKS[letter](user, project))


@pytest.mark.parametrize("who", list(ACCESS))
def test_it_grants_what_the_access_table_says(app, users, projects, who):
    with app.app_context():
        user = db.session.get(User, users[who])
        granted = {record: _granted(user, db.session.get(Project, project_id))
                   for record, project_id in projects.items()}
        assert granted == ACCESS[who]


@pytest.mark.parametrize("who", list(ACCESS))
def test_it_lists_and_counts_exactly_what_it_lets_read(app, users, projects, who):
    with app.app_context():
        user = db.session.get(User, users[who])
        counts = {record: db.session.scalar(
            sa.select(sa.func.count()).select_from(Project)
            .where(access.readable_clause(user), Project.id == project_id))
            for record, project_id in projects.items()}
        assert counts == {record: int("r" in letters) for record, letters in ACCESS[who].items()}
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Project)
                                  .where(access.readable_clause(user)))
        assert total == sum(counts.values())


def test_it_lets_a_liaison_without_a_unit_read_only_team_projects(app, users, projects):
    with app.app_context():
        charlie = db.session.get(User, users["charlie"])
        charlie.org_id = None
        readable = set(db.session.scalars(
            sa.select(Project.id).where(access.readable_clause(charlie))))
        assert readable == {projects["conf_team"]}
        assert not access.can_read(charlie, db.session.get(Project, projects["unit"]))


def test_it_answers_404_for_an_unreadable_project_and_403_for_a_read_only_one(
        app, users, projects):
    with app.test_request_context():
        login_user(db.session.get(User, users["alice"]))
        assert access.get_project(projects["own"], may=access.can_write).id == projects["own"]
        with pytest.raises(NotFound):
            access.get_project(projects["confidential"])
        with pytest.raises(NotFound):
            access.get_project(999_999)
        with pytest.raises(Forbidden):
            access.get_project(projects["team"], may=access.can_write)


def test_it_hides_a_reporters_lead_once_the_project_is_confidential(app, users, projects):
    with app.app_context():
        db.session.get(Project, projects["submission"]).confidential = True
        db.session.commit()
        reporter = db.session.get(User, users["reporter"])
        lead = db.session.get(Project, projects["submission"])
        assert not access.can_read(reporter, lead)
        assert not db.session.scalars(sa.select(Project.id).where(
            access.readable_clause(reporter))).all()
        assert access.can_read(db.session.get(User, users["leader"]), lead)
