"""Composition: the pipeline that runs the stages in order, and the run state that makes reruns incremental.

* :mod:`~dipl10n.run.pipeline`: extract, sync (merge and fill every catalog), stats, and ``run`` as a whole;
* :mod:`~dipl10n.run.catalogs`: one catalog's round: read, merge its template in, write if it changed;
* :mod:`~dipl10n.run.machine`: each language's engine over what its catalogs leave open;
* :mod:`~dipl10n.run.results`: what the stages report (per template, catalog and language, and the run);
* :mod:`~dipl10n.run.incremental`: the last run's state, and what this run may skip;
* :mod:`~dipl10n.run.records`: the run state put together from a run's results.
"""
