"""Which language an article is written in (py3langid, offline, normalised probabilities).

Non-English articles are not rejected: the language is reported so that users and later stages can see
why extraction found little. The first 5,000 characters are plenty (py3langid is reliable from a few sentences) and keep it ~1 ms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

_SAMPLE = 5_000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[Optional[str], Optional[float]]:
    """``(ISO 639-1 code, probability)`` of ``text``, or ``(None, None)`` when there are no letters."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    lang, prob = _identifier().classify(sample)
    return lang, round(float(prob), 4)
