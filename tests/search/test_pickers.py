"""The type-ahead pickers' option lists (/search/options/...), and the forms that now render
only their chosen options and accept any id the same rule allows."""

import re

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, Project, Role
from tests.conftest import make_user, ref
from tests.search.conftest import CSCEC_USCC


def _options(client, kind: str, **params) -> list[dict]:
    answer = client.get(f"/search/options/{kind}", query_string=params)
    assert answer.status_code == 200, answer.status_code
    assert answer.mimetype == "application/json"
    return answer.get_json()


def _names(rows) -> list[str]:
    return [row["text"] for row in rows]


def test_company_options_find_a_substring_pinyin_initials_and_a_partial_credit_code(
        signed_in, records):
    client = signed_in("alice")
    assert _names(_options(client, "companies", q="建筑")) == ["中国建筑集团有限公司"]
    assert _names(_options(client, "companies", q="zgjz")) == ["中国建筑集团有限公司"]
    by_code = _options(client, "companies", q=CSCEC_USCC[:8])
    assert by_code == [{"value": records["cscec"], "text": "中国建筑集团有限公司",
                        "hint": CSCEC_USCC}]
    assert _options(client, "companies", q="工程总公司")[0]["value"] == records["cscec"]
    assert _options(client, "companies", q="") == []
    assert _options(client, "companies", q="！？") == []  # no letters or digits: nothing sought


def test_company_options_are_capped_at_twenty(app, signed_in):
    with app.app_context():
        db.session.add_all(Company(name=f"邯郸童装{n:02d}有限公司") for n in range(25))
        db.session.commit()
    assert len(_options(signed_in("bob"), "companies", q="童装")) == 20


def test_people_options_find_active_users_of_the_roles_by_name_initials_or_email(
        app, signed_in, orgs):
    with app.app_context():
        make_user("gone@zsj.example.com", Role.staff, name="李离职", active=False)
        db.session.commit()
    client = signed_in("alice")
    staff = _options(client, "people", q="李", role="staff")
    assert _names(staff) == ["李爱丽"]  # 李离职 is no longer active
    assert staff[0]["hint"] == "招商一科"  # the unit beside the name
    assert _names(_options(client, "people", q="lal", role="staff")) == ["李爱丽"]  # initials
    assert _names(_options(client, "people", q="bob@zsj", role="staff")) == ["王博"]
    assert _options(client, "people", q="刘县长", role="staff") == []  # a leader, not staff
    assert _names(_options(client, "people", q="刘", role="leader")) == ["刘县长"]
    assert _names(_options(client, "people", q="张", role="staff,liaison")) == ["张超"]
    assert _names(_options(client, "people", q="孙")) == ["孙报送"]  # no role given: any role
    assert client.get("/search/options/people?q=a&role=boss").status_code == 400


def test_reporters_and_visitors_get_no_options(app, client, signed_in, records):
    assert signed_in("reporter").get("/search/options/companies?q=建筑").status_code == 403
    assert client.get("/search/options/people?q=a").status_code in (302, 401)


def test_the_project_form_lists_only_its_chosen_companies_and_people(app, signed_in, records):
    with app.app_context():
        db.session.add_all(Company(name=f"无关企业{n}") for n in range(30))
        db.session.commit()
    client = signed_in("alice")
    html = client.get("/projects/new").get_data(as_text=True)
    investors = re.search(r'<select[^>]*name="investors".*?</select>', html, re.S).group(0)
    assert "<option" not in investors  # nothing chosen yet: the options come as one types
    assert 'data-picker="/search/options/companies"' in investors
    leaders = re.search(r'<select[^>]*name="leader_id".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)<", leaders) == ["（无）"]
    assert 'data-picker="/search/options/people?role=leader"' in leaders
    assert "无关企业" not in html


def test_new_project_from_a_company_page_comes_with_it_as_lead_investor(
        app, signed_in, records):
    client = signed_in("alice")
    company = client.get(f"/companies/{records['steel']}").get_data(as_text=True)
    assert f'href="/projects/new?company={records["steel"]}"' in company
    html = client.get(f"/projects/new?company={records['steel']}").get_data(as_text=True)
    investors = re.search(r'<select[^>]*name="investors".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option selected value="(\d+)">([^<]*)<', investors) == [
        (str(records["steel"]), "河北钢铁集团有限公司")]
    lead = re.search(r'<select[^>]*name="lead_investor".*?</select>', html, re.S).group(0)
    assert f'<option selected value="{records["steel"]}">' in lead
    for junk in ("999999", "abc", "-1", "99999999999"):  # an unknown company: a blank form
        page = client.get(f"/projects/new?company={junk}")
        assert page.status_code == 200
        assert "<option selected" not in re.search(
            r'<select[^>]*name="investors".*?</select>', page.get_data(as_text=True),
            re.S).group(0)


def test_any_existing_company_and_person_of_the_role_may_be_chosen(app, signed_in, records,
                                                                   users):
    client = signed_in("alice")
    form = {"name": "钢铁深加工项目", "lead_on": "2026-11-02", "channel_id": "0",
            "activity_id": "0", "cluster_id": "0", "key_level_id": "0", "pipeline_class": "",
            "leader_id": str(users["leader"]), "org_id": "0",
            "first_contact_by_id": str(users["charlie"]),
            "investors": [str(records["steel"]), str(records["cscec"])],
            "lead_investor": str(records["steel"])}
    answer = client.post("/projects/new", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.name == "钢铁深加工项目"))
        assert {i.company_id for i in project.investors} == {records["steel"], records["cscec"]}
        assert [i.company_id for i in project.investors if i.is_lead] == [records["steel"]]
        assert (project.leader_id, project.first_contact_by_id) == (users["leader"],
                                                                     users["charlie"])
        assert answer.headers["Location"].endswith(f"/projects/{ref(project.id)}")


def test_a_crafted_id_is_refused_with_the_fields_message_and_nothing_is_saved(
        app, signed_in, records, users):
    client = signed_in("alice")
    base = {"name": "伪造项目", "lead_on": "2026-11-02", "channel_id": "0", "activity_id": "0",
            "cluster_id": "0", "key_level_id": "0", "pipeline_class": "", "org_id": "0",
            "leader_id": "0", "first_contact_by_id": "0"}
    cases = [({"investors": ["987654"]}, "请从列表中选择投资方企业"),
             ({"leader_id": str(users["alice"])}, "请从列表中选择领导"),  # staff, not a leader
             ({"first_contact_by_id": "987654"}, "请从列表中选择首谈人")]
    with app.app_context():
        gone = make_user("left@zsj.example.com", Role.leader, name="退休领导", active=False)
        db.session.commit()
        cases.append(({"leader_id": str(gone.id)}, "请从列表中选择领导"))  # no longer active
    for extra, message in cases:
        answer = client.post("/projects/new", data={**base, **extra})
        assert answer.status_code == 200
        assert message in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)
                                 .where(Project.name == "伪造项目")) == 0
