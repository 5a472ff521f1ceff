"""FHIR R4 (4.0.1) interoperability: QuestionnaireResponse in, Bundle out, bulk export.

``bundle`` and ``response`` are pure mappings; ``service`` reads the database; ``routes`` and
``cli`` are glue. This package imports the features below it (assessments, centres,
questionnaires, scoring, accounts); nothing imports it but the app factory.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the FHIR routes' submission hook and the ``flask export`` commands."""
    from backend.fhir import routes
    from backend.fhir.cli import export_cli

    routes.init_app(app)
    app.cli.add_command(export_cli)
