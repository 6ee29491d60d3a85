"""The batch: a roster of bodies that must report, the reports of a year on disk, and what an
office makes of them — coverage (缺报/逾期), scores with their evidence, figures across units.

Pure Python over the contract's report objects (dicts), so cached results and fresh checks
are the same input. Entry point: ``core.batch.build.build_batch``. This package module stays
empty on purpose: ``core.rules.compliance`` imports ``core.batch.deadlines`` and must not pull
the rest in (nor an import cycle through the rules).
"""
