"""The API's blueprint class: flask-smorest's, with an arguments parser that does less per request.

webargs, as flask-smorest uses it, builds a new instance of a route's schema class and parses
the JSON body again on every request. Marshmallow schemas keep no state between loads, so one
instance per class serves every request; and the body was already parsed (by the strict parser)
when ``backend.security`` checked it for hostile input before the route ran. On the resident's
submission the two were about a twentieth of the request's time. Every API feature takes
``Blueprint`` from here, so each route reads its arguments the same way.
"""
from __future__ import annotations

from functools import lru_cache

import flask_smorest
from marshmallow import Schema
from webargs.flaskparser import FlaskParser, is_json_request

from backend.security import NOT_PARSED, parsed_json_body


@lru_cache(maxsize=None)  # one per schema class: a few dozen
def _shared_schema(schema_class: type[Schema]) -> Schema:
    return schema_class()


class ArgumentsParser(FlaskParser):
    """webargs' Flask parser, reusing one schema instance per class and the parsed body."""

    def _get_schema(self, argmap, req) -> Schema:
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return _shared_schema(argmap)
        return super()._get_schema(argmap, req)

    def _raw_load_json(self, req):
        if is_json_request(req) and (body := parsed_json_body()) is not NOT_PARSED:
            return body
        return super()._raw_load_json(req)  # not checked yet, or not JSON: webargs words it


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose routes parse their arguments with ``ArgumentsParser``."""

    ARGUMENTS_PARSER = ArgumentsParser()
