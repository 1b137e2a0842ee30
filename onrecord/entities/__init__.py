"""Entities: the people, organisations and places an article names, under canonical names.

:func:`extract_entities` works on one article (:mod:`onrecord.entities.article`): it merges
spellings of a name inside the article, gives places their country code, and gives every named
speaker a deterministic ``entity_id`` slug ("person:volodymyr-zelensky") on which the
cross-article step (:mod:`onrecord.entities.crossdoc`) can merge.
"""

from onrecord.entities.article import entity_slug, extract_entities

__all__ = ["extract_entities", "entity_slug"]
