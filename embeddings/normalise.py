"""Text normalisation, identical for training and for later predictions.

Order (documented in docs/embedding.md, versioned by NORMALISER_VERSION):
1. NFKC (half-width katakana -> full-width, full-width ASCII -> ASCII, ...).
2. One character map: control characters (NUL, tab, newline ...) and Unicode
   line/paragraph separators -> space; zero-width characters, joiners and
   variation selectors -> removed; hyphen/minus variants -> "-"; tilde and
   wave-dash variants -> "〜"; dash-like bars used as long vowels -> "ー".
3. Runs of "ー" -> one "ー"; runs of whitespace -> one space; strip.
4. Lower-case (ASCII letters only change; Japanese has no case).
"""
from __future__ import annotations

import re
import unicodedata

NORMALISER_VERSION = "nfkc-ja-1"


def _char_map() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)) + [0x2028, 0x2029]:
        table[code] = " "
    for code in [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD] + list(range(0xFE00, 0xFE10)):
        table[code] = None
    for ch in "˗֊‐‑‒–⁃⁻₋−":
        table[ord(ch)] = "-"
    for ch in "~∼∾〜〰～":
        table[ord(ch)] = "〜"
    for ch in "—―─━ｰ":
        table[ord(ch)] = "ー"
    return table


_CHAR_MAP = _char_map()
_LONG_VOWELS = re.compile("ー{2,}")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Reasons a text yields no vector; stored in text_vector_rejects.reason.
NULL = "null_text"
EMPTY = "empty_after_normalisation"
UNDECODABLE = "undecodable"
TOO_LONG = "too_long"


def normalise(text: str) -> str:
    """Normalise one text that is known to be valid Unicode."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)
    text = _LONG_VOWELS.sub("ー", text)
    return _SPACES.sub(" ", text).strip().lower()


def normalise_or_reject(text: object, max_chars: int) -> tuple[str | None, str | None]:
    """Return (normalised text, None) or (None, reject reason).

    Nothing is truncated: a text longer than ``max_chars`` (counted before
    normalisation) is rejected whole, with the reason ``too_long``.
    """
    if text is None:
        return None, NULL
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None, UNDECODABLE
    if not isinstance(text, str):
        return None, UNDECODABLE
    if len(text) > max_chars:
        return None, TOO_LONG
    if _SURROGATE.search(text):
        return None, UNDECODABLE
    result = normalise(text)
    if not result:
        return None, EMPTY
    return result, None
