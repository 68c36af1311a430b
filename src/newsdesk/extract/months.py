"""Month names as news sites print them, in the languages newsdesk reads.

Gregorian months in English, German, French, Spanish, Italian, Dutch, Portuguese,
Russian, Polish, Ukrainian, Czech and Greek (nominative and genitive), Swedish, Norwegian,
Danish, Finnish, Romanian, Hungarian, Indonesian/Malay, Hebrew, Turkish, Arabic (Egyptian and
Levantine names) and Persian transliterations;
Jalali months in Persian. Lookups go through `textfold.fold_word`, so case, Arabic-script
letter variants and a trailing abbreviation dot do not matter.
"""

from __future__ import annotations

from functools import cache

from newsdesk.extract.jalali import MONTHS as JALALI_MONTHS
from newsdesk.extract.textfold import fold, fold_word

__all__ = ["gregorian_month", "jalali_month", "month_names"]

_GREGORIAN: tuple[str, ...] = (
    # English
    "january jan|february feb|march mar|april apr|may|june jun|july jul|"
    "august aug|september sep sept|october oct|november nov|december dec",
    # German (and Austrian Jänner)
    "januar jänner|februar|märz mär mrz maerz|april|mai|juni|juli|"
    "august|september|oktober okt|november|dezember dez",
    # French, with and without accents
    "janvier janv|février fevrier févr fevr|mars|avril avr|mai|juin|juillet juil|"
    "août aout|septembre|octobre|novembre|décembre decembre déc",
    # Spanish
    "enero ene|febrero|marzo|abril|mayo|junio|julio|agosto ago|septiembre setiembre|"
    "octubre|noviembre|diciembre dic",
    # Italian
    "gennaio gen|febbraio|marzo|aprile|maggio mag|giugno giu|luglio lug|agosto|"
    "settembre set|ottobre ott|novembre|dicembre",
    # Russian: genitive (as in dates) and nominative
    "января январь|февраля февраль|марта март|апреля апрель|мая май|июня июнь|"
    "июля июль|августа август|сентября сентябрь|октября октябрь|ноября ноябрь|"
    "декабря декабрь",
    # Turkish
    "ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık",
    # Arabic (Egypt, Gulf)
    "يناير|فبراير|مارس|أبريل|مايو|يونيو يونيه|يوليو يوليه|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر",
    # Arabic (Levant, Iraq)
    "كانون_الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين_الأول|تشرين_الثاني|كانون_الأول",
    # Dutch
    "januari jan|februari feb|maart mrt|april apr|mei|juni jun|juli jul|augustus aug|"
    "september sep sept|oktober okt|november nov|december dec",
    # Portuguese
    "janeiro jan|fevereiro fev|março marco mar|abril abr|maio mai|junho jun|julho jul|"
    "agosto ago|setembro set|outubro out|novembro nov|dezembro dez",
    # Polish: genitive (as in dates) and nominative
    "stycznia styczeń styczen|lutego luty|marca marzec|kwietnia kwiecień kwiecien|maja maj|"
    "czerwca czerwiec|lipca lipiec|sierpnia sierpień sierpien|września wrzesnia wrzesień "
    "wrzesien|października pazdziernika październik pazdziernik|listopada listopad|"
    "grudnia grudzień grudzien",
    # Ukrainian: genitive (as in dates) and nominative
    "січня січень|лютого лютий|березня березень|квітня квітень|травня травень|"
    "червня червень|липня липень|серпня серпень|вересня вересень|жовтня жовтень|"
    "листопада листопад|грудня грудень",
    # Czech: genitive (as in dates) and nominative
    "ledna leden|února unora únor unor|března brezna březen brezen|dubna duben|"
    "května kvetna květen kveten|června cervna červen cerven|července cervence "
    "červenec cervenec|srpna srpen|září zari|října rijna říjen rijen|listopadu listopad|"
    "prosince prosinec",
    # Swedish, Norwegian, Danish
    "januari januar|februari februar|mars marts|april|maj mai|juni|juli|augusti august|"
    "september|oktober|november|december desember",
    # Romanian
    "ianuarie ian|februarie|martie|aprilie|mai|iunie iun|iulie iul|august|septembrie|"
    "octombrie|noiembrie|decembrie",
    # Hungarian
    "január jan|február feb|március márc|április ápr|május máj|június jún|július júl|"
    "augusztus aug|szeptember szept|október okt|november nov|december dec",
    # Greek: genitive (as in dates, with and without accents) and nominative
    "ιανουαρίου ιανουαριου ιανουάριος|φεβρουαρίου φεβρουαριου φεβρουάριος|"
    "μαρτίου μαρτιου μάρτιος|απριλίου απριλιου απρίλιος|μαΐου μαιου μάιος|"
    "ιουνίου ιουνιου ιούνιος|ιουλίου ιουλιου ιούλιος|αυγούστου αυγουστου αύγουστος|"
    "σεπτεμβρίου σεπτεμβριου σεπτέμβριος|οκτωβρίου οκτωβριου οκτώβριος|"
    "νοεμβρίου νοεμβριου νοέμβριος|δεκεμβρίου δεκεμβριου δεκέμβριος",
    # Indonesian and Malay
    "januari|februari|maret mac|april|mei|juni jun|juli julai|agustus ogos|september|"
    "oktober|november|desember disember",
    # Hebrew, also with the prefix ב ("3 במרץ 2026": on 3 March)
    "ינואר בינואר|פברואר בפברואר|מרץ מרס במרץ במרס|אפריל באפריל|מאי במאי|יוני ביוני|"
    "יולי ביולי|אוגוסט באוגוסט|ספטמבר בספטמבר|אוקטובר באוקטובר|נובמבר בנובמבר|"
    "דצמבר בדצמבר",
    # Finnish: nominative and partitive ("3. maaliskuuta 2026")
    "tammikuu tammikuuta|helmikuu helmikuuta|maaliskuu maaliskuuta|huhtikuu huhtikuuta|"
    "toukokuu toukokuuta|kesäkuu kesäkuuta|heinäkuu heinäkuuta|elokuu elokuuta|"
    "syyskuu syyskuuta|lokakuu lokakuuta|marraskuu marraskuuta|joulukuu joulukuuta",
    # Persian names of Gregorian months
    "ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر",
)


@cache
def _gregorian_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for language in _GREGORIAN:
        for number, spellings in enumerate(language.split("|"), start=1):
            for name in _spellings(spellings):
                table[fold_word(name)] = number
    return table


@cache
def _jalali_table() -> dict[str, int]:
    return {fold_word(name): number for number, name in enumerate(JALALI_MONTHS, start=1)}


def _spellings(group: str) -> list[str]:
    """'march mar' → both spellings; '_' is the space inside a two-word name."""
    return [name.replace("_", " ") for name in group.split()]


def gregorian_month(word: str) -> int | None:
    """1–12 for a Gregorian month name or abbreviation, else None."""
    return _gregorian_table().get(fold_word(word))


def jalali_month(word: str) -> int | None:
    """1–12 for a Jalali (Solar Hijri) month name, else None."""
    return _jalali_table().get(fold_word(word))


@cache
def month_names() -> tuple[str, ...]:
    """Every spelling, folded and longest first (for a regex alternation)."""
    names: set[str] = set()
    for language in _GREGORIAN:
        for spellings in language.split("|"):
            names.update(_spellings(spellings))
    names.update(JALALI_MONTHS)
    folded = {fold(name).lower() for name in names}
    return tuple(sorted(folded, key=lambda name: (-len(name), name)))
