"""我的工作台 for a reporter (全员招商): their own submissions and what became of them."""

from crm.domain.stages import Screening, Stage
from tests.conftest import ref
from tests.workbench.conftest import text


def _submissions(page: str) -> str:
    return page.split('id="submissions"')[1].split("</section>")[0]


def test_it_lists_the_reporters_submissions_with_their_outcome(as_user, make_project, users):
    make_project("童装厂线索", owner=None, reported_by_id=users["reporter"],
                 screening=Screening.pending)
    make_project("化工企业线索", owner="alice", reported_by_id=users["reporter"],
                 screening=Screening.accepted, stage=Stage.inspection)
    make_project("重复线索", owner=None, reported_by_id=users["reporter"],
                 screening=Screening.duplicate)
    page = _submissions(text(as_user("reporter").get("/")))
    assert "童装厂线索" in page and "待研判" in page
    assert "化工企业线索" in page and "已受理" in page and "考察" in page
    assert "重复线索" in page and "重复" in page


def test_it_shows_no_one_elses_submissions(as_user, make_project, users):
    make_project("别人报送的线索", owner=None, reported_by_id=users["alice"])
    make_project("光伏组件项目")
    page = text(as_user("reporter").get("/"))
    assert "别人报送的线索" not in page and "光伏组件项目" not in page
    assert 'id="submissions"' not in text(as_user("alice").get("/"))


def test_a_submission_made_confidential_shows_only_that_it_was_accepted(as_user,
                                                                       make_project, users):
    pid = make_project("某央企总部项目", owner="alice", reported_by_id=users["reporter"],
                       screening=Screening.accepted, stage=Stage.negotiation,
                       confidential=True, code_name="代号W")
    page = _submissions(text(as_user("reporter").get("/")))
    assert "一条线索已受理（保密项目，详情不显示）" in page
    assert "某央企总部项目" not in page and "代号W" not in page and "在谈" not in page
    assert f"/projects/{ref(pid)}" not in page and "2026-11-27" in page
