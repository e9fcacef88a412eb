"""GET /projects costs the same few SQL queries whatever the number of rows."""

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, Project, ProjectInvestor, ProjectMember, Role
from tests.conftest import make_user

# The sign-in machinery's own queries (session row, its user, the user's unit in the header).
_SESSION_TABLES = ("user_sessions", "FROM users", "FROM orgs")


def _fill(app, users, orgs, count: int) -> None:
    with app.app_context():
        leader = make_user(f"leader{count}@zsj.example.com", Role.leader, name="副县长")
        for n in range(count):
            company = Company(name=f"投资企业{n}")
            project = Project(name=f"项目{n}", owner_id=users["alice"], leader_id=leader.id,
                              org_id=orgs["bureau"], total_investment=10**8)
            project.investors = [ProjectInvestor(company=company, is_lead=True),
                                 ProjectInvestor(company=Company(name=f"合作企业{n}"))]
            project.members = [ProjectMember(user_id=users["bob"])]
            db.session.add(project)
        db.session.commit()


def _queries_of(app, client, url: str) -> list[str]:
    client.get(url)  # warm up: the first request signs in and loads caches
    seen = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return seen


def _page_queries(statements: list[str]) -> list[str]:
    """The list's own queries: not SQLite's BEGIN, not the signed-in user's look-ups."""
    return [s for s in statements if not s.startswith("BEGIN") and (
        "projects" in s or not any(table in s.split("WHERE")[0] for table in _SESSION_TABLES))]


@pytest.mark.parametrize("url", ["/projects", "/projects?sort=amount&health=green"])
def test_it_runs_the_same_queries_for_20_and_100_projects(app, users, orgs, as_user, url):
    _fill(app, users, orgs, 20)
    at_20 = _queries_of(app, as_user("alice"), url)
    _fill(app, users, orgs, 80)
    at_100 = _queries_of(app, as_user("alice"), url)
    assert len(at_100) == len(at_20)
    assert len(_page_queries(at_100)) <= 5, _page_queries(at_100)


def test_it_pages_100_projects_in_at_most_six_list_queries(app, users, orgs, as_user):
    _fill(app, users, orgs, 100)
    statements = _queries_of(app, as_user("leader"), "/projects?page=3")
    print(f"/projects page 3 of 100 rows: {len(statements)} SQL statements in all, "
          f"{len(_page_queries(statements))} for the list")
    assert len(_page_queries(statements)) <= 6
