"""The questionnaire as data: loading and checking definitions, item types, answer validation.

``questionnaires/<id>/v<N>.json`` holds each definition (format: ``questionnaires/README.md``).
The API serves it localised (``routes``), validates answers with it (``answers``), and the PWA
builds its screens from the same document.
"""
from backend.questionnaires.definition import (Definition, DefinitionError, get_questionnaire,
                                               load_definition, load_questionnaires)

__all__ = ["Definition", "DefinitionError", "get_questionnaire", "load_definition",
           "load_questionnaires"]
