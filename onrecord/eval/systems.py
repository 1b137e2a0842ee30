"""The systems ``onrecord eval`` and ``onrecord bench`` compare, behind one small interface.

Every system is given the same :class:`~onrecord.model.Article` and the same parsed spaCy ``Doc``
(parsed once, by onrecord's pipeline) and returns :class:`~onrecord.eval.scoring.Prediction`
objects, so differences in scores and timings come from the extraction rules alone.

* ``onrecord`` — :meth:`onrecord.pipeline.Extractor.record_from_doc` (statements + entities).
* ``textacy`` — ``textacy.extract.triples.direct_quotations`` (textacy 0.13), direct quotes only.
  It raises on an odd number of quotation marks; that article then yields nothing and is counted.
* ``baseline`` — not a peer: quotation-mark pairs plus the nearest "said"-like verb and the name next
  to it, on the raw text. It shows what the simplest possible rule scores.
"""

from __future__ import annotations

import re
from typing import Optional

from onrecord.eval.scoring import Prediction

PEER_NAMES = ("textacy",)
ALL_NAMES = ("onrecord", "textacy", "baseline")


class System:
    """A named extractor: ``predict(article, doc)`` returns its statements as predictions."""

    name = ""
    label = ""
    is_peer = True

    def predict(self, article, doc) -> list[Prediction]:  # pragma: no cover - interface
        raise NotImplementedError

    @classmethod
    def available(cls) -> Optional[str]:
        """None when the system can run here, else why not (one line)."""
        return None


def _token_span(tokens) -> tuple[Optional[int], Optional[int], str]:
    if not tokens:
        return None, None, ""
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end, tokens[0].doc.text[start:end]


class OnrecordSystem(System):
    name = "onrecord"
    label = "onrecord"
    is_peer = False

    def __init__(self, extractor=None):
        from onrecord.pipeline import Extractor

        self.extractor = extractor or Extractor()

    def predict(self, article, doc) -> list[Prediction]:
        record = self.extractor.record_from_doc(article, doc)
        return predictions_from_record(record)


def predictions_from_record(record) -> list[Prediction]:
    """onrecord's statements as predictions: quote, fragments, type, cue, and the speaker's
    mention here, its other mentions, canonical name and aliases."""
    out = []
    body = record.article.body
    for st in record.statements:
        speaker = record.speaker(st.speaker_id)
        names: tuple[str, ...] = ()
        mentions: tuple[tuple[int, int], ...] = ()
        if speaker is not None:
            names = tuple(n for n in (speaker.name, *speaker.aliases) if n)
            mentions = tuple((m.start, m.end) for m in speaker.mentions)
        elif st.speaker_mention is not None:
            names = (st.speaker_mention.text,)
        out.append(
            Prediction(
                start=st.quote.start,
                end=st.quote.end,
                type=st.type,
                fragments=tuple((f.start, f.end) for f in st.fragments),
                speaker_start=st.speaker_mention.start if st.speaker_mention else None,
                speaker_end=st.speaker_mention.end if st.speaker_mention else None,
                speaker_names=names,
                speaker_mentions=mentions,
                cue_start=st.cue.start if st.cue else None,
                cue_end=st.cue.end if st.cue else None,
                cue_text=st.cue.text if st.cue else None,
                text=st.quote.text,
                act=st.act,
                confidence=st.confidence,
                parts=_parts(body, [(f.start, f.end) for f in st.fragments]),
            )
        )
    return out


_JOINERS = {"and", "or", ", and", ", or"}  # '“A!” and “B!”': two quotations, each a quote of its own
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»]*\s")


def _parts(body: str, fragments: list[tuple[int, int]]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Fragments grouped into parts at sentence ends between them: '“A,” said X. “B.”' has two
    parts (the second sentence quotes X on its own), '“A,” he said, “B.”' one; so has '“A!” and “B!”'."""
    if len(fragments) < 2:
        return ()
    parts = [[fragments[0]]]
    for prev, cur in zip(fragments, fragments[1:]):
        between = " ".join(re.sub(r"[\"'“”‘’«»„]", " ", body[prev[1] : cur[0]]).split()).lower()
        if _SENTENCE_END.search(body, prev[1] - 1, cur[0]) or "\n" in body[prev[1] : cur[0]] or between in _JOINERS:
            parts.append([cur])
        else:
            parts[-1].append(cur)
    return tuple(tuple(p) for p in parts) if len(parts) > 1 else ()


def _from_triple(triple) -> Prediction:
    """A textacy (speaker tokens, cue tokens, content span) triple."""
    s_start, s_end, s_text = _token_span(triple.speaker)
    c_start, c_end, c_text = _token_span(triple.cue)
    content = triple.content
    return Prediction(
        start=content.start_char,
        end=content.end_char,
        type="direct",
        speaker_start=s_start,
        speaker_end=s_end,
        speaker_names=(s_text,) if s_text else (),
        speaker_mentions=((s_start, s_end),) if s_text else (),
        cue_start=c_start,
        cue_end=c_end,
        cue_text=c_text or None,
        text=content.text,
    )


class TextacySystem(System):
    name = "textacy"
    label = "textacy 0.13 direct_quotations"

    def __init__(self):
        from textacy.extract.triples import direct_quotations

        self._extract = direct_quotations

    @classmethod
    def available(cls) -> Optional[str]:
        try:
            import textacy.extract.triples  # noqa: F401
        except ImportError as exc:
            return f"textacy is not installed ({exc}); pip install 'onrecord[peers]'"
        return None

    def predict(self, article, doc) -> list[Prediction]:
        return [_from_triple(t) for t in self._extract(doc)]


# The baseline: a quotation between paired marks, then a reporting verb with a name or pronoun
# right before or after it, within the same paragraph.
_QUOTED = re.compile(r"[“\"]([^”\"\n]{10,}?)[”\"]")
_VERBS = r"(?:said|says|told|added|stated|wrote|asked|explained|noted|argued|insisted|warned|declared)"
_NAME = r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|he|she|they|He|She|They)"
_AFTER = re.compile(rf"[\s,]*(?:({_NAME})\s+({_VERBS})|({_VERBS})\s+({_NAME}))")
_BEFORE = re.compile(rf"({_NAME})\s+({_VERBS})[\s,:]*$")


class BaselineSystem(System):
    name = "baseline"
    label = "baseline: quote marks + nearest said (not a peer)"
    is_peer = False

    def predict(self, article, doc) -> list[Prediction]:
        text = article.body
        out = []
        for m in _QUOTED.finditer(text):
            speaker = cue = None
            after = _AFTER.match(text, m.end(), min(len(text), m.end() + 80))
            if after:
                if after.group(1):
                    speaker, cue = after.span(1), after.span(2)
                else:
                    speaker, cue = after.span(4), after.span(3)
            else:
                line_start = text.rfind("\n", 0, m.start()) + 1
                before = _BEFORE.search(text, max(line_start, m.start() - 80), m.start())
                if before:
                    speaker, cue = before.span(1), before.span(2)
            if speaker is None:
                continue
            name = text[speaker[0] : speaker[1]]
            out.append(
                Prediction(
                    start=m.start(1),
                    end=m.end(1),
                    type="direct",
                    speaker_start=speaker[0],
                    speaker_end=speaker[1],
                    speaker_names=(name,),
                    speaker_mentions=(speaker,),
                    cue_start=cue[0],
                    cue_end=cue[1],
                    cue_text=text[cue[0] : cue[1]],
                    text=m.group(1),
                )
            )
        return out


_CLASSES: dict[str, type[System]] = {"onrecord": OnrecordSystem, "textacy": TextacySystem, "baseline": BaselineSystem}


def make_systems(names, extractor=None) -> tuple[list[System], list[str]]:
    """Instantiate the named systems; returns them and a note for each one that cannot run here.

    Peers come first and onrecord last, so that if onrecord ever annotated the shared ``Doc`` the
    peers could not profit from it.
    """
    from onrecord.errors import ConfigError

    systems, notes = [], []
    for name in names:
        if name not in _CLASSES:
            raise ConfigError(f"unknown system {name!r}; choose from {', '.join(ALL_NAMES)}")
        why = _CLASSES[name].available()
        if why:
            notes.append(f"{name}: skipped, {why}")
            continue
        systems.append(OnrecordSystem(extractor) if name == "onrecord" else _CLASSES[name]())
    systems.sort(key=lambda s: s.name == "onrecord")
    return systems, notes
