"""Relative dates: "2 hours ago", "il y a 3 heures", "vor 2 Tagen", "hace 2 días",
"2 ore fa", "3 часа назад", "2 години тому", "2 jam lalu", "3 órája", "לפני 3 שעות", "2 saat önce", "۲ ساعت پیش", "منذ ساعتين", "yesterday".

Patterns run on folded text (see `textfold`), so digits are ASCII and Arabic-script
letters are in one form; the unit words below are folded before they are compiled.
"Today" words count only with a time after them ("heute, 10:45", "today at 9:30"):
alone they are ordinary words in a teaser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from newsdesk.extract.textfold import fold, fold_word

__all__ = ["Relative", "find_relative"]

_UNITS = {  # unit → spellings (any language); a word here is compared by fold_word
    "second": "second seconds sec secs seconde secondes sekunde sekunden segundo segundos "
    "secondo secondi секунду секунды секунд секунди секунду saniye ثانیه ثانية ثوان ثواني",
    "minute": "minute minutes min mins minuten minuto minutos minuti минуту минуты минут хвилину "
    "хвилини хвилин minuut minuten minutę minuty minutou minutami "
    "minuter minutt minutter λεπτό λεπτά menit minit דקה דקות minuutti minuuttia "
    "dakika dk دقیقه دقيقة دقائق",
    "hour": "hour hours hr hrs h heure heures stunde stunden std hora horas ora ore час часа "
    "часов годину години годин uur uren godzinę godziny godzin hodinou hodinami oră ore timme timmar time timer "
    "ώρα ώρες jam שעה שעות tunti tuntia saat ساعت ساعة ساعات",
    "day": "day days jour jours tag tage tagen día días dia dias giorno giorni день дня дней "
    "днів dag dagen dzień dni dnem dny zi zile dagar dager dage døgn ημέρα ημέρες μέρα μέρες "
    "hari יום ימים päivä päivää gün روز يوم أيام ايام",
    "week": "week weeks semaine semaines woche wochen semana semanas settimana settimane "
    "неделю недели недель тиждень тижні тижнів săptămână săptămâni vecka veckor uke uker "
    "uge uger εβδομάδα εβδομάδες minggu שבוע שבועות viikko viikkoa hafta هفته أسبوع اسبوع أسابيع",
    "month": "month months mois monat monate monaten mes meses mese mesi месяц месяца "
    "месяцев місяць місяці місяців lună luni månad månader måned måneder μήνα μήνες bulan "
    "חודש חודשים kuukausi kuukautta ay ماه شهر أشهر شهور",
    "year": "year years an ans année années jahr jahre jahren año años anno anni год года "
    "лет рік роки років ani år χρόνο χρόνια tahun שנה שנים vuosi vuotta yıl سال سنة سنوات",
}
_ONE = "a an one un une ein eine einer einem einen una un' bir یک"
_FUSED = {  # Hungarian: the unit word itself says "ago" ("3 órája": 3 hours ago)
    "másodperce": "second", "perce": "minute", "órája": "hour", "napja": "day",
    "hete": "week", "hónapja": "month", "éve": "year",
}
_DUALS = {  # Arabic and Hebrew duals: "منذ ساعتين", "לפני שעתיים" is two hours, with no number
    "שעתיים": "hour",
    "יומיים": "day",
    "שבועיים": "week",
    "חודשיים": "month",
    "שנתיים": "year",
    "ثانيتين": "second",
    "دقيقتين": "minute",
    "ساعتين": "hour",
    "يومين": "day",
    "أسبوعين": "week",
    "شهرين": "month",
    "سنتين": "year",
    "عامين": "year",
}
_DAY_WORDS = {  # language → (yesterday words, today words)
    "en": ("yesterday", "today"),
    "fr": ("hier", "aujourd'hui"),
    "de": ("gestern", "heute"),
    "es": ("ayer", "hoy"),
    "it": ("ieri", "oggi"),
    "ru": ("вчера", "сегодня"),
    "uk": ("вчора", "сьогодні"),
    "cs": ("včera", "dnes"),
    "ro": ("ieri", "azi astăzi astazi"),
    "hu": ("tegnap", "ma"),
    "sv": ("i_går igår", "i_dag idag"),
    "no": ("i_går", "i_dag"),
    "nb": ("i_går", "i_dag"),
    "nn": ("i_går", "i_dag"),
    "da": ("i_går", "i_dag"),
    "el": ("χθες χτες", "σήμερα"),
    "id": ("kemarin", "hari_ini"),
    "ms": ("semalam", "hari_ini"),
    "he": ("אתמול", "היום"),
    "fi": ("eilen", "tänään"),
    "nl": ("gisteren", "vandaag"),
    "pl": ("wczoraj", "dzisiaj dziś"),
    "pt": ("ontem", "hoje"),
    "tr": ("dün", "bugün"),
    "fa": ("دیروز", "امروز"),
    "ar": ("أمس امس البارحة", "اليوم"),
}

_NUM = r"(?P<n>[0-9]{1,4}|{one})"
_FORMS = (  # (number) (unit) in each language's word order
    r"(?<!\w){num}\s{{1,3}}(?P<u>{unit})\s{{1,3}}(?:ago|fa|назад|тому|geleden|temu|sedan|siden|sitten|lalu|"
    r"în urmă|önce|پیش|قبل)(?!\w)",
    r"(?<!\w)(?:il y a|vor|hace|před|acum|πριν από|πριν|לפני|منذ)\s{{1,3}}{num}\s{{1,3}}"
    r"(?P<u>{unit})(?!\w)",
    r"(?<!\w)(?:לפני|منذ)\s{{1,3}}(?P<u>{unit})(?!\w)",  # "منذ ساعة", "לפני שעה": one hour
    r"(?<!\w)(?:לפני|منذ)\s{{1,3}}(?P<dual>{dual})(?!\w)",
    r"(?<!\w){num}\s{{1,3}}(?P<u>{fused})(?!\w)",  # Hungarian "3 órája": 3 hours ago
    r"(?<!\w)(?=[^\W\d_])(?P<u>{unit})\s{{1,3}}(?:назад)(?!\w)",  # "час назад": one hour
    r"(?<!\w)(?P<yesterday>{yesterday})(?!\w)",
    r"(?<!\w)(?P<today>{today})(?=,?\s{{1,3}}(?:\w{{1,6}}\s{{1,3}})?[0-9]{{1,2}}[:h.][0-5][0-9])",
)


@dataclass(frozen=True, slots=True)
class Relative:
    """`count` units before now; unit is second…year or "day" for yesterday/today."""

    count: int
    unit: str
    start: int
    end: int


def find_relative(folded: str, *, before: int, lang: str | None = None) -> Relative | None:
    """The first relative date starting before `before` in folded text, or None.

    With a `lang` ("fr", "de-AT"), yesterday/today words count only in that language or
    English: German "hier" means "here", not "yesterday".
    """
    best: Relative | None = None
    for pattern in _patterns():
        for match in pattern.finditer(folded):
            if match.start() >= before or (best is not None and match.start() > best.start):
                break
            found = _read(match, lang)
            if found is not None and (best is None or _earlier(found, best)):
                best = found
                break
    return best


def _earlier(found: Relative, best: Relative) -> bool:
    return (found.start, -found.end) < (best.start, -best.end)


def _read(match: re.Match[str], lang: str | None) -> Relative | None:
    start, end = match.span()
    groups = match.groupdict()
    for key, count in (("yesterday", 1), ("today", 0)):
        if groups.get(key):
            if not _speaks(fold_word(groups[key]), key, lang):
                return None
            return Relative(count, "day", start, end)
    if groups.get("dual"):
        return Relative(2, _unit_of_dual()[fold_word(groups["dual"])], start, end)
    unit = _unit_of_word().get(fold_word(groups["u"]))
    if unit is None:
        return None
    number = groups.get("n")
    count = int(number) if number and number.isdigit() else 1
    return Relative(count, unit, start, end)


def _speaks(word: str, key: str, lang: str | None) -> bool:
    if lang is None:
        return True
    index = 0 if key == "yesterday" else 1
    wanted = {"en", lang.lower().replace("_", "-").split("-")[0]}
    return any(word in _day_words(code, index) for code in wanted)


@cache
def _day_words(code: str, index: int) -> frozenset[str]:
    words = _DAY_WORDS.get(code, ("", ""))[index]
    return frozenset(fold_word(word.replace("_", " ")) for word in words.split())


@cache
def _unit_of_word() -> dict[str, str]:
    table = {fold_word(word): unit for unit, words in _UNITS.items() for word in words.split()}
    table.update((fold_word(word), unit) for word, unit in _FUSED.items())
    return table


@cache
def _unit_of_dual() -> dict[str, str]:
    return {fold_word(word): unit for word, unit in _DUALS.items()}


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    words = {
        "num": _NUM.replace("{one}", _alternation(_ONE.split())),
        "unit": _alternation(w for words in _UNITS.values() for w in words.split()),
        "dual": _alternation(_DUALS),
        "fused": _alternation(_FUSED),
        "yesterday": _alternation(w for pair in _DAY_WORDS.values() for w in pair[0].split()),
        "today": _alternation(w for pair in _DAY_WORDS.values() for w in pair[1].split()),
    }
    return tuple(re.compile(form.format(**words), re.IGNORECASE) for form in _FORMS)


def _alternation(words: Iterable[str]) -> str:
    """A regular expression for any of `words` ('_' is the space inside "i_dag")."""
    folded = {fold(word.replace("_", " ")).lower() for word in words}
    ordered = sorted(folded, key=lambda word: (-len(word), word))
    return "(?:" + "|".join(re.escape(word) for word in ordered) + ")"
