"""The 简报 as a Word document (python-docx): title, the paragraph, the key tables."""

import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"


def _east_asian(run_or_style, name: str = FONT) -> None:
    run_or_style.font.name = name
    fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")  # XML cannot carry them


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for c, text in zip(table.rows[0].cells, headers, strict=True):
        c.text = _text(text)
        for run in c.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for c, text in zip(cells, values, strict=True):
            c.text = _text(text)


def write(title: str, subtitle: str, paragraph: str, tables: list[tuple[str, list, list]]):
    """tables: (caption, headers, rows of text). Returns a rewound temporary file."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    _east_asian(doc.styles["Normal"])
    doc.styles["Normal"].font.size = Pt(12)
    heading = doc.add_heading(title, level=1)
    for run in heading.runs:
        _east_asian(run, "黑体")
    doc.add_paragraph(subtitle).runs[0].font.size = Pt(9)
    body = doc.add_paragraph(_text(paragraph))
    body.paragraph_format.first_line_indent = Pt(24)
    for caption, headers, rows in tables:
        doc.add_paragraph().add_run(caption).bold = True
        _table(doc, headers, rows)
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams and closes it)
    doc.save(handle)
    handle.seek(0)
    return handle
