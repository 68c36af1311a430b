"""normalize.text: forbidden characters, NFC, caps at character-cluster boundaries."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.normalize.text import clean_text, collapse_ws, truncate


def test_none_stays_none() -> None:
    assert clean_text(None) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x00b", "ab"),
        ("a\x01\x08\x0b\x0c\x0e\x1f\x7fb", "ab"),
        ("a\x80\x85\x9fb", "ab"),  # C1 controls
        ("tab\there\nnew\rline", "tab\there\nnew\rline"),  # kept
        ("x\ufffey\uffffz", "xyz"),
        ("lone \ud800 high", "lone  high"),
        ("lone \udc00 low", "lone  low"),
        ("pair \ud83d\ude00 ok", "pair \U0001f600 ok"),  # two code points become one
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ("\u0627\u0653", "\u0622"),  # Arabic alef + madda above -> alef with madda
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ is kept
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_result_encodes_as_utf8() -> None:
    cleaned = clean_text("x\ud800\udfff\udbff y\x00")
    assert cleaned is not None
    cleaned.encode("utf-8")  # would raise on a surrogate


def test_cap_counts_characters_after_cleaning() -> None:
    assert clean_text("\x00" * 10 + "abcdef", max_chars=3) == "abc"


def test_cap_keeps_base_letter_with_its_marks() -> None:
    text = "ab" + "e\u0301\u0302"  # e with two marks that do not compose into one char
    cleaned = clean_text(text)
    assert cleaned is not None
    assert truncate(cleaned, len(cleaned) - 1) == "ab"


@pytest.mark.parametrize(
    "cluster",
    [
        "\U0001f469\u200d\U0001f4bb",  # woman technologist (ZWJ sequence)
        "\U0001f44d\U0001f3fd",  # thumbs up, skin tone
        "\U0001f1ee\U0001f1f7",  # flag: two regional indicators
        "\u2764\ufe0f",  # heart + variation selector
    ],
)
def test_cap_never_splits_a_cluster(cluster: str) -> None:
    text = "ok " + cluster + " end"
    for cut in range(3, 3 + len(cluster)):
        assert truncate(text, cut) == "ok "


def test_cap_between_two_flags() -> None:
    flags = "\U0001f1ee\U0001f1f7\U0001f1eb\U0001f1f7"  # IR FR
    assert truncate(flags, 3) == flags[:2]
    assert truncate(flags, 2) == flags[:2]


def test_absurd_cluster_is_cut_anyway() -> None:
    text = "a" + "\u0301" * 200
    assert len(truncate(text, 100)) == 100


def test_long_runs_of_marks_are_shortened_before_nfc_and_stay_fast() -> None:
    zalgo = "a" + "\u0316\u0301" * 80_000  # NFC of this takes ~20 s in CPython
    started = time.monotonic()
    cleaned = clean_text(zalgo)
    assert time.monotonic() - started < 8.0  # a bound: unshortened NFC takes ~20 s
    assert cleaned is not None
    assert cleaned[0] in ("a", "\u00e1")  # NFC may compose the base with one mark
    assert len(cleaned) <= 31


def test_collapse_ws() -> None:
    assert collapse_ws("  a \t\n b\u00a0\u2003c  ") == "a b c"
    assert collapse_ws("می\u200cخواهم  بروم") == "می\u200cخواهم بروم"


@given(st.text(), st.integers(min_value=0, max_value=50))
def test_clean_text_properties(raw: str, cap: int) -> None:
    cleaned = clean_text(raw, cap)
    assert cleaned is not None
    assert len(cleaned) <= cap
    cleaned.encode("utf-8")
    assert not any(ch in cleaned for ch in "\x00\x01\x1f\x7f\x9f\ufffe\uffff")
    assert clean_text(cleaned, cap) == cleaned
