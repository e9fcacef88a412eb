"""POST /admin/orgs/<id>/delete: deletes an unused unit, deactivates a referenced one."""

from crm.extensions import db
from crm.models import Org, Project
from tests.admin.conftest import text


def test_it_deletes_an_unused_unit(admin, users, orgs, get):
    response = admin.post(f"/admin/orgs/{orgs['park']}/delete", follow_redirects=True)
    assert "已删除单位「经济开发区」" in text(response) and get(Org, orgs["park"]) is None


def test_it_deactivates_a_unit_that_users_belong_to(admin, users, orgs, get):
    response = admin.post(f"/admin/orgs/{orgs['township']}/delete", follow_redirects=True)
    assert "不能删除，已改为停用" in text(response)
    assert get(Org, orgs["township"]).active is False


def test_it_deactivates_a_unit_with_projects(admin, app, users, orgs, get):
    with app.app_context():
        db.session.add(Project(name="童装产业园", org_id=orgs["park"]))
        db.session.commit()
    admin.post(f"/admin/orgs/{orgs['park']}/delete")
    assert get(Org, orgs["park"]).active is False


def test_it_forbids_a_reporter(login_as, users, orgs, get):
    assert login_as("reporter").post(f"/admin/orgs/{orgs['park']}/delete").status_code == 403
    assert get(Org, orgs["park"]) is not None


def test_it_counts_confidential_projects_without_naming_them_when_it_refuses(
        admin, app, users, orgs, get):
    with app.app_context():
        db.session.add_all([Project(name="童装产业园", org_id=orgs["park"]),
                            Project(name="某央企总部项目", org_id=orgs["park"], confidential=True)])
        db.session.commit()
    page = text(admin.post(f"/admin/orgs/{orgs['park']}/delete", follow_redirects=True))
    assert "「经济开发区」还有1个项目在用（另有1个保密项目），不能删除，已改为停用" in page
    assert "某央企总部项目" not in page and get(Org, orgs["park"]).active is False
    edit = text(admin.get(f"/admin/orgs/{orgs['park']}/edit"))  # shown, not acted on
    assert "该单位还有1个项目在用，只能停用，不能删除" in edit and "保密" not in edit
