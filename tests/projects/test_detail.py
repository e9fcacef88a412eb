"""GET /projects/<id>: all fields, investors, team, timeline; audit log for leaders and admins."""

from datetime import date

from crm.domain.stages import Screening, Stage, Status
from crm.extensions import db
from crm.models import Comment, StageChange, StatusChange
from tests.conftest import ref
from tests.projects.conftest import text


def test_it_shows_fields_investors_and_team(as_user, make_project, users):
    pid = make_project("光伏组件项目", owner="alice", members=("bob",),
                       investors=("中国建筑集团有限公司", "河北光伏科技有限公司"),
                       total_investment=3_298_000_000, leader_id=users["leader"], jobs=300)
    page = text(as_user("bob").get(f"/projects/{ref(pid)}"))
    assert "329,800.00万元" in page and "300 人" in page
    assert "中国建筑集团有限公司 <span class=\"badge text-bg-info\">主投资方</span>" in page
    assert "负责人：李爱丽" in page and "包联领导：刘县长" in page and "成员：王博" in page


def test_it_answers_404_for_a_confidential_project_outside_the_team(as_user, make_project):
    pid = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    assert as_user("alice").get(f"/projects/{ref(pid)}").status_code == 404
    assert as_user("leader").get(f"/projects/{ref(pid)}").status_code == 200


def test_it_answers_404_to_a_liaison_of_another_unit(as_user, make_project):
    pid = make_project("光伏组件项目", owner="alice")
    assert as_user("charlie").get(f"/projects/{ref(pid)}").status_code == 404
    assert as_user("bob").get(f"/projects/{ref(pid)}").status_code == 200


def test_it_merges_stage_status_and_comments_into_one_timeline(app, as_user, make_project,
                                                               users):
    pid = make_project("光伏组件项目", owner="alice")
    with app.app_context():
        db.session.add_all([
            StageChange(project_id=pid, from_stage=Stage.lead, to_stage=Stage.contact,
                        effective_date=date(2026, 3, 1), note="研判通过"),
            StatusChange(project_id=pid, from_status=Status.normal, to_status=Status.paused,
                         effective_date=date(2026, 5, 1), reason="企业资金紧张"),
            Comment(project_id=pid, author_id=users["leader"], body="请加快推进")])
        db.session.commit()
    page = text(as_user("bob").get(f"/projects/{ref(pid)}"))
    assert page.index("请加快推进") < page.index("企业资金紧张") < page.index("研判通过")
    assert "线索 → 接洽" in page and "正常 → 暂缓" in page


def test_it_shows_the_audit_log_to_leaders_and_admins_only(as_user, make_project, users):
    pid = make_project("光伏组件项目", owner="alice", leader_id=users["leader"])
    assert "修改记录" in text(as_user("leader").get(f"/projects/{ref(pid)}"))
    assert "修改记录" in text(as_user("admin").get(f"/projects/{ref(pid)}"))
    assert "修改记录" not in text(as_user("alice").get(f"/projects/{ref(pid)}"))


def test_it_names_people_in_the_audit_log(as_user, make_project, users):
    pid = make_project("光伏组件项目", owner="alice", leader_id=users["leader"])
    page = text(as_user("leader").get(f"/projects/{ref(pid)}"))
    assert "包联领导：刘县长" in page and f"包联领导：{users['leader']}" not in page


def test_it_offers_edit_and_moves_only_to_writers(as_user, make_project):
    pid = make_project("光伏组件项目", owner="alice")
    assert "调整阶段" in text(as_user("alice").get(f"/projects/{ref(pid)}"))
    assert "调整阶段" not in text(as_user("bob").get(f"/projects/{ref(pid)}"))


def test_it_answers_404_to_the_reporter_of_a_lead_made_confidential(as_user, make_project,
                                                                     users):
    pid = make_project("某央企总部项目", owner="bob", reported_by_id=users["reporter"],
                       screening=Screening.accepted, total_investment=3_298_000_000)
    reporter = as_user("reporter")
    assert reporter.get(f"/projects/{ref(pid)}").status_code == 200
    other = make_project("某链主企业项目", owner="bob", reported_by_id=users["reporter"],
                         screening=Screening.accepted, confidential=True, code_name="B2")
    assert reporter.get(f"/projects/{ref(other)}").status_code == 404


def test_it_names_a_duplicated_confidential_project_in_the_audit_log_only_to_its_readers(
        as_user, make_project):
    target = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    lead = make_project("央企投资意向", owner=None, screening=Screening.duplicate,
                        duplicate_of_id=target)
    page = text(as_user("admin").get(f"/projects/{ref(lead)}"))
    assert "重复于：一个保密项目" in page
    assert f"重复于：{target}" not in page and "某央企总部项目" not in page
    assert "重复于：某央企总部项目" in text(as_user("leader").get(f"/projects/{ref(lead)}"))


def test_a_leader_reads_amounts_in_yi_and_whole_wan_staff_in_the_ledgers_wan(as_user,
                                                                             make_project):
    pid = make_project("光伏组件项目", owner="alice", total_investment=3_298_000_000,
                       fixed_asset_investment=50_000_000)
    staff = text(as_user("alice").get(f"/projects/{ref(pid)}"))
    assert "329,800.00万元" in staff and "5,000.00万元" in staff
    leader = text(as_user("leader").get(f"/projects/{ref(pid)}"))
    assert '总投资</dt><dd class="col-7 col-sm-8">32.98亿元</dd>' in leader
    assert '固定资产投资</dt><dd class="col-7 col-sm-8">5,000万元</dd>' in leader
    # The change history keeps the exact stored values (万元 with cents), for the record.
    listed = text(as_user("leader").get("/projects"))
    assert "32.98亿元" in listed and "329,800" not in listed
