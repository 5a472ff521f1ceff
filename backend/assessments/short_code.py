"""Short result codes: eight characters that open a result on another phone, and their QR.

Replaces the 36-character number plus 43-character case-sensitive token of the paper and the
"keep this" card. The alphabet leaves out the characters people misread or mistype (0/O,
1/I/L) and has no small letters, so what is read aloud, typed on a Chinese keyboard or copied
from paper is the code. 31 characters to the power 8 is about 8.5 × 10^11 codes; with the
failed-lookup limit (``SHORT_CODE_LOOKUP_LIMIT``, 10 an hour per address by default) guessing
any one of a million stored codes takes on the order of 10^5 address-years.

The code is *derived* (HMAC of the submission's secret ``client_id`` and the server key, like
the access token) rather than random, so only its sha256 is stored and the same assessment
always gets the same code back, on a retry or on the doctor's reprint. ``attempt`` moves to
the next derived code in the rare case of a collision with another assessment's code.

Service functions: ``issue_short_code(assessment)`` (the resident's own result screen and the
doctors' assisted printout) and ``open_with_short_code(code)`` (the lookup).
"""
from __future__ import annotations

import hashlib
import hmac
import unicodedata
from datetime import datetime, timezone

import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from backend.assessments.tables import Assessment, ShortCode
from backend.errors import InvalidFieldsError
from backend.errors import NotFoundError
from backend.extensions import db

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
MAX_ATTEMPTS = 20
# Dashes, spaces and the separators a phone keyboard or Chinese input method may add.
SEPARATORS = str.maketrans("", "", " -_.\u00b7\u2010\u2011\u2012\u2013\u2014\u2212\u30fb")


def _derive(client_id: str, attempt: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"short-code:{attempt}:{client_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _i in range(LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


def _hash(code: str) -> str:
    return hashlib.sha256(f"short-code:{code}".encode()).hexdigest()


def display(code: str) -> str:
    """``ABCD2345`` → ``ABCD-2345``: two groups of four are easier to read and copy."""
    return f"{code[:4]}-{code[4:]}"


def normalise(raw: str) -> str:
    """What a resident typed → the stored form: full-width made plain, capitals, no dashes."""
    return unicodedata.normalize("NFKC", raw or "").translate(SEPARATORS).upper()


def _existing_code(row: Assessment) -> str | None:
    stored = db.session.scalar(db.select(ShortCode).where(ShortCode.assessment_id == row.id))
    return _derive(row.client_id, stored.attempt) if stored else None


def issue_short_code(row: Assessment) -> str:
    """The assessment's short code (eight characters, without the dash), made on first call.

    Idempotent: the same assessment always gets the same code. Commits.
    """
    existing = _existing_code(row)
    if existing:
        return existing
    for attempt in range(MAX_ATTEMPTS):
        code = _derive(row.client_id, attempt)
        db.session.add(ShortCode(code_hash=_hash(code), assessment_id=row.id, attempt=attempt,
                                 created_at=datetime.now(timezone.utc)))
        try:
            db.session.commit()
            return code
        except IntegrityError:
            db.session.rollback()
            existing = _existing_code(row)  # a simultaneous twin request made it first
            if existing:
                return existing
    raise RuntimeError("no free short code after %d attempts" % MAX_ATTEMPTS)


def open_with_short_code(raw: str) -> Assessment:
    """The assessment a code opens. 422 for a code that cannot be one, 404 for an unknown one."""
    code = normalise(raw)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        raise InvalidFieldsError(
            _("Some of the data sent is not valid."),
            {"code": [_("A result code has 8 letters and digits, for example ABCD-2345. It "
                        "never contains 0, O, 1, I or L.")]})
    stored = db.session.scalar(db.select(ShortCode).where(ShortCode.code_hash == _hash(code)))
    if stored is None:
        raise NotFoundError(_("No result has this code. Check it against the paper or the "
                              "picture and try again."))
    return db.session.get(Assessment, stored.assessment_id)


def open_address(base_url: str, code: str) -> str:
    """The address in the QR code: the code rides after ``#``, which browsers never send to a
    server, so it stays out of access logs; the open screen removes it from the address bar."""
    return f"{base_url.rstrip('/')}/#/open?code={display(code)}"


def qr_path(text: str) -> dict:
    """The QR code of ``text`` as one SVG path (``size`` modules square, quiet zone included).

    A path, not SVG markup: the phone builds the element itself (no innerHTML), can keep it
    with the result for offline use and draw it on the "save as picture" canvas too.
    """
    qr = segno.make(text, error="m", micro=False)
    border = 2
    parts = []
    for y, row in enumerate(qr.matrix):
        x = 0
        while x < len(row):
            if row[x] & 1:
                start = x
                while x < len(row) and row[x] & 1:
                    x += 1
                parts.append(f"M{start + border} {y + border}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return {"size": len(qr.matrix) + 2 * border, "path": "".join(parts)}


def short_code_view(row: Assessment, base_url: str) -> dict:
    """What the result screen and the printout show: the code, its address and its QR."""
    code = issue_short_code(row)
    address = open_address(base_url, code)
    return {"code": display(code), "url": address, "qr": qr_path(address)}
