"""What the routes and the assessment service call: find, render and validate questionnaires.

Importing this module loads and checks every definition under ``questionnaires/``: a broken
definition raises ``DefinitionError`` and the app refuses to start (``init_app`` does the same
for a configured ``QUESTIONNAIRES_DIR``). No ``request`` here: callers pass the language.
"""
from __future__ import annotations

from datetime import date

from flask import Flask, current_app, has_app_context
from flask_babel import gettext as _

from backend.errors import NotFoundError
from backend.i18n import LANGUAGES
from backend.questionnaires.answers import validate_answers
from backend.questionnaires.definition import (DEFAULT_DIRECTORY, Definition,
                                               QuestionnaireNotFound, get_questionnaire,
                                               load_questionnaires, questionnaire_ids)
from backend.questionnaires.localise import localise, localised_title

load_questionnaires(DEFAULT_DIRECTORY)  # fail at import: no service with a broken definition


def init_app(app: Flask) -> None:
    """Check the app's configured questionnaire directory at start-up."""
    load_questionnaires(app.config.get("QUESTIONNAIRES_DIR", DEFAULT_DIRECTORY))


def _directory():
    if has_app_context():
        return current_app.config.get("QUESTIONNAIRES_DIR", DEFAULT_DIRECTORY)
    return DEFAULT_DIRECTORY


def definition_for(questionnaire_id: str, version: int | None = None) -> Definition:
    """The given version (current when None); raises ``NotFoundError``."""
    try:
        return get_questionnaire(questionnaire_id, version, directory=_directory())
    except QuestionnaireNotFound:
        raise NotFoundError(_("There is no such questionnaire.")) from None


def current_definition(questionnaire_id: str) -> Definition:
    """The current (highest) version; raises ``NotFoundError``."""
    return definition_for(questionnaire_id)


def list_questionnaires(language: str) -> list[dict]:
    """id, current version, title in ``language`` and the languages each is served in."""
    return [{"id": qid, "version": str(d.version), "title": localised_title(d, language),
             "languages": list(LANGUAGES)}
            for qid in questionnaire_ids(_directory()) for d in [current_definition(qid)]]


def centre_options(language: str) -> list[dict]:
    """The community health centres as ``{code, name}`` in ``language``."""
    from backend.centres.service import list_health_centres

    return [{"code": c.code, "name": c.name_zh if language == "zh-CN" else c.name_en}
            for c in list_health_centres()]


def render(questionnaire_id: str, version: int | None, language: str) -> dict:
    """The definition in ``language``, centres filled in; raises ``NotFoundError``."""
    return localise(definition_for(questionnaire_id, version), language,
                    centre_options(language))


def validate(definition: Definition, answers: dict, *, centre_codes: set[str],
             today: date | None = None) -> dict:
    """Cleaned answers of ``definition`` (see ``answers.validate_answers``).

    Raises ``InvalidAnswersError`` with a message per item, in the current language. Whether the
    version is still current is the caller's decision (the assessment service answers 409).
    """
    return validate_answers(definition, answers, centre_codes=set(centre_codes),
                            today=today or date.today())


def centre_codes() -> set[str]:
    """The codes of the active community health centres (for ``validate``)."""
    return {option["code"] for option in centre_options("en")}
