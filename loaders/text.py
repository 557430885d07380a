"""Normalising cell text and reading amounts, independent of any table's meaning."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Whitespace inside Chinese text is OCR or line-wrap debris ("国有资本经营 预算支出");
# between two ASCII letters or digits it is meaningful ("A3 彩色" keeps its space).
_INNER_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_AMOUNT = re.compile(r"^[-−]?\d+(\.\d+)?$")
# What a printed amount looks like, garbled or not: digits with separators and a
# decimal point, possibly with a letter O/o/l/I standing in for a digit.
_AMOUNT_LIKE = re.compile(r"^[-−]?[\dOoIl,，]*\d[\dOoIl,，]*[.．。][\dOoIl]{1,2}$")
_EMPTY_MARKS = {"", "-", "—", "--", "——", "/", "／"}
_SPACES = re.compile(r"\s+")


# The same few thousand labels recur in every document of a template: their normal forms are
# cached (pure functions of the text), which makes a document's reading several times faster.
@lru_cache(maxsize=1 << 16)
def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1 << 16)
def clean_cell(text: str) -> str:
    """Trim a cell and remove whitespace that OCR or wrapping put inside words."""
    text = text.replace("\u3000", " ").replace("\xa0", " ").strip()
    return _INNER_SPACE.sub("", text) if text else text


@lru_cache(maxsize=1 << 16)
def label_key(text: str) -> str:
    """The comparable form of a label: NFKC, no spaces, no quotes, no trailing colon."""
    key = _QUOTES.sub("", _SPACES.sub("", nfkc(text)))
    return key.rstrip(":")


def is_empty_amount(text: str) -> bool:
    return label_key(text) in _EMPTY_MARKS


def looks_like_amount(text: str) -> bool:
    """True for a cell printed as a decimal amount, including garbled ones (2OO.00)."""
    return bool(_AMOUNT_LIKE.match(_SPACES.sub("", nfkc(text))))


def fits(value: Decimal, precision: int, scale: int) -> bool:
    """True when ``value`` is stored exactly in DECIMAL(precision, scale): no more decimals
    than the scale and no more integer digits than precision - scale. A value that does not
    fit is reported, never rounded or nulled by the Parquet writer."""
    _, digits, exponent = value.as_tuple()
    decimals = max(0, -int(exponent))
    return decimals <= scale and len(digits) - decimals <= precision - scale


class AmountError(ValueError):
    """A cell in an amount column that is not a number."""


# A pure function of the text (a Decimal is immutable): the tables and the rows as printed
# read the same cells, and a template's empty and zero cells recur in every document.
@lru_cache(maxsize=1 << 16)
def parse_amount(text: str) -> Decimal | None:
    """Read a printed amount; None for an empty cell, AmountError for anything else.

    Thousands separators and full-width digits are accepted; a letter standing in for
    a digit is not guessed at.
    """
    compact = _SPACES.sub("", nfkc(text)).replace(",", "").replace("，", "")
    compact = compact.replace("−", "-")
    if compact in _EMPTY_MARKS:
        return None
    if not _AMOUNT.match(compact):
        raise AmountError(f"not an amount: {text!r}")
    try:
        return Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - regex already guards this
        raise AmountError(f"not an amount: {text!r}") from exc
