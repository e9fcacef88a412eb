"""Attachments are checked by their bytes: renamed executables, oversized files and image bombs."""

import io
import struct
import zlib

import pytest
from PIL import Image

from crm import uploads


def _png(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: decoding it would take gigabytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


@pytest.mark.parametrize(("data", "name", "mime"), [
    (PDF, "投资协议.pdf", "application/pdf"),
    (_png(40, 30), "签约现场.png", "image/png"),
    (_png(40, 30), "scan.pdf", "image/png"),  # the content decides, not the name
])
def test_it_accepts_pdfs_and_images_by_content(data, name, mime):
    checked = uploads.check(io.BytesIO(data), name)
    assert checked.mime == mime and checked.data == data


@pytest.mark.parametrize(("data", "name", "message"), [
    (ELF, "协议.pdf", uploads.MSG_TYPE),
    (b"MZ\x90\x00" + b"\x00" * 100, "合同.jpg", uploads.MSG_TYPE),
    (b"<html><script>alert(1)</script></html>", "a.png", uploads.MSG_TYPE),
    (b"", "empty.pdf", uploads.MSG_EMPTY),
    (b"%PDF-1.4\n truncated", "cut.pdf", uploads.MSG_BROKEN),
    (_png_claiming(100_000, 100_000), "bomb.png", uploads.MSG_PIXELS),
    (_png_claiming(8_000, 7_000), "big.png", uploads.MSG_PIXELS),
])
def test_it_rejects_what_is_not_a_safe_pdf_or_image(data, name, message):
    with pytest.raises(uploads.UploadError) as error:
        uploads.check(io.BytesIO(data), name)
    assert str(error.value) == message


def test_it_rejects_an_oversized_file_without_reading_it_all():
    stream = io.BytesIO(PDF + b"0" * (uploads.MAX_BYTES + 10))
    with pytest.raises(uploads.UploadError, match="不能超过10MB"):
        uploads.check(stream, "huge.pdf")
    assert stream.tell() == uploads.MAX_BYTES + 1


def test_it_stores_under_a_random_name_and_keeps_the_users_name_as_text(tmp_path):
    checked = uploads.check(io.BytesIO(PDF), "../../etc/投资协议.pdf")
    stored = uploads.store(checked, tmp_path)
    assert checked.original_name == "投资协议.pdf"
    assert stored.endswith(".pdf") and len(stored) == 36
    assert uploads.path_of(stored, tmp_path).read_bytes() == PDF


@pytest.mark.parametrize("name", ["../secret_key", "a/b.pdf", ".hidden", ""])
def test_it_refuses_stored_names_that_could_leave_the_folder(tmp_path, name):
    with pytest.raises(FileNotFoundError):
        uploads.path_of(name, tmp_path)
