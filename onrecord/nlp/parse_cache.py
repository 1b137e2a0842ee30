"""Parses of a fixed set of texts kept on disk, for tools that read the same gold files again and again.

``onrecord eval`` and ``scripts/fit_confidence.py`` parse the same few hundred articles on every run, and the
parse is most of their time (about 3 minutes for PolNeAR dev on one core). The rules that run after the
parse change from run to run; the parse does not, as long as the texts and the pipeline are the same. So
the docs are stored as one spaCy ``DocBin`` per text set, under a key made of every text and of the
pipeline's name, version, components and their config, and the tokenizer's rules: a change to any of them is a different file, never a stale
parse. Off unless a folder is given (``$ONRECORD_PARSE_CACHE``, setting ``parse_cache``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin


def cache_key(nlp: Language, texts: Sequence[str]) -> str:
    """A digest of the texts and of what the pipeline is (name, version, components, their config, tokenizer rules)."""
    digest = hashlib.sha256()
    meta = f"{nlp.meta.get('name')}|{nlp.meta.get('version')}|{','.join(nlp.pipe_names)}|{len(texts)}"
    digest.update(meta.encode())
    digest.update(nlp.config.to_str().encode())
    # The config names the tokenizer's factory, not its rules: a changed infix list must miss too.
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    for text in texts:
        digest.update(b"\x00")
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


def cached_pipe(
    nlp: Language, texts: Sequence[str], *, folder: Optional[Path], batch_size: int = 16, n_process: int = 1
) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, read from ``folder`` when these texts were parsed by this pipeline before.

    Without a folder this is ``nlp.pipe``, streaming. With one, a miss parses everything, stores it
    (written to a temporary file and renamed, so that two runs at once never read half a file) and
    yields the docs.
    """
    if folder is None:
        yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        return
    path = Path(folder) / f"parses-{cache_key(nlp, texts)}.spacy"
    if path.exists():
        yield from DocBin().from_disk(path).get_docs(nlp.vocab)
        return
    docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        DocBin(store_user_data=True, docs=docs).to_disk(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    yield from docs
