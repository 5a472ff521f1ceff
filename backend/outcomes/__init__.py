"""Closing the loop: the city's own outcomes validate the models and recalibrate them.

``tables`` holds registry diagnoses, their imports and the model activations; ``registry``
links a registry's CSV to assessments; ``monitoring`` gathers each cancer's outcomes and hands
them to the pure statistics of ``backend.scoring.monitoring``; ``versions`` recalibrates and
activates model versions; ``city`` plays a simulated city for the tests and the demo;
``routes`` and ``cli`` are glue. It reads the doctors' screening outcomes and the FHIR
pseudonyms; nothing imports it but the app, the CLI and the seed.
"""
