"""Attachments (signed agreements): checked by content, not by name, stored in UPLOAD_FOLDER.

A file is accepted only when its bytes are a PDF or a PNG/JPEG/WebP image whatever it is
called. A PDF must begin with `%PDF-` and pypdf must be able to read its page tree (the
structure only: no content stream is decoded); images are opened header-first so a
decompression bomb is refused before any pixel is decoded. Stored names are random; the
user's file name is kept only as text, and a download is named after it with the extension
of the type that was checked.
"""

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel scan is plenty for a signed page
_IMAGE_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"),
                  "WEBP": ("image/webp", ".webp")}
_PDF = ("application/pdf", ".pdf")
_EXTENSIONS = dict([_PDF, *_IMAGE_FORMATS.values()])

MSG_EMPTY = "请选择要上传的文件"
MSG_TOO_BIG = f"文件不能超过{MAX_BYTES // 1024 // 1024}MB，请压缩或分页扫描后再上传"
MSG_TYPE = "只能上传 PDF 或图片（PNG、JPG、WebP）；文件内容与类型不符的不能上传"
MSG_PIXELS = "图片尺寸过大（超过5000万像素），请缩小后再上传"
MSG_BROKEN = "文件已损坏或无法识别，请重新扫描后上传"
MSG_PDF = "文件不是有效的PDF，请重新导出后上传"
MSG_PDF_ENCRYPTED = "PDF已加密，请取消密码或加密后重新导出上传"


# Control characters and what Windows forbids in a file name.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class UploadError(ValueError):
    """str(error) is the Chinese message for the file field."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    mime: str
    extension: str
    original_name: str


def _read_limited(stream) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError(MSG_TOO_BIG)
    if not data:
        raise UploadError(MSG_EMPTY)
    return data


def _pdf_pages(data: bytes) -> int:
    # Lenient about the small defects real scanners and exporters leave, but only the
    # cross-reference table, catalogue and page tree are read, within pypdf's own limits.
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Restrictions-only encryption (an empty open password) is common in exported files.
        try:
            opened = reader.decrypt("")
        except Exception:  # e.g. AES without a crypto backend: cannot check it, so refuse
            opened = False
        if not opened:
            raise UploadError(MSG_PDF_ENCRYPTED)
    return len(reader.pages)


def _check_pdf(data: bytes) -> tuple[str, str]:
    # A truncated upload often still has a readable page tree: the trailer must be there too.
    if b"%%EOF" not in data[-2048:]:
        raise UploadError(MSG_PDF)
    try:
        pages = _pdf_pages(data)
    except UploadError:
        raise
    except Exception:  # hostile input makes pypdf raise many kinds of error: all mean "no"
        raise UploadError(MSG_PDF) from None
    if pages < 1:
        raise UploadError(MSG_PDF)
    return _PDF


def _check_image(data: bytes) -> tuple[str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                if image.format not in _IMAGE_FORMATS:
                    raise UploadError(MSG_TYPE)
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise UploadError(MSG_PIXELS)
                image.verify()
                return _IMAGE_FORMATS[image.format]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(MSG_PIXELS) from None
    except UnidentifiedImageError:
        raise UploadError(MSG_TYPE) from None
    except (OSError, SyntaxError, ValueError) as error:
        if isinstance(error, UploadError):
            raise
        raise UploadError(MSG_BROKEN) from None


def check(stream, original_name: str) -> CheckedFile:
    data = _read_limited(stream)
    # Only a file that begins with the signature is treated as a PDF: readers tolerate up to
    # 1 KB of junk before it, which is how an executable passes for a PDF.
    mime, extension = _check_pdf(data) if data.startswith(b"%PDF-") else _check_image(data)
    name = Path(original_name or "").name[:200] or f"附件{extension}"
    return CheckedFile(data=data, mime=mime, extension=extension, original_name=name)


def download_name(original_name: str, mime: str) -> str:
    """The user's name with the extension of the checked type: 'setup.exe' (a PDF) -> 'setup.pdf'.

    Upload accepts by content whatever the file is called (scanners and WeChat name files
    oddly), so the name's own extension is never trusted on the way out either.
    """
    stem = Path(original_name or "").stem
    stem = _UNSAFE_IN_NAME.sub("_", stem).strip(" ._")[:100].strip(" ._")
    return (stem or "附件") + _EXTENSIONS.get(mime, ".bin")


def store(checked: CheckedFile, folder: str | Path) -> str:
    """Write the file under a random name; return the name to keep on the record."""
    directory = Path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + checked.extension
    (directory / name).write_bytes(checked.data)
    return name


def path_of(stored_name: str, folder: str | Path) -> Path:
    """The file for a stored name; refuses anything that is not one of our random names."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise FileNotFoundError(stored_name)
    return Path(folder) / stored_name
