"""Attachments (signed agreements): checked by content, not by name, and stored under instance/.

A file is accepted only when its bytes are a PDF or a PNG/JPEG/WebP image whatever it is
called; images are opened header-first so a decompression bomb is refused before any
pixel is decoded. Stored names are random: the user's file name is kept only as text.
"""

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel scan is plenty for a signed page
_IMAGE_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"),
                  "WEBP": ("image/webp", ".webp")}
_PDF = ("application/pdf", ".pdf")

MSG_EMPTY = "请选择要上传的文件"
MSG_TOO_BIG = f"文件不能超过{MAX_BYTES // 1024 // 1024}MB，请压缩或分页扫描后再上传"
MSG_TYPE = "只能上传 PDF 或图片（PNG、JPG、WebP）；文件内容与类型不符的不能上传"
MSG_PIXELS = "图片尺寸过大（超过5000万像素），请缩小后再上传"
MSG_BROKEN = "文件已损坏或无法识别，请重新扫描后上传"


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


def _check_pdf(data: bytes) -> tuple[str, str]:
    # The header may follow a little junk (PDF 1.7, 7.5.2); the trailer must be there too.
    if b"%PDF-" not in data[:1024] or b"%%EOF" not in data[-2048:]:
        raise UploadError(MSG_BROKEN)
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
    mime, extension = _check_pdf(data) if b"%PDF-" in data[:1024] else _check_image(data)
    name = Path(original_name or "").name[:200] or f"附件{extension}"
    return CheckedFile(data=data, mime=mime, extension=extension, original_name=name)


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
