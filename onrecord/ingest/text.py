"""Bytes to text: encoding detection, binary refusal, line-end normalisation, the headline of a scrape.

Every offset onrecord stores indexes the *decoded* text, so decoding is decided once, here:

* a byte-order mark picks UTF-8/16/32 and is dropped;
* otherwise strict UTF-8 is tried first (nearly all news text is UTF-8);
* bytes that are mostly valid UTF-8 but contain broken sequences are refused rather than guessed, because
  a legacy-codec guess would turn every curly quote into mojibake;
* anything else goes to charset-normalizer, and is refused when no encoding fits;
* CRLF and lone CR become LF (``meta['newlines']`` records that it happened). Offsets therefore index the
  LF text, which is what every later stage sees; NBSP, curly quotes and other characters are kept as they are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from onrecord.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 64 * 1024  # bytes looked at to decide "binary"
_MIN_PRINTABLE = 0.90  # below this share of printable characters a decoded text is treated as binary
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")


@dataclass
class DecodedText:
    text: str
    encoding: str
    newlines_normalised: bool


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode ``data`` to text with LF line ends, or raise :class:`InputError` naming ``source``."""
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None and b"\x00" in data[:_SNIFF]:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"undecodable bytes at byte {exc.start} for its {encoding} byte-order mark"
            ) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if _UTF8_MULTIBYTE.search(data):
                raise InputError(
                    source,
                    f"undecodable bytes: invalid UTF-8 at byte {exc.start} in otherwise UTF-8 text; "
                    "repair or re-encode the file as UTF-8",
                ) from None
            text, encoding = _guess(data, source)
    _refuse_binary(text, source)
    normalised = "\r" in text
    if normalised:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(text=text, encoding=encoding, newlines_normalised=normalised)


def _guess(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, "undecodable bytes: no text encoding fits; re-encode the file as UTF-8")
    return str(best), best.encoding


def _refuse_binary(text: str, source: str) -> None:
    sample = text[:_SNIFF]
    if not sample:
        return
    printable = sum(1 for ch in sample if ch in "\n\r\t\f" or not unicodedata.category(ch).startswith("C"))
    if printable / len(sample) < _MIN_PRINTABLE:
        raise InputError(source, "binary file (mostly non-printable characters), not text")


# A headline: one short line, capitalised, not a sentence that ends with a full stop.
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_TITLE_END = re.compile(r"[.:;,]$")


def headline(text: str) -> str | None:
    """The first line of a plain-text scrape when it reads as a headline, else ``None``.

    A headline is the first non-empty line, followed by a blank line or the end of text, at most
    200 characters and 30 words, starting with an upper-case letter, digit or quotation mark, and not
    ending like a sentence or a lead-in (``.`` ``:`` ``;`` ``,``). It stays in the body (offsets are
    raw offsets); it is only *also* recorded as the title.
    """
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not first or not rest.strip():
        return None  # a one-line text is the body, not a title
    if not rest.lstrip(" \t\u00a0").startswith("\n"):
        return None  # no blank line after it: it is the first line of a paragraph
    if len(first) > _MAX_TITLE_CHARS or len(first.split()) > _MAX_TITLE_WORDS:
        return None
    if _TITLE_END.search(first) and not first.endswith("..."):
        return None
    if not (first[0].isupper() or first[0].isdigit() or first[0] in "\"'“‘"):
        return None
    return first
