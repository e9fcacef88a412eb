"""Writing a workbook the bureau can print: one write-only sheet (rows go to disk as they are
written, so memory stays flat however many rows), a title row, a header row repeated on every
printed page, frozen panes, A4 landscape, column widths that fit Chinese text.

Every cell goes through `cell()`: a text that starts with = + - @, a tab or a carriage return
is stored as text with Excel's quote prefix, never as a formula (OWASP CSV/formula injection);
characters XML cannot carry are dropped; dates are real dates and amounts real numbers.
"""

import tempfile
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAN = Decimal(10_000)
MAX_TEXT = 32_767  # Excel's limit for one cell

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # in Excel's character units; a Chinese character is about two
    kind: str = "text"  # text | wan (given 元, written in 万元, shown with 2 decimals) | date | int


def wan(yuan: int | None) -> Decimal | None:
    """元 -> 万元, exact (the display rounds to 2 decimals; the stored value is not rounded)."""
    return None if yuan is None else Decimal(yuan) / WAN


def is_hostile(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def cell(sheet, value, kind: str = "text", style: str = ""):
    """One write-only cell: typed, safe, styled for its kind ("header", "title", "total")."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
    if kind == "wan" and isinstance(value, int | Decimal):
        value = wan(int(value))  # 元 in (PostgreSQL sums bigint to numeric: a Decimal)
    c = WriteOnlyCell(sheet, value=value)
    hostile = False
    if isinstance(value, str) and value:
        # openpyxl would store "=..." as a formula; a prefixed text also stays text in Excel
        # when the cell is edited.
        c.data_type = "s"
        hostile = is_hostile(value)
    c._style = copy(_template(sheet, kind, style, hostile)._style)
    return c


def _template(sheet, kind: str, style: str, hostile: bool):
    """A styled cell per (kind, style): registering a style costs far more than copying its
    indexes, and a ledger has a few kinds of cells but hundreds of thousands of them."""
    cache = sheet.__dict__.setdefault("_crm_templates", {})
    key = (kind, style, hostile)
    if key not in cache:
        cache[key] = _styled(WriteOnlyCell(sheet), kind, style, hostile)
    return cache[key]


def _styled(c, kind: str, style: str, hostile: bool):
    c.quotePrefix = hostile
    if kind == "wan":
        c.number_format = "#,##0.00"
    elif kind == "date":
        c.number_format = "yyyy-mm-dd"
    elif kind == "int":
        c.number_format = "0"
    if style == "title":
        c.font = Font(bold=True, size=14)
        return c
    if style == "note":
        c.font = Font(size=9, color="555555")
        return c
    c.border = _BORDER
    if style == "header":
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    elif style == "total":
        c.font = Font(bold=True)
        c.fill = _SUBTOTAL_FILL
    elif kind == "text":
        c.alignment = _WRAP
    return c


class Sheet:
    """A write-only sheet with a title, optional notes, then the header row and the rows."""

    def __init__(self, title: str, columns: list[Column], heading: str, notes: tuple = ()):
        self.book = Workbook(write_only=True)
        self.ws = self.book.create_sheet(title[:31])
        # Every cell arrives styled; openpyxl would first try each as a value and catch the
        # ValueError (40% of the export's time), so the cells are placed directly.
        self.ws._values_to_row = _placed
        self.columns = columns
        self.rows = 0
        for n, column in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(n)].width = column.width
        header_row = 2 + len(notes)
        self.ws.freeze_panes = f"C{header_row + 1}" if len(columns) > 2 else f"A{header_row + 1}"
        self.ws.print_title_rows = f"{header_row}:{header_row}"
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = "9"  # A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.horizontalCentered = True
        self.ws.page_margins.left = self.ws.page_margins.right = 0.4
        self.ws.append([cell(self.ws, heading, style="title")])
        for note in notes:
            self.ws.append([cell(self.ws, note, style="note")])
        self.ws.append([cell(self.ws, c.title, style="header") for c in columns])

    def row(self, values, style: str = "") -> None:
        self.ws.append([cell(self.ws, value, column.kind, style)
                        for value, column in zip(values, self.columns, strict=True)])
        if not style:
            self.rows += 1

    def save(self):
        """The workbook in a temporary file, rewound, for send_file to stream."""
        handle = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams and closes it)
        self.book.save(handle)
        handle.seek(0)
        return handle


def _placed(cells, row_idx: int):
    for col_idx, c in enumerate(cells, start=1):
        c.column, c.row = col_idx, row_idx
        yield c


def as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
