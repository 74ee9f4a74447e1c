import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings import normalise as n


@pytest.mark.parametrize("raw, expected", [
    ("ﾊﾝｶｸｶﾀｶﾅ", "ハンカクカタカナ"),
    ("ＡＢＣ１２３", "abc123"),
    ("　全角　空白　", "全角 空白"),
    ("改行\nと\tタブ", "改行 と タブ"),
    ("NUL\x00文字", "nul 文字"),
    ("ゼロ\u200b幅", "ゼロ幅"),
    ("ラーーーメン", "ラーメン"),
    ("コーヒ―", "コーヒー"),
    ("東京〜大阪", "東京〜大阪"),
    ("東京～大阪", "東京〜大阪"),
    ("マイナス−１", "マイナス-1"),
    ("①②", "12"),
])
def test_normalise_rules(raw, expected):
    assert n.normalise(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    (None, n.NULL),
    ("", n.EMPTY),
    ("   \t\n　", n.EMPTY),
    ("\x00\x01", n.EMPTY),
    ("\u200b\ufe0f", n.EMPTY),
    ("bad \ud800 surrogate", n.UNDECODABLE),
    (b"\xff\xfe", n.UNDECODABLE),
    (12345, n.UNDECODABLE),
])
def test_rejects(raw, reason):
    assert n.normalise_or_reject(raw, 1000) == (None, reason)


def test_too_long_is_rejected_whole_not_truncated():
    text = "あ" * 1001
    assert n.normalise_or_reject(text, 1000) == (None, n.TOO_LONG)
    assert n.normalise_or_reject(text[:1000], 1000) == ("あ" * 1000, None)


def test_emoji_zwj_and_skin_tone_survive_without_joiners():
    family = "家族\U0001F468\u200d\U0001F469\u200d\U0001F467と\U0001F44D\U0001F3FD"
    out, reason = n.normalise_or_reject(family, 1000)
    assert reason is None
    assert "\u200d" not in out and "\U0001F468" in out and "\U0001F3FD" in out


def test_idempotent_on_sample_like_text():
    text = "１月の売上は前年比177％、ｾｰﾙで　好調。"
    once = n.normalise(text)
    assert n.normalise(once) == once


@given(st.text())
def test_random_unicode_is_normalised_or_rejected(text):
    out, reason = n.normalise_or_reject(text, 10_000)
    assert (out is None) != (reason is None)
    if out is not None:
        assert out == out.strip() and "  " not in out and "\x00" not in out
        out.encode("utf-8")  # always valid UTF-8


def test_nfkc_shortcut_set_is_stable_under_nfkc():
    import re
    import unicodedata

    ranges = re.findall(r"(.)(?:-(.))?", n.NFKC_STABLE_RANGES)
    for start, end in ranges:
        for code in range(ord(start), ord(end or start) + 1):
            assert unicodedata.normalize("NFKC", chr(code)) == chr(code), hex(code)
    for code in range(0xFF01, 0xFF5F):  # the full-width shortcut
        assert unicodedata.normalize("NFKC", chr(code)) == chr(code - 0xFEE0), hex(code)


def _always_nfkc(text):
    import unicodedata

    text = unicodedata.normalize("NFKC", text).translate(n._CHAR_MAP)
    text = n._LONG_VOWELS.sub("ー", text)
    return " ".join(text.split()).lower()


@given(st.text(st.sampled_from("あア亜ーｰ々・ＡＢ１２ｶﾞ%％～〜（） \u3000\t\n㈱①é\u0301\u3099か\u200dAa-−。「」")))
def test_shortcuts_equal_the_plain_definition(text):
    assert n.normalise(text) == _always_nfkc(text)


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_shortcuts_equal_the_plain_definition_on_any_unicode(text):
    assert n.normalise(text) == _always_nfkc(text)
