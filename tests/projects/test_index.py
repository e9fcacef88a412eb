"""GET /projects: only readable projects, in rows, count and total; filters, sorting, pages."""

import re
from datetime import date, datetime, time

from crm.domain.stages import PipelineClass, Stage, Status, add_months
from crm.extensions import db
from crm.localtime import today
from crm.models import Role
from tests.conftest import make_user
from tests.projects.conftest import text

WAN = 10_000


def names(response) -> list[str]:
    return re.findall(r'<a href="/projects/[A-Za-z0-9_-]{22}">([^<]+)</a>', text(response))


def summary(response) -> tuple[str, str]:
    page = text(response)
    count = re.search(r'id="project-count">(\d+)<', page).group(1)
    total = re.search(r'id="project-total">([^<]+)<', page).group(1)
    return count, total


def test_it_lists_what_each_role_may_read(as_user, make_project, orgs):
    make_project("光伏组件项目", owner="alice", total_investment=100_000 * WAN)
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1",
                 total_investment=500_000 * WAN)
    make_project("磁州镇文旅项目", owner="bob", org_id=orgs["township"])
    assert sorted(names(as_user("alice").get("/projects"))) == ["光伏组件项目", "磁州镇文旅项目"]


def test_it_leaves_confidential_projects_out_of_count_and_total(as_user, make_project):
    make_project("光伏组件项目", owner="alice", total_investment=100_000 * WAN)
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1",
                 total_investment=500_000 * WAN)
    response = as_user("alice").get("/projects")
    assert summary(response) == ("1", "10.00亿元") and "某央企总部项目" not in text(response)


def test_it_shows_confidential_projects_to_their_team_with_a_badge(as_user, make_project):
    make_project("某央企总部项目", owner="bob", members=("alice",), confidential=True,
                 code_name="A1", total_investment=500_000 * WAN)
    response = as_user("alice").get("/projects")
    assert names(response) == ["某央企总部项目"] and "保密</span>" in text(response)
    assert summary(response) == ("1", "50.00亿元")


def test_it_shows_a_liaison_only_their_units_projects(as_user, make_project, orgs):
    make_project("光伏组件项目", owner="alice")
    make_project("磁州镇文旅项目", owner="bob", org_id=orgs["township"])
    assert names(as_user("charlie").get("/projects")) == ["磁州镇文旅项目"]


def test_it_shows_the_leader_everything(as_user, make_project):
    make_project("光伏组件项目", owner="alice", total_investment=100_000 * WAN)
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1",
                 total_investment=500_000 * WAN)
    assert summary(as_user("leader").get("/projects")) == ("2", "60.00亿元")


def test_it_offers_the_confidential_filter_only_to_who_can_see_one(as_user, make_project):
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    assert 'name="confidential"' not in text(as_user("alice").get("/projects"))
    assert 'name="confidential"' in text(as_user("leader").get("/projects"))


def test_it_filters_by_stage_status_class_and_owner(as_user, make_project, users):
    make_project("光伏组件项目", owner="alice", stage=Stage.negotiation,
                 pipeline_class=PipelineClass.A, total_investment=30_000 * WAN)
    make_project("童装产业园项目", owner="bob", stage=Stage.negotiation, status=Status.paused)
    make_project("精细化工项目", owner="bob", stage=Stage.lead)
    client = as_user("alice")
    both = ["光伏组件项目", "童装产业园项目"]
    assert sorted(names(client.get("/projects?stage=negotiation"))) == both
    assert names(client.get("/projects?stage=negotiation&status=normal")) == ["光伏组件项目"]
    assert names(client.get("/projects?class=A")) == ["光伏组件项目"]
    response = client.get(f"/projects?owner={users['bob']}")
    assert summary(response)[0] == "2"


def test_it_filters_confidential_for_the_leader(as_user, make_project):
    make_project("光伏组件项目", owner="alice")
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    assert names(as_user("leader").get("/projects?confidential=1")) == ["某央企总部项目"]


def test_it_filters_and_marks_by_health_colour(as_user, make_project):
    day = today()
    make_project("正常推进", last_progress_at=add_months(day, -1))
    make_project("两月无进展", last_progress_at=add_months(day, -2))
    make_project("三月无进展", last_progress_at=add_months(day, -4))
    make_project("暂缓项目", last_progress_at=add_months(day, -4), status=Status.paused)
    client = as_user("alice")
    assert names(client.get("/projects?health=yellow")) == ["两月无进展"]
    assert names(client.get("/projects?health=red")) == ["三月无进展"]
    assert names(client.get("/projects?health=green")) == ["正常推进"]
    assert "text-bg-danger" in text(client.get("/projects?health=red"))


def test_it_counts_a_never_touched_project_from_its_creation(as_user, make_project):
    created = datetime.combine(add_months(today(), -3), time(12))
    make_project("老线索", created_at=created)
    assert names(as_user("alice").get("/projects?health=red")) == ["老线索"]


def test_it_ignores_invalid_filter_values(as_user, make_project):
    make_project("光伏组件项目", owner="alice")
    response = as_user("alice").get("/projects?stage=x&owner=abc&org=99999999999&page=-1"
                                     "&sort=name&cluster=%00&leader=%C2%B2")
    assert response.status_code == 200 and names(response) == ["光伏组件项目"]


def test_it_sorts_by_amount_with_empty_amounts_last(as_user, make_project):
    make_project("小项目", total_investment=1_000 * WAN)
    make_project("无金额项目")
    make_project("大项目", total_investment=90_000 * WAN)
    client = as_user("alice")
    assert names(client.get("/projects?sort=amount")) == ["大项目", "小项目", "无金额项目"]
    assert names(client.get("/projects?sort=amount&dir=asc")) == ["小项目", "大项目", "无金额项目"]


def test_it_sorts_by_next_followup(as_user, make_project):
    make_project("后跟进", next_followup_at=date(2026, 12, 20))
    make_project("先跟进", next_followup_at=date(2026, 12, 1))
    assert names(as_user("bob").get("/projects?sort=next_followup&dir=asc")) == ["先跟进", "后跟进"]


def test_it_pages_by_twenty_and_counts_the_whole_filtered_set(as_user, make_project):
    for n in range(25):
        make_project(f"项目{n:02d}", total_investment=WAN)
    client = as_user("alice")
    first, second = client.get("/projects"), client.get("/projects?page=2")
    assert len(names(first)) == 20 and len(names(second)) == 5
    assert summary(second) == ("25", "0.00亿元") and "第 2/2 页" in text(second)


def test_it_forbids_reporters(as_user):
    assert as_user("reporter").get("/projects").status_code == 403


def test_it_counts_and_sums_the_filtered_set_across_pages(as_user, make_project):
    for n in range(22):
        make_project(f"在谈{n:02d}", stage=Stage.negotiation, total_investment=5_000 * WAN)
    make_project("线索项目", stage=Stage.lead, total_investment=900_000 * WAN)
    response = as_user("alice").get("/projects?stage=negotiation&page=2")
    assert summary(response) == ("22", "11.00亿元") and len(names(response)) == 2


def test_its_sort_box_names_the_default_order_instead_of_all(client_for):
    page = client_for("alice").get("/projects").get_data(as_text=True)
    sort = page[page.index('id="f-sort"'):]
    sort = sort[:sort.index("</select>")]
    assert '<option value="">最新录入</option>' in sort and "全部" not in sort
    stage = page[page.index('id="f-stage"'):]
    assert '<option value="">全部</option>' in stage[:stage.index("</select>")]


def test_its_keyword_box_uses_the_search_index_within_what_the_user_may_read(
        client_for, make_project):
    make_project("磁县光伏组件项目", owner="alice")
    make_project("童装产业园项目", owner="alice")
    make_project("磁县保密光伏项目", owner="bob", confidential=True, code_name="乙")
    alice = client_for("alice")
    for term in ("光伏", "cxgf", "磁县 组件"):
        assert names(alice.get("/projects", query_string={"q": term})) == ["磁县光伏组件项目"], term
    page = text(alice.get("/projects", query_string={"q": "光伏"}))
    assert 'id="project-count">1<' in page and 'value="光伏"' in page
    assert "保密" not in "".join(names(alice.get("/projects", query_string={"q": "保密"})))
    assert names(client_for("bob").get("/projects", query_string={"q": "光伏"})) == [
        "磁县保密光伏项目", "磁县光伏组件项目"]
    assert names(alice.get("/projects", query_string={"q": "？"})) == []


def _owner_options(response) -> list[str]:
    box = re.search(r'<select[^>]*id="f-owner"[^>]*>(.*?)</select>', text(response), re.S)
    assert 'data-picker="/search/options/people?role=staff"' in box.group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", box.group(1))


def test_the_owner_filter_is_a_picker_that_carries_only_the_chosen_owner(app, as_user, users):
    # Staff grow with the county (600 at a million projects): the page does not list them all;
    # the picker fetches them as the user types, and the chosen one stays selected.
    with app.app_context():
        for n in range(30):
            make_user(f"staff{n}@zsj.example.com", Role.staff, name=f"干部{n:02d}")
        db.session.commit()
    client = as_user("leader")
    assert _owner_options(client.get("/projects")) == ["全部"]
    chosen = client.get(f"/projects?owner={users['bob']}")
    assert _owner_options(chosen) == ["全部", "王博"]
    assert f'<option value="{users["bob"]}" selected>王博</option>' in text(chosen)
    # Leaders are few and stay a plain list.
    assert "刘县长" in re.search(r'id="f-leader"[^>]*>(.*?)</select>', text(chosen), re.S).group(1)
