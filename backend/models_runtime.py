"""The scoring engine a running app uses: verified at start when serving, on first use in the CLI.

``gunicorn 'backend.app:create_app()'`` verifies every model before it accepts a request, so a
tampered artifact or a wrong scikit-learn version stops the start. The ``flask`` command line
builds the app with ``create_cli_app`` instead, which defers the check to the first command
that scores: otherwise ``flask models train``, the command that repairs broken models, could
never run.
"""
from flask import Flask, current_app

from backend.scoring.engine import Engine

KEY = "zaoshai.engine"


def init_app(app: Flask, verify_now: bool = True) -> None:
    if verify_now:
        app.extensions[KEY] = Engine.from_directory(app.config["MODELS_DIR"])


def scoring_engine() -> Engine:
    """The app's verified engine (loaded and verified here if not yet)."""
    if KEY not in current_app.extensions:
        current_app.extensions[KEY] = Engine.from_directory(current_app.config["MODELS_DIR"])
    return current_app.extensions[KEY]
