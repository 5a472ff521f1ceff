"""The application factory: ``create_app()`` builds the Flask app the API and the PWA run in.

Order matters and is commented where it does: configuration, then extensions, then the scoring
engine (verified before the first request, so a tampered model stops the start), then the
blueprints, then the error handlers (after flask-smorest, whose own handler they replace).
"""
from __future__ import annotations

import logging

from flask import Flask, request
from werkzeug.exceptions import UnsupportedMediaType

from backend import errors, models_runtime, security
from backend.accounts import throttle as accounts_throttle
from backend.config import Config
from backend.extensions import api, babel, compress, db, migrate
from backend.i18n import select_babel_locale


def create_app(config: Config | None = None, verify_models: bool = True) -> Flask:
    """Build the app; ``config`` defaults to ``Config()`` read from the environment."""
    app = Flask(__name__, static_folder=None)
    app.config.from_object(config or Config())
    logging.basicConfig(level=logging.INFO)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"))
    babel.init_app(app, locale_selector=select_babel_locale)
    compress.init_app(app)
    api.init_app(app)
    # The failed sign-in counters (Redis or the database) and the trusted-proxy count.
    accounts_throttle.init_app(app)

    # Refuse to start with models that fail verification: better no service than wrong risks.
    models_runtime.init_app(app, verify_now=verify_models)

    # Headers on every response, hostile input refused; before the blueprints, whose <int:…>
    # routes take the bounded converter it installs.
    security.init_app(app)
    _register_features(app)
    app.before_request(_require_json_body)
    errors.init_app(app)
    _register_commands(app)
    return app


def create_cli_app() -> Flask:
    """The app for the ``flask`` command: models are verified by the commands that score."""
    return create_app(verify_models=False)


def _register_features(app: Flask) -> None:
    from backend import pwa
    from backend.about import blp as about
    from backend.accounts.routes import admin_blp as admin
    from backend.accounts.routes import blp as auth
    from backend.assessments.routes import blp as assessments
    from backend.assessments.reach import blp as content_reach
    from backend.centres.routes import blp as centres
    from backend.content.routes import blp as content
    from backend.content.editor_routes import blp as content_editor
    from backend import fhir as fhir_feature
    from backend.doctors.routes import blp as doctors
    from backend.outcomes.routes import blp as outcomes
    from backend.fhir.routes import blp as fhir
    from backend.health import blp as health
    from backend.i18n_routes import blp as i18n
    from backend.questionnaires import service as questionnaire_service
    from backend.questionnaires.routes import blp as questionnaires

    questionnaire_service.init_app(app)  # a broken definition stops the start
    for blueprint in (questionnaires, assessments, centres, content, content_editor,
                      content_reach, health, i18n, auth, admin, doctors, fhir, about, outcomes):
        api.register_blueprint(blueprint, url_prefix="/api/v1")
    fhir_feature.init_app(app)  # FHIR submissions are answered before the native view
    pwa.init_app(app)
    from backend.openapi import document

    document(app, api)  # security schemes and operationIds, once every route is in


def _require_json_body() -> None:
    """415 for an API write whose body is not JSON (before anything reads it)."""
    writes = request.method in ("POST", "PUT", "PATCH")
    if writes and request.path.startswith("/api/") and not request.is_json:
        raise UnsupportedMediaType()


def _register_commands(app: Flask) -> None:
    from backend.cli import register

    register(app)
