"""The scoring engine a running app uses: verified at start when serving, on first use in the CLI.

``gunicorn 'backend.app:create_app()'`` verifies every model before it accepts a request, so a
tampered artifact or a wrong scikit-learn version stops the start. The ``flask`` command line
builds the app with ``create_cli_app`` instead, which defers the check to the first command
that scores: otherwise ``flask models train``, the command that repairs broken models, could
never run.

When an admin activates another model version (``models/active.json``), every worker notices
at its next scoring (one ``stat`` of that file) and loads the new engine, verified like the
first: no worker keeps serving a version the others have left.
"""
from flask import Flask, current_app

from backend.scoring.engine import Engine
from backend.scoring.store import active_stamp

KEY = "zaoshai.engine"


def _load(models_dir) -> tuple:
    stamp = active_stamp(models_dir)
    return Engine.from_directory(models_dir), stamp


def init_app(app: Flask, verify_now: bool = True) -> None:
    if verify_now:
        app.extensions[KEY] = _load(app.config["MODELS_DIR"])


def scoring_engine() -> Engine:
    """The app's verified engine (loaded and verified here if not yet, or after an activation)."""
    models_dir = current_app.config["MODELS_DIR"]
    loaded = current_app.extensions.get(KEY)
    if loaded is None or loaded[1] != active_stamp(models_dir):
        loaded = current_app.extensions[KEY] = _load(models_dir)
    return loaded[0]


def forget_engine() -> None:
    """Drop the loaded engine (the next scoring loads and verifies it again)."""
    current_app.extensions.pop(KEY, None)
