"""The batch runners: many articles through the one :class:`~onrecord.pipeline.Extractor` at once.

* :mod:`onrecord.batch.ingest`: ``onrecord ingest`` (and ``POST /api/ingest``, ``onrecord watch``): a pool
  of worker processes extracts, this process writes to the :class:`~onrecord.store.Store`, resumable.
* :mod:`onrecord.batch.spark`: ``onrecord spark-extract``: the same per-article code on Apache Spark, writing
  records and the flat statement table (:mod:`onrecord.flat`) as files, no store.

Neither holds rules of its own: what a record says is decided in ``statements/`` and ``entities/``.
"""
