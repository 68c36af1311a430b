"""normalize.teaser: the seed's teaser style, RTL text, text without spaces, properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.normalize.teaser import CHARS_PER_WORD, ELLIPSIS, make_teaser, teaser_from

# The seed's first item (../shared/seed/listing-page.txt): 45 words, cut, " …".
SEED_TEASER = (
    "Iran Interlink reporting from Baghdad. Video shows families of Camp Liberty residents "
    "demanding meetings with their loved ones. MEK/MKO/PMOI leaders are holding them hostage. "
    "MEK leader Massoud Rajavi has reacted hysterically claiming the families shown in the film "
    "have come to destroy the camp and …"
)
SEED_REST = "kill their relatives, and the video was shown to reporters in Baghdad on Monday."
# The seed's second item ends "But Lord Carlile,…": our style drops the comma.
SEED_CARLILE = (
    "The MKO also joined forces with former Iraqi dictator Saddam Hussein during his war "
    "against Iran in the 1980s and also helped Saddam in his domestic campaigns of repression "
    "in Iraq. Until 2008 it was on Europe’s terror list. But since then there’s been efforts "
    "to bring the group in from the cold. Rajavi has been banned from entering the UK. "
    "But Lord Carlile,"
)
PERSIAN = (
    "پلیس راه استان اعلام کرد از بامداد امروز بارش برف در گردنه‌های شمالی آغاز شده و تردد "
    "خودروهای بدون زنجیر چرخ ممنوع است، رانندگان باید پیش از سفر از وضعیت جاده‌ها مطلع شوند."
)


def _words(teaser: str) -> int:
    return len(teaser.removesuffix(ELLIPSIS).split())


def test_seed_style_cut_after_a_word() -> None:
    full = SEED_TEASER.removesuffix(" …") + " " + SEED_REST
    assert make_teaser(full, max_words=45) == SEED_TEASER


def test_seed_style_trailing_comma_is_dropped_before_the_ellipsis() -> None:
    full = SEED_CARLILE + " a former independent reviewer of terrorism legislation, said …"
    assert make_teaser(full, max_words=64) == SEED_CARLILE.removesuffix(",") + " …"


def test_long_paragraph_gives_55_words_and_ellipsis() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    teaser = make_teaser(text)
    assert teaser.endswith(" …")
    assert teaser.split()[:-1] == [f"word{i}" for i in range(55)]


def test_short_paragraph_is_unchanged() -> None:
    short = "Ex-MKO members recount ordeals at Camp Ashraf in the French capital, Paris."
    assert make_teaser(short) == short
    assert make_teaser(make_teaser(short)) == short


def test_exactly_max_words_is_not_cut() -> None:
    text = " ".join(["w"] * 55)
    assert make_teaser(text) == text
    assert make_teaser(text + " one-more") == text + " …"


def test_whitespace_is_collapsed() -> None:
    assert make_teaser("  a\n\n b\t c  ") == "a b c"
    assert make_teaser("") == ""


def test_persian_counts_words_the_same_and_zwnj_joins() -> None:
    teaser = make_teaser(PERSIAN, max_words=12)
    assert teaser.endswith(" گردنه‌های …")  # the 12th word holds a ZWNJ: one word, not two
    assert _words(teaser) == 12
    assert teaser == " ".join(PERSIAN.split()[:12]) + " …"
    assert make_teaser(PERSIAN, max_words=100) == PERSIAN


def test_arabic_comma_is_dropped_at_the_cut() -> None:
    words = PERSIAN.split()
    index = next(i for i, w in enumerate(words) if w.endswith("،"))
    teaser = make_teaser(PERSIAN, max_words=index + 1)
    assert teaser == " ".join(words[:index]) + " " + words[index].removesuffix("،") + " …"


def test_text_without_spaces_is_capped_by_characters() -> None:
    thai = "ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ" * 100
    teaser = make_teaser(thai, max_words=10)
    assert teaser.endswith(" …")
    assert len(teaser) <= 10 * CHARS_PER_WORD
    assert thai.startswith(teaser.removesuffix(" …"))
    token = "x" * 10_000
    assert len(make_teaser("Big " + token)) <= 55 * CHARS_PER_WORD


def test_character_cap_prefers_a_word_boundary() -> None:
    text = "short " + "y" * 40 + " " + "z" * 200
    teaser = make_teaser(text, max_words=5)  # cap: 60 characters
    assert teaser == "short " + "y" * 40 + " …"


def test_teaser_from_summary_else_content() -> None:
    assert teaser_from("<p>Summary <b>text</b></p>", "<p>Content</p>") == "Summary text"
    assert teaser_from("<p> </p><script>x</script>", "<p>Content &amp; more</p>") == "Content & more"
    assert teaser_from(None, None) == ""
    long_html = "<p>" + " ".join(["w"] * 100) + "</p>"
    assert teaser_from(None, long_html, 5) == "w w w w w …"


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=15)
texts = st.lists(st.one_of(words, st.sampled_from([",", ".", "—", "،", "\u200c"])), max_size=80).map(" ".join)


@given(texts, st.integers(min_value=1, max_value=60))
def test_teaser_properties(text: str, max_words: int) -> None:
    teaser = make_teaser(text, max_words)
    cut = teaser != " ".join(text.split())
    assert _words(teaser) <= max_words
    assert len(teaser) <= max_words * CHARS_PER_WORD
    if "…" not in text:
        assert teaser.endswith(ELLIPSIS) == cut
    assert make_teaser(teaser, max_words) == teaser
