"""Reading an uploaded ledger safely: the bytes are checked before openpyxl sees them.

An .xlsx is a zip of XML parts. Before it is opened: the file must be a zip (its magic bytes,
whatever it is called), no member may expand beyond MAX_MEMBER_BYTES or the whole beyond
MAX_EXPANDED_BYTES, and no member may compress better than MAX_RATIO (a zip bomb's parts are
thousands of times smaller than what they expand to). openpyxl parses the XML through
defusedxml when it is installed (pyproject.toml installs it), so entity expansion (billion
laughs) and external entities are refused; we also refuse any DOCTYPE in the sheet and shared
string parts ourselves, which no spreadsheet program writes. Workbooks are read in read-only
mode with data_only=True: a formula cell gives its cached value and is never evaluated.
A CSV must be UTF-8 (with or without BOM) or GB18030, the two encodings Excel writes here.

Plain Python, no Flask: the bench and the tests call it directly.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 120 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 500
MAX_ROWS = 100_000
MAX_COLUMNS = 200

MSG_EMPTY = "请选择要导入的文件"
MSG_TOO_BIG = f"文件不能超过{MAX_BYTES // 1024 // 1024}MB，请按年度或单位拆分后再导入"
MSG_TYPE = "只能导入 Excel 工作簿（.xlsx）或 CSV 文件；文件内容与类型不符的不能导入"
MSG_XLS = "这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再导入"
MSG_BOMB = "文件解压后过大或压缩比异常（疑似压缩炸弹），已拒绝导入"
MSG_BROKEN = "文件已损坏或不是有效的 Excel 工作簿，请在 Excel 中重新保存后导入"
MSG_ENTITY = "文件包含不允许的 XML 实体声明（可能是恶意文件），已拒绝导入"
MSG_ENCRYPTED = "工作簿已加密，请取消密码保护后再导入"
MSG_ROWS = f"工作表超过{MAX_ROWS}行，请拆分后再导入"
MSG_COLUMNS = f"工作表超过{MAX_COLUMNS}列，请删除多余的列后再导入"
MSG_ENCODING = "CSV 文件编码无法识别，请另存为“CSV UTF-8”后再导入"
MSG_NO_SHEET = "工作簿中没有工作表"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx


class LedgerFileError(ValueError):
    """str(error) is the Chinese reason the file is refused."""


@dataclass(frozen=True)
class LedgerFile:
    data: bytes
    kind: str  # "xlsx" or "csv"
    sheets: tuple[str, ...]


def read_upload(stream) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise LedgerFileError(MSG_TOO_BIG)
    if not data:
        raise LedgerFileError(MSG_EMPTY)
    return data


def check(data: bytes) -> LedgerFile:
    """What the bytes are, by content: an .xlsx that passes the zip checks, or a text CSV."""
    if not data:
        raise LedgerFileError(MSG_EMPTY)
    if len(data) > MAX_BYTES:
        raise LedgerFileError(MSG_TOO_BIG)
    if data.startswith(_OLE_MAGIC):
        raise LedgerFileError(MSG_XLS)
    if data.startswith(_ZIP_MAGIC):
        _check_zip(data)
        return LedgerFile(data, "xlsx", tuple(_sheet_names(data)))
    _decode_csv(data)
    return LedgerFile(data, "csv", ("CSV",))


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LedgerFileError(MSG_BROKEN) from None
    if len(members) > MAX_MEMBERS:
        raise LedgerFileError(MSG_BOMB)
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise LedgerFileError(MSG_ENCRYPTED)
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_EXPANDED_BYTES or (
                member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise LedgerFileError(MSG_BOMB)
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise LedgerFileError(MSG_TYPE)
    with archive:
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _refuse_doctype(archive, member)


def _refuse_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    # A DOCTYPE comes before the root element: the first few KB tell.
    with archive.open(member) as part:
        head = part.read(4096)
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise LedgerFileError(MSG_ENTITY)


def _open(data: bytes):
    import openpyxl  # imported here: the CSV path and the app's start-up do not need it

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except LedgerFileError:
        raise
    except Exception as error:  # hostile input makes openpyxl raise many kinds of error
        if "entit" in str(error).lower() or "DTD" in str(error):
            raise LedgerFileError(MSG_ENTITY) from None
        raise LedgerFileError(MSG_BROKEN) from None


def _sheet_names(data: bytes) -> list[str]:
    """The sheets' names from xl/workbook.xml (through defusedxml), without openpyxl: opening
    the workbook would parse its whole shared-strings table, which the read does again."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except DefusedXmlException:
        raise LedgerFileError(MSG_ENTITY) from None
    except Exception:
        raise LedgerFileError(MSG_BROKEN) from None
    names = [element.get("name") for element in root.iter()
             if element.tag.rsplit("}", 1)[-1] == "sheet" and element.get("name")]
    if not names:
        raise LedgerFileError(MSG_NO_SHEET)
    return names


def _decode_csv(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise LedgerFileError(MSG_TYPE)  # a binary file (or UTF-16, which we do not read)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(MSG_ENCODING)


def rows(ledger: LedgerFile, sheet: str | None = None) -> Iterator[tuple]:
    """The sheet's rows as tuples of cell values (str, int, float, datetime or None),
    at most MAX_ROWS of them and MAX_COLUMNS wide."""
    if ledger.kind == "csv":
        yield from _limited(csv.reader(io.StringIO(_decode_csv(ledger.data))))
        return
    workbook = _open(ledger.data)
    try:
        name = sheet if sheet in workbook.sheetnames else workbook.sheetnames[0]
        worksheet = workbook[name]
        # The stored dimension is a claim, not a fact; the count below is what holds.
        if (worksheet.max_row or 0) > MAX_ROWS + 1000:
            raise LedgerFileError(MSG_ROWS)
        yield from _limited(worksheet.iter_rows(values_only=True))
    except LedgerFileError:
        raise
    except Exception:
        raise LedgerFileError(MSG_BROKEN) from None
    finally:
        workbook.close()


def _limited(source) -> Iterator[tuple]:
    for count, row in enumerate(source, start=1):
        if count > MAX_ROWS + 50:  # room for title, header and total rows
            raise LedgerFileError(MSG_ROWS)
        row = tuple(row)
        if len(row) > MAX_COLUMNS:
            if any(value not in (None, "") for value in row[MAX_COLUMNS:]):
                raise LedgerFileError(MSG_COLUMNS)
            row = row[:MAX_COLUMNS]
        yield row
