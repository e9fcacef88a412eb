"""The steps around the preview: CSV files, picking a sheet, a mapping remembered for the
same headers, who may change which project, and a batch that is someone else's."""

import io

from crm.models import ImportMapping
from tests.conftest import text
from tests.imports.conftest import (
    batch,
    batch_id_of,
    import_rows,
    ledger_workbook,
    mapping_of,
    run_import,
    upload,
)

CSV = "项目名称,投资方,总投资（亿元）,阶段\n乙项目,河北乙有限公司,1.5,洽谈中\n合计,,1.5,\n"


def test_it_imports_a_csv_written_by_excel_in_gb18030(app, users, client_for, stored):
    alice = client_for("alice")
    batch_id = run_import(alice, CSV.encode("gb18030"), "台账.csv")
    found = batch(app, batch_id)
    assert (found.new_count, found.skipped_rows) == (1, 1)
    (row,) = import_rows(app, batch_id)
    project = stored(row.project_id)
    assert project.total_investment == 150_000_000 and project.stage.value == "negotiation"


def test_picking_a_sheet_without_a_header_says_so_on_the_sheet_field(app, users, client_for):
    alice = client_for("alice")
    batch_id = batch_id_of(upload(alice, ledger_workbook()))
    form = mapping_of(alice, batch_id)
    response = alice.post(f"/imports/{batch_id}/mapping", data={**form, "sheet": "说明"})
    assert response.status_code == 422 and "未能在前30行中找到表头" in text(response)


def test_a_corrected_mapping_is_offered_for_the_next_file_with_the_same_headers(
        app, users, client_for, rows):
    alice = client_for("alice")
    first = batch_id_of(upload(alice, ledger_workbook()))
    form = mapping_of(alice, first)
    assert form["col_15"] == "progress"
    alice.post(f"/imports/{first}/mapping", data={**form, "col_15": ""})
    assert len(rows(ImportMapping.__table__.select())) == 1
    second = batch_id_of(upload(client_for("bob"), ledger_workbook()))
    assert mapping_of(client_for("bob"), second)["col_15"] == ""


def test_it_refuses_a_mapping_that_uses_a_field_twice_or_lacks_the_project_name(
        app, users, client_for):
    alice = client_for("alice")
    batch_id = batch_id_of(upload(alice, ledger_workbook()))
    form = mapping_of(alice, batch_id)
    twice = alice.post(f"/imports/{batch_id}/mapping", data={**form, "col_2": "project_name"})
    assert twice.status_code == 422 and "每个字段只能对应一列" in text(twice)
    none = alice.post(f"/imports/{batch_id}/mapping", data={**form, "col_1": ""})
    assert none.status_code == 422 and "请指定“项目名称”对应的列" in text(none)


def test_a_staff_member_cannot_change_a_colleagues_project(app, users, client_for,
                                                           make_project):
    make_project("童装产业园项目", owner="bob", total_investment=100_000_000,
                 investors=("邯郸童装有限公司",))
    rows_ = [[8, "童装产业园项目", "邯郸童装有限公司", None, None, None, "1.5亿"]]
    batch_id = run_import(client_for("alice"), ledger_workbook(rows=rows_))
    (row,) = import_rows(app, batch_id)
    assert row.action == "error" and "无权修改该项目" in row.messages


def test_an_admin_names_the_owner_of_new_projects(app, users, client_for, stored):
    head = "项目名称,投资方,负责人\n甲项目,河北甲有限公司,李爱丽\n丙项目,河北丙有限公司,\n"
    batch_id = run_import(client_for("admin"), head.encode(), "台账.csv")
    new, missing = import_rows(app, batch_id)
    assert stored(new.project_id).owner_id == users["alice"]
    assert missing.action == "error" and "负责人" in missing.messages


def test_another_persons_batch_does_not_exist_for_you(app, users, client_for):
    batch_id = batch_id_of(upload(client_for("alice"), ledger_workbook()))
    assert client_for("bob").get(f"/imports/{batch_id}/preview").status_code == 404
    assert client_for("bob").post(f"/imports/{batch_id}/commit").status_code == 404


def test_a_bad_cell_is_a_row_error_naming_the_field(app, users, client_for):
    rows_ = [[1, "丁项目", "河北丁有限公司", None, "民营", "未知产业", "两亿", None, None,
              "2022.13.1", "不知道", None, "没这个人"]]
    batch_id = run_import(client_for("alice"), ledger_workbook(rows=rows_))
    (row,) = import_rows(app, batch_id)
    assert row.action == "error"
    for expected in ("产业集群", "金额格式不正确", "签约时间", "无法识别的阶段", "包联领导"):
        assert expected in row.messages, expected


def test_the_upload_form_without_a_file_asks_for_one(app, users, client_for):
    response = client_for("alice").post("/imports/", data={"file": (io.BytesIO(b""), "")},
                                        content_type="multipart/form-data")
    assert response.status_code == 422 and "请选择要导入的文件" in text(response)


def test_a_batch_whose_file_is_gone_asks_for_it_again(app, users, client_for):
    from crm.imports import batches as steps
    from crm.models import ImportBatch
    alice = client_for("alice")
    batch_id = batch_id_of(upload(alice, ledger_workbook()))
    with app.app_context():
        from crm.extensions import db
        steps.discard_file(db.session.get(ImportBatch, batch_id))
    page = alice.get(f"/imports/{batch_id}/mapping")
    assert page.status_code == 200 and "请重新上传" in text(page)
    preview = alice.get(f"/imports/{batch_id}/preview")
    assert preview.status_code == 302


def test_a_row_in_talks_needs_its_investor(app, users, client_for, make_project):
    # From 接洽 on a project needs a 主投资方, as on the stage form; a 线索 row does not.
    make_project("老项目", owner="alice", investors=())
    rows_ = [[1, "无投资方项目", None, None, None, None, 12000, None, None, None, "洽谈中"],
             [2, "老项目", None, None, None, None, None, None, None, None, "已签约"],
             [3, "线索项目", None, None, None, None, 3000]]
    batch_id = run_import(client_for("alice"), ledger_workbook(rows=rows_))
    talks, old, lead = import_rows(app, batch_id)
    assert (talks.action, old.action, lead.action) == ("error", "error", "new")
    assert "投资方/企业名称" in talks.messages
    assert "台账阶段为「在谈」：接洽及以后的项目须有主投资方，请填写投资方/企业名称" \
        in talks.messages
    assert "台账阶段为「签约」：接洽及以后的项目须有主投资方" in old.messages
    assert "修改项目信息" not in talks.messages + old.messages
