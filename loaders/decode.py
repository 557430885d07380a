"""Bytes of a disclosure file -> text, with the encoding detected, never assumed."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class DecodeError(ValueError):
    """The bytes are not text in any encoding a disclosure is published in."""


# Disclosures are published in UTF-8 (sometimes with a BOM) or in the GB family;
# GB18030 is a superset of GBK and GB2312, so decoding with it covers all three.
_CANDIDATES = ("utf-8", "gb18030")


def decode_bytes(data: bytes) -> Decoded:
    """Detect the encoding of ``data`` and return its text with LF line endings."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    else:
        text, encoding = _decode_without_bom(data)
    if "\x00" in text:
        raise DecodeError("text contains NUL bytes: not a text file")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


def _decode_without_bom(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for encoding in _CANDIDATES:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # Neither decodes cleanly: ask charset-normalizer, and accept only a guess
    # whose text is mostly CJK, since that is what a disclosure is.
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        if text and cjk / max(1, len(text.strip())) > 0.2:
            return text, best.encoding
    raise DecodeError("bytes decode neither as UTF-8 nor as GB18030/GBK")
