"""The pure scoring core: no Flask, no database (``tests`` and the import contract prove it).

* ``vocabulary``: the codes everything else uses (cancers, bands, tests, red flags, factor levels);
* ``features``: answers -> risk factors and facts; ``pipeline.score_answers``: the whole result;
* ``engine`` / ``store``: the fast scoring tables, verified before they are used
  (``Engine.from_directory`` is the one way to get an engine);
* ``guidelines``: national high-risk rules, red flags, tumour markers, referrals;
* ``assess``: one resident's language-neutral result;
* ``lab/``: the training lab (simulation, fitting, artifacts, model cards), not used to serve;
* ``established/``: the published comparator scores shown to doctors.
"""
