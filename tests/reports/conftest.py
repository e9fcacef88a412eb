"""Helpers for the reports' tests: the hand-built 2022 county of the cockpit's tests, and
workbooks read back with openpyxl."""

import io
import zipfile

import openpyxl
import pytest

from tests.dashboard.conftest import County, county  # noqa: F401  (the fixture, reused)
from tests.projects.conftest import make_project  # noqa: F401

TITLE_ROWS = 2  # the title and the export-time line, above any further notes


def workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(response.get_data())).active


def table(ws) -> tuple[list, list[list]]:
    """(header, rows below it): the header is the row whose first cell is 序号."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(n for n, r in enumerate(rows) if r[0] == "序号")
    return rows[start], rows[start + 1:]


def formulas(ws) -> int:
    return sum(1 for row in ws.iter_rows() for c in row if c.data_type == "f")


def xml_text(body: bytes) -> str:
    """Every XML part of an .xlsx or .docx, as one text (what a reader could see)."""
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                       if n.endswith(".xml"))


@pytest.fixture
def get(client_for):
    def fetch(who: str, url: str):
        return client_for(who).get(url)
    return fetch
