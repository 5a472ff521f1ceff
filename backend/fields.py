"""Marshmallow fields shared by the request schemas of several features."""
from marshmallow import fields


class JsonBoolean(fields.Boolean):
    """A JSON body's boolean: ``true`` or ``false`` only, as the OpenAPI document says.

    marshmallow's Boolean also takes 1, 0, "yes", "on" …, which suits query strings (where
    everything is text) but lets a body that breaks the documented type through: consent or
    an active flag given as ``0`` should be refused, not guessed (found by the fuzzer).
    The type is checked first because ``0 == False`` and ``1 == True`` in Python.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
