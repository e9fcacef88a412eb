"""Opaque project references in URLs: /projects/<22 characters> instead of /projects/<id>.

Sequential ids would tell anyone who can see one project how many confidential projects exist
and when they were created (the 404 gaps). The integer key stays for joins; only URLs change.

token = base64url(AES-128(key, 8 zero bytes + id as 8 big-endian bytes)), without padding.
One AES block is a pseudorandom permutation of 16-byte blocks, so tokens are unique, carry no
visible order, and decode without a database lookup; the 8 zero bytes reject forged tokens
(a random 22-character string decodes to a valid id with probability 2**-64 * 2**31).
The key is derived from SECRET_KEY, so another deployment's tokens (or a rotated secret) 404.
"""
import base64
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from flask import current_app
from werkzeug.routing import BaseConverter, ValidationError

from crm.forms import MAX_ID

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_ZERO = bytes(8)


@lru_cache(maxsize=8)
def _cipher(secret: str | bytes) -> Cipher:
    if isinstance(secret, str):
        secret = secret.encode()
    key = hmac.new(secret, b"project-url-key", hashlib.sha256).digest()[:16]
    return Cipher(algorithms.AES(key), modes.ECB())  # noqa: S305  (one block only: a keyed permutation, no patterns to leak)


def _secret(secret: str | bytes | None) -> str | bytes:
    return current_app.config["SECRET_KEY"] if secret is None else secret


def encode(project_id: int, secret: str | bytes | None = None) -> str:
    """The URL token of a project id (SECRET_KEY from the current app unless given)."""
    project_id = int(project_id)
    if not 1 <= project_id <= MAX_ID:
        raise ValueError(f"project id out of range: {project_id}")
    encryptor = _cipher(_secret(secret)).encryptor()
    block = encryptor.update(_ZERO + project_id.to_bytes(8, "big")) + encryptor.finalize()
    return base64.urlsafe_b64encode(block).rstrip(b"=").decode("ascii")


def decode(token: str, secret: str | bytes | None = None) -> int | None:
    """The project id a token stands for, or None if it is not a token of this app."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    try:
        block = base64.urlsafe_b64decode(token + "==")
    except ValueError:
        return None
    if len(block) != 16 or base64.urlsafe_b64encode(block).rstrip(b"=").decode() != token:
        return None  # non-canonical spelling (stray low bits in the last character)
    decryptor = _cipher(_secret(secret)).decryptor()
    plain = decryptor.update(block) + decryptor.finalize()
    project_id = int.from_bytes(plain[8:], "big")
    if plain[:8] != _ZERO or not 1 <= project_id <= MAX_ID:
        return None
    return project_id


class ProjectConverter(BaseConverter):
    """`<project:project_id>`: the opaque token in the URL, the integer id in the view.
    A malformed, tampered or foreign token matches no route: a 404, never a 500."""

    regex = r"[A-Za-z0-9_-]{22}"
    weight = 50

    def to_python(self, value: str) -> int:
        project_id = decode(value)
        if project_id is None:
            raise ValidationError()
        return project_id

    def to_url(self, value) -> str:
        return encode(int(value))
