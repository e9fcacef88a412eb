"""Password hashing (argon2id) and the password policy (ASVS 5.0 level 2)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128

# The most common leaked passwords, including those popular in China; ASVS asks
# that such passwords be refused. Lower-cased; compared case-insensitively.
COMMON = frozenset(
    [
        "123456789012",
        "1234567890123",
        "123456123456",
        "111111111111",
        "000000000000",
        "123123123123",
        "qwertyuiopas",
        "qwerty123456",
        "password1234",
        "passw0rd1234",
        "password123!",
        "iloveyou1234",
        "woaini131452",
        "woaini520520",
        "woaini1314520",
        "5201314520131",
        "a123456789012",
        "abc123456789",
        "1qaz2wsx3edc",
        "1q2w3e4r5t6y",
        "qazwsxedcrfv",
        "zxcvbnm12345",
        "admin1234567",
        "administrator",
        "adminadmin12",
        "changeme1234",
        "welcome12345",
        "zhaoshang123",
        "zhaoshang1234",
        "88888888888888",
    ]
)

_default_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def _hasher() -> PasswordHasher:
    # Tests configure cheaper parameters; production uses the library's defaults.
    return current_app.config.get("PASSWORD_HASHER") or _default_hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


def policy_errors(password: str, email: str = "", name: str = "") -> list[str]:
    """Chinese messages for every rule the password breaks; empty when acceptable."""
    errors = []
    if len(password) < MIN_LENGTH:
        errors.append(f"密码至少需要{MIN_LENGTH}个字符")
    if len(password) > MAX_LENGTH:
        errors.append(f"密码不能超过{MAX_LENGTH}个字符")
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) <= 2:
        errors.append("该密码过于常见，容易被猜中，请换一个")
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        errors.append("密码不能包含邮箱用户名")
    if name and len(name) >= 2 and name in password:
        errors.append("密码不能包含姓名")
    return errors
