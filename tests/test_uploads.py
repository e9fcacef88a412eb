"""Attachments are checked by their bytes: renamed executables, fake PDFs, oversized files and
image bombs; downloads are named with the checked type's extension."""

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfWriter

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


def _pdf(pages: int = 1, **encryption) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)  # A4 in points
    if encryption:
        writer.encrypt(algorithm="RC4-128", **encryption)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
# A Windows executable carrying the PDF signature and trailer: what the probe uploaded.
MZ_WITH_PDF_INSIDE = b"MZ\x90\x00" + b"\x00" * 96 + b"%PDF-1.4\n" + b"\x00" * 400 + b"%%EOF\n"


@pytest.mark.parametrize(("data", "name", "mime"), [
    (PDF, "投资协议.pdf", "application/pdf"),
    (_png(40, 30), "签约现场.png", "image/png"),
    (_png(40, 30), "scan.pdf", "image/png"),  # the content decides, not the name
    (_pdf(user_password="", owner_password="盖章"), "可打印.pdf", "application/pdf"),
])
def test_it_accepts_pdfs_and_images_by_content(data, name, mime):
    checked = uploads.check(io.BytesIO(data), name)
    assert checked.mime == mime and checked.data == data


@pytest.mark.parametrize(("data", "name", "message"), [
    (ELF, "协议.pdf", uploads.MSG_TYPE),
    (b"MZ\x90\x00" + b"\x00" * 100, "合同.jpg", uploads.MSG_TYPE),
    (b"<html><script>alert(1)</script></html>", "a.png", uploads.MSG_TYPE),
    (b"", "empty.pdf", uploads.MSG_EMPTY),
    (b"%PDF-1.4\n truncated", "cut.pdf", uploads.MSG_PDF),
    (PDF[: len(PDF) // 2], "cut.pdf", uploads.MSG_PDF),
    (_png_claiming(100_000, 100_000), "bomb.png", uploads.MSG_PIXELS),
    (_png_claiming(8_000, 7_000), "big.png", uploads.MSG_PIXELS),
])
def test_it_rejects_what_is_not_a_safe_pdf_or_image(data, name, message):
    with pytest.raises(uploads.UploadError) as error:
        uploads.check(io.BytesIO(data), name)
    assert str(error.value) == message


def test_it_refuses_an_executable_with_the_pdf_signature_after_its_first_byte():
    assert MZ_WITH_PDF_INSIDE.index(b"%PDF-") == 100
    with pytest.raises(uploads.UploadError) as error:
        uploads.check(io.BytesIO(MZ_WITH_PDF_INSIDE), "setup.exe")
    assert str(error.value) == uploads.MSG_TYPE


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no catalogue, no pages
    b"%PDF-1.7\n" + b"\x00" * 300 + b"\n%%EOF\n",
    b"%PDF-1.7\n" + b"MZ\x90\x00" + b"\x00" * 300 + b"\n%%EOF\n",
    _pdf(pages=0),
])
def test_it_refuses_a_file_that_starts_like_a_pdf_but_does_not_parse_as_one(data):
    with pytest.raises(uploads.UploadError) as error:
        uploads.check(io.BytesIO(data), "投资协议.pdf")
    assert str(error.value) == uploads.MSG_PDF == "文件不是有效的PDF，请重新导出后上传"


def test_it_accepts_a_real_multi_page_pdf():
    checked = uploads.check(io.BytesIO(_pdf(pages=3)), "投资协议.pdf")
    assert (checked.mime, checked.extension) == ("application/pdf", ".pdf")


def test_it_refuses_a_pdf_it_cannot_open_without_a_password():
    data = _pdf(user_password="secret", owner_password="owner")
    with pytest.raises(uploads.UploadError) as error:
        uploads.check(io.BytesIO(data), "加密.pdf")
    assert str(error.value) == uploads.MSG_PDF_ENCRYPTED


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


def test_it_stores_a_pdf_called_setup_exe_under_a_generated_pdf_name(tmp_path):
    stored = uploads.store(uploads.check(io.BytesIO(PDF), "setup.exe"), tmp_path)
    assert len(stored) == 36 and stored.endswith(".pdf") and "setup" not in stored
    assert stored != uploads.store(uploads.check(io.BytesIO(PDF), "setup.exe"), tmp_path)


@pytest.mark.parametrize(("original", "mime", "name"), [
    ("setup.exe", "application/pdf", "setup.pdf"),
    ("投资协议（盖章）.pdf", "application/pdf", "投资协议（盖章）.pdf"),
    ("签字页.PDF", "image/png", "签字页.png"),
    ("扫描.jpeg", "image/jpeg", "扫描.jpg"),
    ("合同.pdf.exe", "application/pdf", "合同.pdf.pdf"),
    ('a"b\r\nc<d>|e?.pdf', "application/pdf", "a_b_c_d_e.pdf"),
    ("..\\..\\boot.ini", "image/webp", "boot.webp"),  # a Windows path seen from Linux
    ("...", "application/pdf", "附件.pdf"),
    ("", "image/png", "附件.png"),
    ("x" * 300 + ".pdf", "application/pdf", "x" * 100 + ".pdf"),
    ("旧记录.pdf", "", "旧记录.bin"),  # no checked type recorded: never a runnable extension
])
def test_it_names_a_download_with_the_checked_types_extension(original, mime, name):
    assert uploads.download_name(original, mime) == name
