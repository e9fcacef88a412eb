"""The proof of issue 13: the quirky ledger imported with the expected counts, again with no
change, and reverted to the database as it was."""

from crm.localtime import today
from tests.conftest import text
from tests.imports.conftest import (
    EXPECTED,
    batch,
    batch_id_of,
    import_rows,
    ledger_workbook,
    mapping_of,
    project_named,
    run_import,
    snapshot,
    upload,
)


def test_it_imports_the_ledger_with_the_expected_counts(app, ledger_world, client_for):
    alice = client_for("alice")
    batch_id = run_import(alice, ledger_workbook())
    found = batch(app, batch_id)
    assert (found.new_count, found.update_count, found.unchanged_count, found.error_count) == (
        EXPECTED["new"], EXPECTED["update"], EXPECTED["unchanged"], EXPECTED["error"])
    assert found.skipped_rows == 5  # two section rows, 小计, a blank row, 合计
    errors = {row.row_number: row.messages for row in import_rows(app, batch_id)
              if row.action == "error"}
    assert len(errors) == 3
    joined = " ".join(errors.values())
    assert "校验位不符" in joined and "重复行" in joined
    confidential = [m for m in errors.values() if "请咨询局领导" in m]
    assert len(confidential) == 1 and "某央企" not in confidential[0]


def test_it_reads_amounts_dates_and_stages_as_ledgers_write_them(app, ledger_world, client_for):
    run_import(client_for("alice"), ledger_workbook())
    solar = project_named(app, "光伏组件项目")
    assert solar.total_investment == 235_000_000          # 2.35亿
    assert solar.signed_on.isoformat() == "2022-03-02"    # 2022.3.2, 协议 1.2 in 亿元
    assert solar.started_on.isoformat() == "2022-05-10"   # 2022年5月10日
    assert solar.stage.value == "started"
    kids = project_named(app, "童装电商产业园")
    assert kids.total_investment == 235_000_000 and kids.stage.value == "signed"  # 23500 万元
    health = project_named(app, "康养小镇项目")
    assert health.total_investment == 235_000_000          # ２３５００
    assert health.signed_on.isoformat() == "2023-06-01"   # an Excel date cell
    building = project_named(app, "新型建材项目")
    assert building.total_investment == 80_000_000                 # 8000万元
    assert building.signed_on.isoformat() == "2023-03-01"         # 2023-3
    updated = project_named(app, "童装产业园项目")
    assert updated.total_investment == 150_000_000


def test_a_second_import_of_the_same_file_changes_nothing(app, ledger_world, client_for):
    alice = client_for("alice")
    run_import(alice, ledger_workbook())
    before = snapshot(app)
    batch_id = run_import(alice, ledger_workbook())
    found = batch(app, batch_id)
    assert (found.new_count, found.update_count) == (0, 0)
    assert found.unchanged_count == EXPECTED["new"] + EXPECTED["update"] + EXPECTED["unchanged"]
    assert snapshot(app) == before


def test_revert_restores_the_database_exactly(app, ledger_world, client_for):
    alice = client_for("alice")
    before = snapshot(app)
    batch_id = run_import(alice, ledger_workbook())
    assert snapshot(app) != before
    response = alice.post(f"/imports/{batch_id}/revert")
    assert response.status_code == 302
    assert snapshot(app) == before
    assert batch(app, batch_id).state == "reverted"


def test_revert_is_refused_once_a_record_changed_and_names_the_change(app, ledger_world,
                                                                      client_for, stored):
    alice = client_for("alice")
    batch_id = run_import(alice, ledger_workbook())
    from crm.extensions import db
    from crm.models import Project
    with app.app_context():
        project = db.session.get(Project, ledger_world["update"])
        project.total_investment = 170_000_000
        db.session.commit()
    alice.post(f"/imports/{batch_id}/revert")
    assert batch(app, batch_id).state == "committed"
    page = text(alice.get(f"/imports/{batch_id}"))
    assert "total_investment" in page or "总投资" in page
    assert stored(ledger_world["update"]).total_investment == 170_000_000


def test_nothing_is_written_before_the_user_confirms(app, ledger_world, client_for):
    alice = client_for("alice")
    before = snapshot(app)
    batch_id = batch_id_of(upload(alice, ledger_workbook()))
    alice.post(f"/imports/{batch_id}/mapping", data=mapping_of(alice, batch_id))
    page = alice.get(f"/imports/{batch_id}/preview")
    assert "新增 4" in text(page) and "错误 3" in text(page)
    assert snapshot(app) == before
    assert today()


def test_reverting_an_update_restores_the_project_its_stage_history_and_funds(
        app, ledger_world, client_for):
    from tests.imports.conftest import ledger_rows
    alice = client_for("alice")
    run_import(alice, ledger_workbook())
    before = snapshot(app)
    rows = ledger_rows()
    kids = rows[2]  # 童装电商产业园: signed in the first import
    kids[6], kids[8], kids[10], kids[11] = 30000, 2000, "已开工", "2023年1月5日"
    batch_id = run_import(alice, ledger_workbook(rows))
    found = batch(app, batch_id)
    assert (found.new_count, found.update_count) == (0, 1)
    moved = project_named(app, "童装电商产业园")
    assert moved.stage.value == "started" and moved.total_investment == 300_000_000
    assert alice.post(f"/imports/{batch_id}/revert").status_code == 302
    assert snapshot(app) == before
