"""The training lab: simulate the reference population, fit, check and write the models.

Not used while serving: the API scores from the written tables through ``backend.scoring.engine``
(verified by ``backend.scoring.store``). ``flask models train`` runs this package.
"""
