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
# Characters NFKC leaves unchanged (ASCII, kana, ー, 々, ・, common CJK ideographs and
# punctuation); a text made only of them skips NFKC, which costs ~3.5 µs a text.
# tests/test_normalise.py proves the set stable and the shortcut equal to always-NFKC.
NFKC_STABLE_RANGES = "\u0000-\u007f\u3001\u3002\u3005\u300c-\u300f\u3041-\u3096\u30a1-\u30fc\u4e00-\u9fff"
# Full-width ASCII (U+FF01-FF5E) is the commonest change in Japanese business text;
# its NFKC form is the ASCII character 0xFEE0 below, replaced here without NFKC.
_FULL_WIDTH_ASCII = "\uff01-\uff5e"
_NEEDS_NFKC = re.compile(f"[^{NFKC_STABLE_RANGES}{_FULL_WIDTH_ASCII}]")
_FULL_WIDTH = re.compile(f"[{_FULL_WIDTH_ASCII}]")


def _to_ascii(match: re.Match) -> str:
    return chr(ord(match.group()) - 0xFEE0)
# str.translate looks every character up in a dict (~60 ns each); most texts
# contain none of the mapped characters, and a regex scan finds that ~10x faster.
_MAPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in _CHAR_MAP) + "]")
_LONG_VOWELS = re.compile("ー{2,}")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Reasons a text yields no vector; stored in text_vector_rejects.reason.
NULL = "null_text"
EMPTY = "empty_after_normalisation"
UNDECODABLE = "undecodable"
TOO_LONG = "too_long"


def normalise(text: str) -> str:
    """Normalise one text that is known to be valid Unicode."""
    if _NEEDS_NFKC.search(text):
        text = unicodedata.normalize("NFKC", text)
    elif _FULL_WIDTH.search(text):
        text = _FULL_WIDTH.sub(_to_ascii, text)
    if _MAPPED.search(text):
        text = text.translate(_CHAR_MAP)
    if "ーー" in text:
        text = _LONG_VOWELS.sub("ー", text)
    return " ".join(text.split()).lower()  # split() drops every run of Unicode white space


def normalise_or_reject(text: object, max_chars: int, valid_utf8: bool = False) -> tuple[str | None, str | None]:
    """Return (normalised text, None) or (None, reject reason).

    Nothing is truncated: a text longer than ``max_chars`` (counted before
    normalisation) is rejected whole, with the reason ``too_long``.
    ``valid_utf8`` skips the lone-surrogate scan for text that came from Arrow,
    which only holds valid UTF-8.
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
    if not valid_utf8 and _SURROGATE.search(text):
        return None, UNDECODABLE
    result = normalise(text)
    if not result:
        return None, EMPTY
    return result, None
