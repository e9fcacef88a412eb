"""Hostile files are refused with a Chinese reason, by content, before openpyxl parses them,
and nothing is written."""

import io
import zipfile

import pytest

from crm.imports import workbook
from crm.models import ImportBatch
from tests.conftest import text
from tests.imports.conftest import ledger_workbook, upload

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name
                            else source.read(item.filename))
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook with a sheet part of 150 MB of zeros (about 150 KB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/workbook.xml", b"<workbook/>")
        with target.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b"0" * (1024 * 1024)
            for _ in range(150):
                part.write(chunk)
    return out.getvalue()


def too_many_rows() -> bytes:
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["项目名称", "投资方", "总投资"])
    for index in range(workbook.MAX_ROWS + 100):
        sheet.append([f"项目{index}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CASES = {
    "zip bomb": (zip_bomb, "压缩炸弹"),
    "billion laughs": (lambda: _replace_member(ledger_workbook(), "xl/worksheets/sheet1.xml",
                                               BILLION_LAUGHS), "XML 实体"),
    "not a zip": (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "只能导入"),
    "legacy xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, ".xls"),
    "oversize": (lambda: b"PK\x03\x04" + b"\x00" * (workbook.MAX_BYTES + 10), "不能超过10MB"),
    "broken zip": (lambda: b"PK\x03\x04" + b"garbage" * 100, "已损坏"),
    "empty": (lambda: b"", "请选择"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_refuses_a_hostile_file_with_a_chinese_reason(app, users, client_for, rows, case):
    make, reason = CASES[case]
    response = upload(client_for("alice"), make(), "台账.xlsx")
    assert response.status_code == 422
    assert reason in text(response)
    assert rows(ImportBatch.__table__.select()) == []


def test_it_refuses_a_sheet_with_too_many_rows(app, users, client_for):
    alice = client_for("alice")
    response = upload(alice, too_many_rows(), "大台账.xlsx")
    # The header is found in the first rows; the row limit applies when the sheet is read.
    if response.status_code == 302:
        response = alice.get(response.headers["Location"])
    assert "超过100000行" in text(response)


def test_it_judges_the_content_not_the_name(app, users, client_for):
    response = upload(client_for("alice"), ledger_workbook(), "照片.jpg")
    assert response.status_code == 302  # a workbook called .jpg is still a workbook


def test_it_reads_formula_cells_as_their_cached_values_without_evaluating_them():
    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "总投资"])
    book.active.append(["甲项目", "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl stores no cached value: a formula never computed reads None
    ledger = workbook.check(buffer.getvalue())
    assert list(workbook.rows(ledger))[1] == ("甲项目", None)


def test_defusedxml_is_what_openpyxl_parses_with():
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML is True
