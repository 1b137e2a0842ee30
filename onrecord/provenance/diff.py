"""Wording variants of one quotation, each compared word by word with the earliest full form.

Classes of a variant against the reference form:

``same``
    the same words (typography aside);
``trimmed``
    a contiguous part of the reference;
``ellipsis``
    parts of the reference, in order, joined by an ellipsis;
``extended``
    the reference is a part of it (a later report quoted more);
``changed``
    words were replaced, added or dropped inside the quotation: ``changes`` lists them.

Flags: ``possible_misquote`` when words changed and the speaker is the reference's;
``conflicting_attribution`` when the canonical speaker differs from the reference's (both known).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from onrecord.provenance.clusters import contained_in
from onrecord.provenance.text import ELLIPSIS, plain


def classify(norm: str, reference: str) -> str:
    """The class of a normalised variant against the normalised reference form."""
    if plain(norm) == plain(reference):
        return "same"
    if contained_in(norm, reference):
        return "ellipsis" if ELLIPSIS in norm.split() else "trimmed"
    if contained_in(reference, norm):
        return "extended"
    return "changed"


def word_diff(norm: str, reference: str, shown: str | None = None, shown_reference: str | None = None) -> list[dict]:
    """Word-level operations turning the reference into the variant, over the part the variant quotes.

    Each item is ``{"op": "equal"|"replace"|"insert"|"delete", "reference": words, "variant": words}``.
    Words of the reference before the variant's first matching word and after its last are left out:
    they are trimming, not changes. ``shown``/``shown_reference`` (the texts normalised with
    ``keep_case``) give the words as written.
    """
    ref = plain(reference).split()
    var = [w for w in norm.split()]
    var_words = [w for w in var if w != ELLIPSIS]
    # Compared on normalised words, shown in the writer's case when the same tokens are given.
    show_ref = plain(shown_reference).split() if shown_reference else ref
    show_var = plain(shown).split() if shown else var_words
    if len(show_ref) != len(ref) or len(show_var) != len(var_words):
        show_ref, show_var = ref, var_words
    ops = list(SequenceMatcher(a=ref, b=var_words, autojunk=False).get_opcodes())
    # Words beyond either end of the shorter text are trimming (or a fuller quote), not changes: at each
    # end drop a deletion or insertion, and cut a replacement down to the words facing each other.
    while ops and ops[0][0] in ("delete", "insert"):
        ops = ops[1:]
    while ops and ops[-1][0] in ("delete", "insert"):
        ops = ops[:-1]
    if ops and ops[0][0] == "replace":
        tag, i1, i2, j1, j2 = ops[0]
        n = min(i2 - i1, j2 - j1)
        ops[0] = (tag, i2 - n, i2, j2 - n, j2)
    if ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        n = min(i2 - i1, j2 - j1)
        ops[-1] = (tag, i1, i1 + n, j1, j1 + n)
    out = []
    for tag, i1, i2, j1, j2 in ops:
        out.append(dict(op=tag, reference=" ".join(show_ref[i1:i2]), variant=" ".join(show_var[j1:j2])))
    if ELLIPSIS in var:
        # A deletion where the variant has an ellipsis is the ellipsis, not a change.
        out = [o if o["op"] != "delete" else {**o, "op": "elided"} for o in out]
    return out


def changed_words(diff: list[dict]) -> list[dict]:
    """The operations of a diff that change the quoted words (elisions and equal runs excluded)."""
    return [o for o in diff if o["op"] in ("replace", "insert", "delete")]


def flags(kind: str, speaker_id, reference_speaker_id) -> list[str]:
    """The flags of a variant (see the module docstring)."""
    if speaker_id and reference_speaker_id and speaker_id != reference_speaker_id:
        return ["conflicting_attribution"]
    if kind == "changed" and speaker_id and speaker_id == reference_speaker_id:
        return ["possible_misquote"]
    return []
