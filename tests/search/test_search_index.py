"""The flush hook keeps the index current on insert, update and delete; the CLI rebuilds it."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import Company, CompanyFormerName, Contact, Project, SearchEntry
from crm.search import index
from tests.conftest import ref
from tests.search.conftest import found


def _entry(entity: str, entity_id: int) -> SearchEntry | None:
    return db.session.scalar(sa.select(SearchEntry).where(
        SearchEntry.entity == entity, SearchEntry.entity_id == entity_id))


def test_it_indexes_a_new_company_with_text_initials_and_grams(app, records):
    with app.app_context():
        entry = _entry("company", records["steel"])
        assert entry.text.startswith("河北钢铁集团有限公司 91130000104320018")
        assert entry.initials == "hbgtjtyxgs"
        assert entry.grams[:3] == ["c河北", "c北钢", "c钢铁"] and "c钢" in entry.grams


def test_it_follows_a_new_code_name(app, signed_in, records):
    with app.app_context():
        db.session.get(Project, records["own"]).code_name = "光明行动"
        db.session.commit()
    assert found(signed_in("alice"), "光明")["projects"] == {f"/projects/{ref(records['own'])}"}


def test_it_follows_a_renamed_company(app, signed_in, records):
    with app.app_context():
        db.session.get(Company, records["steel"]).name = "河钢集团有限公司"
        db.session.commit()
    client = signed_in("alice")
    assert found(client, "河钢")["companies"] == {f"/companies/{records['steel']}"}
    assert found(client, "钢铁")["companies"] == set()


def test_it_follows_former_names_added_and_removed(app, signed_in, records):
    with app.app_context():
        db.session.add(CompanyFormerName(company_id=records["steel"], name="唐山钢铁公司"))
        db.session.commit()
        assert "唐山钢铁公司" in _entry("company", records["steel"]).text
        db.session.delete(db.session.get(Company, records["cscec"]).former_names[0])
        db.session.commit()
    assert found(signed_in("bob"), "工程总公司")["companies"] == set()


def test_it_drops_the_entries_of_deleted_records(app, signed_in, records):
    with app.app_context():
        db.session.delete(db.session.get(Company, records["cscec"]))  # and its contact
        db.session.commit()
        assert _entry("company", records["cscec"]) is None
        assert _entry("contact", records["contact"]) is None
    assert found(signed_in("leader"), "建国")["contacts"] == set()


def test_it_reindexes_a_project_only_when_a_searched_field_changes(app, records, monkeypatch):
    refreshed = []
    monkeypatch.setattr(index, "refresh", lambda _conn, targets: refreshed.append(targets))
    with app.app_context():
        db.session.get(Project, records["own"]).description = "只改说明"
        db.session.commit()
        db.session.get(Project, records["own"]).code_name = "光明行动"
        db.session.commit()
    assert refreshed == [{("project", records["own"])}]


def test_the_cli_rebuilds_an_index_written_behind_the_hooks_back(app, runner, signed_in, records):
    with app.app_context():
        db.session.execute(sa.delete(SearchEntry))
        db.session.execute(sa.update(Contact).values(name="赵建华"))
        db.session.commit()
        result = runner.invoke(args=["reindex-search"])
        assert result.exit_code == 0 and "搜索索引已重建" in result.output
        # One entry per record: each label in `records` names one project, company or contact.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == \
            len(records)
    assert found(signed_in("admin"), "建华")["contacts"] == {f"/companies/{records['cscec']}"}


def test_it_follows_a_former_name_moved_to_another_company_as_a_merge_does(
        app, signed_in, records):
    with app.app_context():
        steel = db.session.get(Company, records["steel"])
        db.session.get(Company, records["cscec"]).former_names[0].company = steel
        db.session.commit()
    assert found(signed_in("admin"), "工程总公司")["companies"] == \
        {f"/companies/{records['steel']}"}
