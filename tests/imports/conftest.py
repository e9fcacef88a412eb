"""Import test helpers: a ledger workbook with the quirks bureau ledgers have, made here with
openpyxl, and the steps a user takes (upload, confirm the mapping, preview, commit)."""

import io
import re
from datetime import date, datetime

import openpyxl
import pytest
import sqlalchemy as sa

from crm.domain.uscc import make_uscc
from crm.extensions import db
from crm.models import ImportBatch, ImportRow, Project
from tests.conftest import text
from tests.projects.conftest import (  # noqa: F401
    _FormReader,
    make_project,  # noqa: F401  (a fixture used here)
    stored,
)

GOOD_USCC = make_uscc("91130427MA0CXY412")
OTHER_USCC = make_uscc("91130400MA0AB3C4D")
BAD_USCC = GOOD_USCC[:-1] + ("1" if GOOD_USCC[-1] != "1" else "2")  # the check digit is off

HEAD_TOP = ["序号", "项目名称", "投资方/企业名称", "统一社会信用代码", "企业性质", "产业类别",
            "投资情况", None, None, "签约时间", "阶段/进展阶段", "开工时间", "包联领导",
            "责任单位", "首谈人/引资人", "本月进展"]
HEAD_LOW = [None, None, None, None, None, None, "总投资", "协议投资额（亿元）", "到位资金",
            None, None, None, None, None, None, None]


def ledger_rows() -> list[list]:
    """The data rows (as the sheet holds them) behind the expected counts:
    4 new, 1 update, 1 unchanged, 3 errors (bad credit code, duplicate, confidential)."""
    return [
        ["一、签约项目"],
        [1, "光伏组件项目", "河北晶澳光伏有限公司", GOOD_USCC, "民营", "精细化工", "2.35亿", 1.2,
         5000, "2022.3.2", "已开工", "2022年5月10日", "刘县长", "招商一科", "王博",
         "厂房主体完工"],
        [2, "童装电商产业园", "邯郸童创服饰有限公司", None, "民营", "童装安防", 23500, "0.8",
         None, "2022/03/02", "已签约", None, None, "招商一科", None, ""],
        [3, "康养小镇项目", "北京康泰健康产业集团", None, "地方国企", "文旅康养", "２３５００", 0.5,
         None, datetime(2023, 6, 1), "已签约", None, None, None, None, "洽谈细节"],
        [4, "新型建材项目", "磁县建投建材有限公司", OTHER_USCC, "地方国企", "建筑建材", "8000万元",
         0.3, None, "2023-3", "已签约", None, None, None, None, None],
        ["小计", None, None, None, None, None, 90000],
        None,
        ["二、在谈项目"],
        [5, "精细化工中间体项目", "邢台化工有限公司", BAD_USCC, "民营", "精细化工", 12000, None,
         None, None, "洽谈中", None, None, None, None, None],
        [6, "光伏组件项目", "河北晶澳光伏有限公司", GOOD_USCC, "民营", "精细化工", "2.35亿", 1.2,
         5000, "2022.3.2", "已开工", "2022年5月10日", "刘县长", "招商一科", "王博",
         "厂房主体完工"],
        [7, "某央企总部项目", "某央企集团有限公司", None, "央企", None, 50000, None, None, None,
         "洽谈中", None, None, None, None, None],
        [8, "童装产业园项目", "邯郸童装有限公司", None, None, None, "1.5亿", None, None, None,
         None, None, None, None, None, None],
        [9, "文旅康养项目", "磁州文旅有限公司", None, None, None, 3000, None, None, None,
         None, None, None, None, None, None],
        [None, "合计", None, None, None, None, 150000],
    ]


EXPECTED = {"new": 4, "update": 1, "unchanged": 1, "error": 3}


def ledger_workbook(rows=None, extra_sheet: bool = True) -> bytes:
    """A 项目台账 as bureaus keep it: a merged title, a 单位 line, a two-row merged header, the
    column-number row, section rows, a 小计 and a 合计 row, a blank row, formulas."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年台账"
    sheet.append(["磁县2026年招商引资项目台账"])
    sheet.merge_cells("A1:P1")
    sheet.append(["填报单位：县招商局", None, None, None, None, None, None, None, None, None,
                  None, None, None, "单位：万元"])
    sheet.append(HEAD_TOP)
    sheet.append(HEAD_LOW)
    sheet.merge_cells("G3:I3")
    for column in "ABCDEFJKLMNOP":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.append(list(range(1, 17)))
    for row in rows if rows is not None else ledger_rows():
        sheet.append(row or [])
    if extra_sheet:
        book.create_sheet("说明").append(["本表由各责任单位每月5日前报送"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def ledger_world(app, users, orgs, make_project):  # noqa: F811
    """What the ledger meets: the confidential project (bob's, alice not on its team), alice's
    project to be updated and her project that the ledger repeats unchanged."""
    make_project("某央企总部项目", owner="bob", confidential=True, code_name="甲项目",
                 investors=("某央企集团有限公司",))
    update = make_project("童装产业园项目", owner="alice", total_investment=100_000_000,
                          investors=("邯郸童装有限公司",))
    same = make_project("文旅康养项目", owner="alice", total_investment=30_000_000,
                        investors=("磁州文旅有限公司",))
    return {"update": update, "same": same}


def upload(client, data: bytes, name: str = "2026年项目台账.xlsx"):
    return client.post("/imports/", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def batch_id_of(response) -> int:
    match = re.search(r"/imports/(\d+)", response.headers.get("Location", ""))
    assert match, (response.status_code, text(response)[:2000])
    return int(match.group(1))


def mapping_of(client, batch_id: int) -> dict:
    """What the mapping page would post back untouched."""
    page = client.get(f"/imports/{batch_id}/mapping")
    assert page.status_code == 200, text(page)[:3000]
    reader = _FormReader("")
    reader.feed(text(page))
    return {k: v for k, v in reader.values.items() if k != "csrf_token"}


def run_import(client, data: bytes, name: str = "2026年项目台账.xlsx") -> int:
    """Upload, keep the proposed mapping, preview, commit; returns the batch id."""
    batch_id = batch_id_of(upload(client, data, name))
    response = client.post(f"/imports/{batch_id}/mapping", data=mapping_of(client, batch_id))
    assert response.status_code == 302, text(response)[:3000]
    assert client.get(f"/imports/{batch_id}/preview").status_code == 200
    response = client.post(f"/imports/{batch_id}/commit")
    assert response.status_code == 302, text(response)[:3000]
    return batch_id


def batch(app, batch_id: int) -> ImportBatch:
    with app.app_context():
        found = db.session.get(ImportBatch, batch_id)
        db.session.expunge(found)
        return found


def import_rows(app, batch_id: int) -> list[ImportRow]:
    with app.app_context():
        found = db.session.scalars(sa.select(ImportRow).where(ImportRow.batch_id == batch_id)
                                   .order_by(ImportRow.row_number)).all()
        for row in found:
            db.session.expunge(row)
        return found


# Tables an import or revert may add rows to without it being a change of the data.
BOOKKEEPING = {"audit_log", "import_batches", "import_rows", "import_mappings",
               "login_attempts", "user_sessions"}


TALLIES = {"project_tallies": "projects", "company_tallies": "companies"}


def snapshot(app) -> dict[str, list]:
    """Every data table's rows (ids left out where rows are re-created), for exact compares."""
    with app.app_context():
        result = {}
        for table in db.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            columns = [c for c in table.columns if not (c.primary_key and table.name in
                                                         ("search_entries",))]
            query = sa.select(*columns)
            if table.name in TALLIES:  # a counter at 0 is the same as no counter row
                query = query.where(table.c[TALLIES[table.name]] != 0)
            rows = db.session.execute(query).all()
            result[table.name] = sorted(tuple(map(repr, row)) for row in rows)
        return result


def project_named(app, name: str) -> Project:
    with app.app_context():
        found = db.session.scalar(sa.select(Project).where(Project.name == name))
        db.session.expunge(found)
        return found


__all__ = ["EXPECTED", "date", "ledger_workbook", "run_import", "snapshot", "upload"]
