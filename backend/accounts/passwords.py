"""Password hashing with Argon2id (argon2-cffi's defaults: memory-hard, RFC 9106 profile)."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

_hasher = PasswordHasher()
# Verified when a username is unknown, so that "no such user" takes as long as "wrong password"
# and response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("zaoshai-timing-equaliser")

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """An Argon2id hash string (salt and parameters included)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; with ``stored_hash`` None, spend the same time and say no."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str, username: str) -> str | None:
    """What is wrong with a new password, in the request's language, or None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least 10 characters for the password."))
    if username and username.lower() in password.lower():
        return str(_l("The password must not contain the username."))
    return None
