"""Agreement test helpers; the project fixtures come from tests/projects."""

import io
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfWriter

from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Agreement, FundArrival
from tests.conftest import ref
from tests.projects.conftest import (  # noqa: F401
    _FormReader,
    agreement,
    as_user,
    make_project,
    stored,
    text,
)


def real_pdf() -> bytes:
    """A one-page PDF that pypdf can read, as uploads.check demands."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # A4 in points
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = real_pdf()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size: decoding it would take gigabytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


@pytest.fixture
def uploaded(app):
    """uploaded() -> the files in the upload folder."""
    def files():
        folder = Path(app.config["UPLOAD_FOLDER"])
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return files


@pytest.fixture
def agreement_form():
    def make(**changes):
        return {"kind": "investment", "title": "光伏组件项目投资协议", "signed_on": "2026-03-02",
                "amount": "2亿", "agreed_start_date": "2026-06-01", "activity_id": 0,
                "note": "", **changes}
    return make


@pytest.fixture
def signed(app):
    """signed(project_id, kind=..., amount=..., signed_on=...) -> the new agreement's id."""
    def make(project_id, kind=AgreementKind.investment, amount=235_000_000,
             signed_on=date(2026, 3, 2)):
        with app.app_context():
            row = Agreement(project_id=project_id, kind=kind, amount=amount, signed_on=signed_on,
                            title=kind.label)
            db.session.add(row)
            db.session.commit()
            return row.id
    return make


@pytest.fixture
def fund(app):
    """fund(project_id, amount, arrived_on=...) -> the new fund arrival's id."""
    def make(project_id, amount=30_000_000, arrived_on=date(2026, 4, 1), source="企业自有资金"):
        with app.app_context():
            row = FundArrival(project_id=project_id, amount=amount, arrived_on=arrived_on,
                              source=source)
            db.session.add(row)
            db.session.commit()
            return row.id
    return make


def page_form(client, url: str, form_class: str) -> dict:
    """Open `url` as a browser would; what the form with this class would post back."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    reader = _FormReader(form_class)
    reader.feed(text(page))
    reader.values.pop("attachment", None)  # a file input posts no file unless one is chosen
    return reader.values


def agreement_url(project_id: int, agreement_id: int, action: str = "edit") -> str:
    return f"/projects/{ref(project_id)}/agreements/{agreement_id}/{action}"


def fund_url(project_id: int, fund_id: int, action: str = "edit") -> str:
    return f"/projects/{ref(project_id)}/funds/{fund_id}/{action}"
