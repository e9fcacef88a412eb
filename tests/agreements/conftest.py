"""Agreement test helpers; the project fixtures come from tests/projects."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter

from tests.projects.conftest import (  # noqa: F401
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
