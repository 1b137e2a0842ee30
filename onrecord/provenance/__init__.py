"""Provenance: where a quotation travels across articles, and what else was said on the subject.

* :mod:`~onrecord.provenance.text` — quoted fragments and their normalised words;
* :mod:`~onrecord.provenance.clusters` — the cluster index (exact, containment, MinHash/LSH + rapidfuzz);
* :mod:`~onrecord.provenance.diff` — variant classes, word diffs, flags;
* :mod:`~onrecord.provenance.hook` — kept up to date in each ingest batch's transaction;
* :mod:`~onrecord.provenance.quotes` — reading a cluster (first appearance, outlets, variants);
* :mod:`~onrecord.provenance.embed` and :mod:`~onrecord.provenance.semantic` — sentence vectors with
  numpy alone, related statements and hybrid search.

Rules, thresholds and their limits: ``docs/provenance.md``.
"""
