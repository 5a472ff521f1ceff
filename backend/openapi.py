"""The OpenAPI document's security schemes and operation ids, so that a generated client works.

Two ways in: staff sign in and then send the ``zaoshai_session`` cookie (HttpOnly, set by
``POST /auth/login``) plus, on every write, the ``X-CSRFToken`` header with the token the
sign-in returned; a resident reads or erases their own assessment with the bearer token that
the submission returned. Routes say which by their decorators: ``login_required`` (staff) and
``resident_token`` (below) mark the view; ``document`` then writes each operation's
``security`` and an ``operationId`` (``<blueprint>_<function>``, unique) into the spec once
every blueprint is registered.
"""
from __future__ import annotations

import re

from flask import Flask

MARK = "_zaoshai_security"
WRITES = {"post", "put", "patch", "delete"}

SECURITY_SCHEMES = {
    "staffSession": {
        "type": "apiKey", "in": "cookie", "name": "zaoshai_session",
        "description": "Staff session, set (HttpOnly) by POST /api/v1/auth/login."},
    "csrfToken": {
        "type": "apiKey", "in": "header", "name": "X-CSRFToken",
        "description": "The csrf_token returned by sign-in (or GET /api/v1/auth/me); "
                       "required with the session cookie on every write."},
    "residentToken": {
        "type": "http", "scheme": "bearer",
        "description": "The access_token returned when the assessment was submitted."},
}


def mark(kind: str):
    """Decorator: the view needs ``kind`` ("staff" or "resident") credentials."""
    def decorator(view):
        setattr(view, MARK, kind)
        return view
    return decorator


resident_token = mark("resident")


def _security(kind: str | None, method: str) -> list[dict] | None:
    if kind == "staff":
        needs = {"staffSession": []}
        if method in WRITES:
            needs["csrfToken"] = []
        return [needs]
    if kind == "resident":
        return [{"residentToken": []}]
    return None


def openapi_path(rule: str) -> str:
    """``/a/<int:id>`` → ``/a/{id}``, as the spec names it."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def operation_id(endpoint: str, method: str, several: bool) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", endpoint)
    return f"{name}_{method}" if several else name


def document(app: Flask, api) -> None:
    """Security schemes in components; security and operationId on every operation."""
    for name, scheme in SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    paths = api.spec._paths  # apispec keeps the registered operations here, by path
    for rule in app.url_map.iter_rules():
        operations = paths.get(openapi_path(rule.rule))
        if not operations:
            continue
        view = app.view_functions[rule.endpoint]
        methods = [m.lower() for m in rule.methods or () if m.lower() in operations]
        for method in methods:
            operation = operations[method]
            operation.setdefault("operationId", operation_id(rule.endpoint, method,
                                                             len(methods) > 1))
            security = _security(getattr(view, MARK, None), method)
            if security:
                operation["security"] = security
