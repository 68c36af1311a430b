"""Watchlist entity matcher: labelled-set quality, spelling-variant recall, throughput.

    .venv/bin/python benchmarks/entities.py [--verbose] [--only quality|variants|speed ...]
                                            [--corpus-mib 10] [--runs 3] [--big-aliases 100000]

Three parts, each printing numbers (nothing is asserted; goals are printed next to the result):

1. **Quality** on labelled sentences: (a) ../shared/fixtures/entities/dev-eval.jsonl with
   dev-watchlist.json (skipped with a message when ../shared is absent), (b) our own set,
   tests/fixtures/entities/own-eval.jsonl with own-watchlist.json. Per line the set of entity
   ids with an accepted mention (`Matcher.find(text, lang)`) is compared with the gold set;
   TP/FP/FN are counted over (line, id) pairs → P/R/F1 overall, per language and per entity,
   the number of entity-free lines with a false positive, and the same overall score when no
   language is passed. Every wrong line is printed with --verbose, with the matcher's mentions
   (accepted "+" or rejected "-") and their reasons.
2. **Generated spelling variants**: from every Latin-script alias of both watchlists, single
   rewrites (ou↔u, kh↔gh, q↔gh, doubled/undoubled consonants, e↔a in inner syllables — these
   only on name tokens, not on ordinary English/French words; hyphen→space/none, space→hyphen,
   ezafe "-e" inserted/removed/glued, case); from every Persian/Arabic alias,
   letter-form variants (ی↔ي, ک↔ك, final ه↔ة, final ی→ى, ZWNJ as space/glued/stray, tatweel,
   harakat, hamza on alef dropped). Each variant sits in a neutral carrier sentence of its
   language; recall = the entity is accepted on a mention overlapping the variant (goal ≥ 0.95),
   reported per rule. Precision: the same carriers filled with neutral phrases, and with
   look-alike names (an alias with its last word swapped for another name, checked to contain no
   alias) — every accepted mention there is a false positive. Acronyms and aliases whose
   ambiguity is "context" are left out (a neutral carrier rightly gives them no evidence).
3. **Speed** on one core (the process is pinned to one CPU where the OS allows): a deterministic
   generated corpus (fixed seed) of ~10 MiB of en/fa/ar documents of ~5 KB with occasional alias
   mentions; `Matcher.find(doc, lang)` over all documents with a watchlist of 1,000 aliases (the
   real ones of both watchlists plus synthetic entities in the three scripts) and of 100,000
   aliases (build time, goal < 5 s; throughput, goal ≥ 5 MiB/s). Baseline in the same run:
   `str.casefold()` + a bare pyahocorasick `iter()` over the same documents with the same alias
   strings, so the ratio survives noisy machines. MiB = MiB of UTF-8 input; median of --runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

try:
    from newsdesk.enrich.matcher import Matcher
    from newsdesk.enrich.watchlist import load_watchlist
except ImportError as exc:  # the matcher is written in parallel with this script
    print(f"newsdesk.enrich matcher not importable ({exc}); nothing to measure")
    raise SystemExit(2) from exc

OWN = ROOT / "tests" / "fixtures" / "entities"
SHARED = ROOT.parent / "shared" / "fixtures" / "entities"
SEED = 20260301
MIB = 1024 * 1024
_T = TypeVar("_T")

# ----------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    """TP/FP/FN over (line, entity id) pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(s) for s in path.read_text("utf-8").splitlines() if s.strip()]


def accepted_ids(matcher: Matcher, text: str, lang: str | None) -> list[str]:
    """Accepted entity ids in order of first mention, from `find()` alone (the one call whose
    shape the brief fixes; a convenience method of the matcher may be renamed)."""
    ids: list[str] = []
    for m in sorted(matcher.find(text, lang), key=lambda m: m.start):
        if m.accepted and m.entity not in ids:
            ids.append(m.entity)
    return ids


def describe_mentions(matcher: Matcher, text: str, lang: str | None) -> str:
    """Every mention, accepted or not, so a wrong line shows *why* it went wrong."""
    parts = []
    for m in matcher.find(text, lang):
        flag = "+" if m.accepted else "-"
        parts.append(f"{flag}{m.entity}:{m.surface!r}@{m.start}-{m.end} {m.layer} "
                     f"{m.score:.2f} {','.join(m.reasons)}")
    return "; ".join(parts) or "(no mention)"


def quality(name: str, watchlist: Path, eval_file: Path, verbose: bool) -> None:
    """P/R/F1 of one labelled set; see the module docstring."""
    print(f"\n== quality: {name} ({eval_file.name}, {watchlist.name})")
    if not eval_file.is_file() or not watchlist.is_file():
        print(f"   {eval_file.parent} is absent, skipped")
        return
    matcher = Matcher(load_watchlist(watchlist))
    rows = read_jsonl(eval_file)
    overall, no_lang = Tally(), Tally()
    per_lang: dict[str, Tally] = defaultdict(Tally)
    per_entity: dict[str, Tally] = defaultdict(Tally)
    free = free_fp = 0
    wrong: list[tuple[dict[str, Any], set[str]]] = []
    for row in rows:
        gold, pred = set(row["entities"]), set(accepted_ids(matcher, row["text"], row["lang"]))
        overall.add(gold, pred)
        no_lang.add(gold, set(accepted_ids(matcher, row["text"], None)))
        per_lang[row["lang"]].add(gold, pred)
        for ent in gold | pred:
            per_entity[ent].add(gold & {ent}, pred & {ent})
        if not gold:
            free += 1
            free_fp += bool(pred)
        if gold != pred:
            wrong.append((row, pred))
    langs = Counter(r["lang"] for r in rows)
    print(f"   {len(rows)} lines ({', '.join(f'{n} {lang}' for lang, n in sorted(langs.items()))})")
    print(f"   overall          {overall.line()}")
    for lang in sorted(per_lang):
        print(f"   {lang:<16} {per_lang[lang].line()}")
    print(f"   lang not given   {no_lang.line()}")
    for ent in sorted(per_entity):
        print(f"   {ent:<16} {per_entity[ent].line()}")
    print(f"   entity-free lines with a false positive: {free_fp} of {free}")
    print(f"   wrong lines: {len(wrong)}" + ("" if verbose else " (--verbose lists them)"))
    if verbose:
        for row, pred in wrong:
            print(f"   [{row['lang']}] {row['text']}")
            print(f"        gold {sorted(row['entities'])}  got {sorted(pred)}")
            print(f"        {describe_mentions(matcher, row['text'], row['lang'])}")


# ----------------------------------------------------------------------------- variants

def _wordlist(text: str) -> list[str]:
    """Word lists are written as running text: shorter and easier to review than list literals."""
    return text.split()


_TOKEN = re.compile(r"[^\W\d_]+")
# Ordinary English/French words of organisation and place names. Transliteration rewrites are
# applied only to the other tokens (transliterated names such as Mojahedin, Khalq, Anzali):
# "Organnization" is a typo, not a transliteration variant.
_COMMON_WORDS = set(_wordlist("""
of the de la le du des for and sans without e s international world health organization
organisation organizations committee council agency alliance association union federation front
party people peoples national energy atomic red cross crescent doctors borders northern southern
eastern western rivers river camp cooperation gulf arab states fisheries caspian sea iran iraq
islamic revolution liberation republic movement office ministry médecins frontières comité
mondiale santé croix rouge internationale
"""))
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_ZWNJ, _TATWEEL = "\u200c", "\u0640"
_NON_JOINING = set("اآأإدذرزژوؤة")
_LONG_VOWELS = set("اآویيى")
_FATHA, _DAMMA, _KASRA, _SHADDA = "\u064e", "\u064f", "\u0650", "\u0651"

CARRIERS = {
    "en": ["Reporters asked about {} on Tuesday.", "A statement mentioning {} was read out.",
           "The talks with {} lasted two hours.", "Photographs of {} were shown at the exhibition.",
           "Local radio carried an item on {} this morning.", "Nobody expected {} to be on the agenda.",
           "{} was listed in the appendix of the report.", "The archive holds letters about {}."],
    "fa": ["خبرنگاران روز سه‌شنبه درباره {} پرسیدند.", "بیانیه‌ای درباره {} خوانده شد.",
           "گفت‌وگو با {} دو ساعت طول کشید.", "عکس‌هایی از {} در نمایشگاه نشان داده شد.",
           "رادیو محلی امروز صبح گزارشی درباره {} پخش کرد.", "نام {} در پیوست گزارش آمده است."],
    "ar": ["سأل الصحفيون عن {} يوم الثلاثاء.", "قُرئ بيان يتناول {} في الاجتماع.",
           "استمرت المحادثات مع {} ساعتين.", "عُرضت صور {} في المعرض.",
           "بثت الإذاعة المحلية تقريراً عن {} صباح اليوم.", "ورد اسم {} في ملحق التقرير."],
}
NEUTRAL = {
    "en": ["the city council", "the new footbridge", "the harvest", "the museum", "the school board",
           "the railway timetable", "a local bakery", "the weather service", "the library", "the market"],
    "fa": ["شورای شهر", "پل عابر پیاده", "برداشت گندم", "موزه شهر", "راه‌آهن", "نانوایی محله",
           "سازمان هواشناسی", "کتابخانه عمومی", "بازار میوه", "هیئت مدیره مدرسه"],
    "ar": ["المجلس البلدي", "الجسر الجديد", "موسم الحصاد", "متحف المدينة", "جدول القطارات",
           "مخبز الحي", "دائرة الأرصاد", "المكتبة العامة", "سوق الخضار", "مجلس إدارة المدرسة"],
}
LOOKALIKE_WORDS = {
    "en": ["Hosseini", "Karimi", "Tehrani", "Rahimi", "Jafari", "Sadeghi", "Moradi", "Ahmadi"],
    "fa": ["حسینی", "کریمی", "تهرانی", "رحیمی", "جعفری", "صادقی", "مرادی", "احمدی"],
    "ar": ["الحسيني", "كريمي", "الطهراني", "رحيمي", "جعفري", "صادقي", "مرادي", "أحمدي"],
}


def _sub(s: str, i: int, j: int, new: str) -> str:
    return s[:i] + new + s[j:]


def _name_tokens(alias: str) -> list[re.Match[str]]:
    return [m for m in _TOKEN.finditer(alias)
            if len(m.group()) >= 3 and m.group().casefold() not in _COMMON_WORDS]


def _match_case(template: str, new: str) -> str:
    if template.isupper() and len(template) > 1:
        return new.upper()
    return new.capitalize() if template[:1].isupper() else new


def _pair_rules(word: str) -> Iterable[tuple[str, int, int, str]]:
    """(rule, start, end, replacement) for the letter-pair rewrites inside one name token."""
    low = word.lower()
    for old, new, rule in [("ou", "u", "ou→u"), ("kh", "gh", "kh→gh"), ("gh", "kh", "gh→kh"),
                           ("gh", "q", "gh→q"), ("q", "gh", "q→gh")]:
        for m in re.finditer(old, low):
            if rule == "q→gh" and low[m.start() - 1:m.start()] == "g":
                continue
            yield rule, m.start(), m.end(), _match_case(word[m.start():m.end()], new)


def _char_rules(word: str) -> Iterable[tuple[str, int, int, str]]:
    """u→ou, doubled/undoubled consonants, e↔a in inner (unstressed) syllables."""
    low = word.lower()
    for i, ch in enumerate(low):
        prev, nxt = low[i - 1] if i else "", low[i + 1] if i + 1 < len(low) else ""
        if ch == "u" and prev not in "oq":
            yield "u→ou", i, i + 1, _match_case(word[i], "ou")
        if ch not in "aeiouhwy" and prev and nxt and prev in "aeiou" and nxt in "aeiou":
            yield "double", i, i + 1, word[i] + word[i].lower()
        if nxt == ch and ch not in "aeiou":
            yield "undouble", i, i + 1, ""
        if ch in "ea" and 0 < i < len(low) - 2 and prev not in "aeiou" and nxt not in "aeiou":
            yield "e↔a", i, i + 1, _match_case(word[i], "a" if ch == "e" else "e")


def _letter_rules(alias: str) -> Iterable[tuple[str, str]]:
    for tok in _name_tokens(alias):
        for rule, i, j, new in [*_pair_rules(tok.group()), *_char_rules(tok.group())]:
            yield rule, _sub(alias, tok.start() + i, tok.start() + j, new)


def _separator_rules(alias: str, entity_type: str) -> Iterable[tuple[str, str]]:
    """Hyphen/space/none and the Persian ezafe particle ("Bandar-e Anzali", "Mojahedine Khalq")."""
    if "-e " in alias:
        yield "ezafe removed", alias.replace("-e ", " ", 1)
        yield "ezafe glued", alias.replace("-e ", "e ", 1)
        yield "ezafe hyphens", alias.replace("-e ", "-e-", 1)
    for m in re.finditer(r"-", alias):
        yield "hyphen→space", _sub(alias, m.start(), m.end(), " ")
        yield "hyphen→none", _sub(alias, m.start(), m.end(), "")
    for m in re.finditer(r" ", alias):
        yield "space→hyphen", _sub(alias, m.start(), m.end(), "-")
    names = _name_tokens(alias)
    if "-e " not in alias and entity_type != "person" and len(names) >= 2 \
            and alias[names[0].end():names[1].start()] == " ":
        end = names[0].end()
        yield "ezafe inserted", alias[:end] + "-e" + alias[end:]
        yield "ezafe inserted", alias[:end] + "e" + alias[end:]


def latin_variants(alias: str, entity_type: str) -> list[tuple[str, str]]:
    out = [*_letter_rules(alias), *_separator_rules(alias, entity_type),
           ("case", alias.lower()), ("case", alias.upper())]
    return [(rule, v.strip()) for rule, v in out]


def _words(alias: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^\s\u200c]+", alias))


def _arabic_letter_rules(alias: str) -> Iterable[tuple[str, str]]:
    for old, new, rule in [("ی", "ي", "ی→ي"), ("ي", "ی", "ي→ی"), ("ک", "ك", "ک→ك"), ("ك", "ک", "ك→ک")]:
        if old in alias:
            yield rule, alias.replace(old, new)
    for w in _words(alias):
        last = w.end() - 1
        if alias[last] == "ه":
            yield "final ه→ة", _sub(alias, last, last + 1, "ة")
        elif alias[last] == "ة":
            yield "final ة→ه", _sub(alias, last, last + 1, "ه")
        elif alias[last] in "یي":
            yield "final ی→ى", _sub(alias, last, last + 1, "ى")
        if w.group()[0] in "أإآ":
            yield "hamza dropped", _sub(alias, w.start(), w.start() + 1, "ا")


def _vocalise(alias: str) -> str:
    """Short vowels on every consonant that is not the last letter of its word."""
    out, marks = [], [_FATHA, _KASRA, _DAMMA]
    for i, ch in enumerate(alias):
        out.append(ch)
        nxt = alias[i + 1] if i + 1 < len(alias) else " "
        if ch.isalpha() and ch not in _LONG_VOWELS and nxt.isalpha():
            out.append(marks[i % 3])
    return "".join(out)


def _arabic_mark_rules(alias: str, lang: str) -> Iterable[tuple[str, str]]:
    if lang == "fa" and _ZWNJ in alias:
        yield "zwnj→space", alias.replace(_ZWNJ, " ")
        yield "zwnj dropped", alias.replace(_ZWNJ, "")
    if lang == "fa" and " " in alias:
        yield "zwnj stray", alias.replace(" ", _ZWNJ + " ")
        yield "zwnj for space", alias.replace(" ", _ZWNJ, 1)
    longest = max(_words(alias), key=lambda m: len(m.group()))
    for i in range(longest.start() + 1, longest.end() - 1):
        if alias[i] not in _NON_JOINING:
            yield "tatweel", _sub(alias, i + 1, i + 1, _TATWEEL * 3)
            break
    yield "harakat", _vocalise(alias)
    middle = (longest.start() + longest.end()) // 2
    if alias[middle] not in _LONG_VOWELS:
        yield "harakat", _sub(alias, middle + 1, middle + 1, _SHADDA)
    words = _words(alias)
    if len(words) > 1:
        yield "harakat", _sub(alias, words[0].end(), words[0].end(), _KASRA)


def arabic_variants(alias: str, lang: str) -> list[tuple[str, str]]:
    return [*_arabic_letter_rules(alias), *_arabic_mark_rules(alias, lang)]


def _folded(text: str) -> str:
    """Rough key to drop variants that are simply another alias (not a normaliser under test)."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@dataclass
class Probe:
    text: str
    lang: str
    entity: str | None
    span: tuple[int, int]
    rule: str


def _carrier(lang: str, i: int, filler: str, entity: str | None, rule: str) -> Probe:
    template = CARRIERS[lang][i % len(CARRIERS[lang])]
    start = template.index("{}")
    return Probe(template.format(filler), lang, entity, (start, start + len(filler)), rule)


def _alias_lang(alias: dict[str, Any]) -> str:
    if _ARABIC_SCRIPT.search(alias["text"]):
        return "ar" if alias.get("lang") == "ar" else "fa"
    return "en"


def variant_probes(entities: Sequence[dict[str, Any]]) -> tuple[list[Probe], int]:
    """Variant carriers for every usable alias; also returns how many aliases were left out."""
    alias_keys = {a["text"].casefold() for ent in entities for a in ent["aliases"]}
    probes: list[Probe] = []
    seen: set[str] = set()
    left_out = 0
    for ent in entities:
        for a in ent["aliases"]:
            if a.get("acronym") or a.get("ambiguity", "none") == "context":
                left_out += 1
                continue
            lang = _alias_lang(a)
            made = (arabic_variants(a["text"], lang) if lang != "en"
                    else latin_variants(a["text"], ent.get("type", "org")))
            for rule, v in made:
                if v in seen or v == a["text"] or (rule != "case" and v.casefold() in alias_keys):
                    continue
                seen.add(v)
                probes.append(_carrier(lang, len(probes), v, ent["id"], rule))
    return probes, left_out


def negative_probes(entities: Sequence[dict[str, Any]]) -> list[Probe]:
    """Neutral fillers and look-alike names (last word swapped), none containing an alias."""
    keys = [_folded(a["text"]) for e in entities for a in e["aliases"]]
    probes = [_carrier(lang, i, p, None, "neutral")
              for lang, fillers in NEUTRAL.items() for i in range(len(CARRIERS[lang])) for p in fillers]
    for ent in entities:
        for a in ent["aliases"]:
            words = a["text"].split(" ")
            if a.get("acronym") or len(words) < 2:
                continue
            lang = _alias_lang(a)
            other = LOOKALIKE_WORDS[lang][len(probes) % len(LOOKALIKE_WORDS[lang])]
            fake = " ".join([*words[:-1], other])
            if any(f" {k} " in f" {_folded(fake)} " for k in keys):
                continue
            probes.append(_carrier(lang, len(probes), fake, None, "look-alike"))
    return probes


def variants(watchlists: Sequence[Path], verbose: bool) -> None:
    print("\n== generated spelling variants")
    entities = [e for p in watchlists if p.is_file() for e in json.loads(p.read_text("utf-8"))["entities"]]
    print(f"   watchlists: {', '.join(p.name for p in watchlists if p.is_file())}")
    matcher = Matcher(load_watchlist({"version": 1, "entities": entities}))
    probes, left_out = variant_probes(entities)
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[Probe] = []
    wrong_entity = 0
    for pr in probes:
        accepted = [m for m in matcher.find(pr.text, pr.lang) if m.accepted]
        over = [m for m in accepted if m.start < pr.span[1] and m.end > pr.span[0]]
        ok = any(m.entity == pr.entity for m in over)
        wrong_entity += any(m.entity != pr.entity for m in over)
        hits[pr.rule]["found" if ok else "missed"] += 1
        if not ok:
            misses.append(pr)
    found = sum(c["found"] for c in hits.values())
    recall = found / len(probes) if probes else 0.0
    goal = "goal met" if recall >= 0.95 else "GOAL MISSED"
    print(f"   {len(probes)} variants of {sum(len(e['aliases']) for e in entities) - left_out} aliases "
          f"({left_out} acronym/context aliases left out)")
    print(f"   recall {recall:.3f} ({found}/{len(probes)}; goal ≥ 0.95: {goal}); "
          f"carriers with a mention of another entity on the variant: {wrong_entity}")
    for rule in sorted(hits):
        c = hits[rule]
        print(f"     {rule:<14} {c['found'] / (c['found'] + c['missed']):.3f}  ({c['found']}/{c['found'] + c['missed']})")
    print(f"   missed: {len(misses)}" + ("" if verbose else " (--verbose lists them)"))
    if verbose:
        for pr in misses:
            print(f"     [{pr.lang} {pr.rule}] {pr.entity}: {pr.text[pr.span[0]:pr.span[1]]!r}  "
                  f"{describe_mentions(matcher, pr.text, pr.lang)}")
    negative_precision(matcher, negative_probes(entities), verbose)


def negative_precision(matcher: Matcher, probes: Sequence[Probe], verbose: bool) -> None:
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for pr in probes:
        bad = [m for m in matcher.find(pr.text, pr.lang) if m.accepted]
        by_kind[pr.rule]["sentences"] += 1
        by_kind[pr.rule]["with a mention"] += bool(bad)
        if bad and verbose:
            print(f"     false positive [{pr.lang}] {pr.text}  {describe_mentions(matcher, pr.text, pr.lang)}")
    for kind, c in sorted(by_kind.items()):
        clean = c["sentences"] - c["with a mention"]
        print(f"   {kind} carriers without any alias: {c['sentences']}, with an accepted mention: "
              f"{c['with a mention']} (clean {clean / c['sentences']:.3f})")


# ----------------------------------------------------------------------------- speed

_EN_WORDS = _wordlist("the a of to and in on for with from by at after before over under new old city council "
             "report said says minister officials water river bridge market school museum library "
             "road station farmers prices wheat rain weather week year month today tuesday friday "
             "meeting budget plan project workers teachers students hospital clinic team players "
             "season match league club museum exhibition visitors train ferry port ships cargo "
             "district province village villages town capital north south east west spring summer "
             "autumn winter small large first second three four five hundred thousand people families "
             "children approved announced opened closed repaired reported expected delayed published")
_FA_WORDS = _wordlist("و در به از که این را با برای آن یک تا شهر شورای گزارش گفت وزیر مسئولان آب رودخانه پل "
             "بازار مدرسه موزه کتابخانه جاده ایستگاه کشاورزان قیمت گندم باران هوا هفته سال ماه امروز "
             "نشست بودجه برنامه طرح کارگران معلمان دانش‌آموزان بیمارستان درمانگاه تیم بازیکنان فصل "
             "مسابقه لیگ باشگاه نمایشگاه بازدیدکنندگان قطار کشتی بندر روستا روستاها استان پایتخت شمال "
             "جنوب شرق غرب بهار تابستان پاییز زمستان کوچک بزرگ نخستین دوم سه چهار پنج هزار مردم "
             "خانواده‌ها کودکان تصویب کرد اعلام شد بازگشایی تعمیر منتشر می‌شود")
_AR_WORDS = _wordlist("و في إلى من على أن هذا التي الذي مع عن بعد قبل المدينة مجلس تقرير قال وزير المسؤولون "
             "المياه النهر الجسر السوق المدرسة المتحف المكتبة الطريق المحطة المزارعون أسعار القمح "
             "المطر الطقس الأسبوع العام الشهر اليوم الاجتماع الميزانية الخطة المشروع العمال المعلمون "
             "الطلاب المستشفى العيادة الفريق اللاعبون الموسم المباراة الدوري النادي المعرض الزوار "
             "القطار السفينة الميناء القرية القرى المحافظة العاصمة الشمال الجنوب الشرق الغرب الربيع "
             "الصيف الخريف الشتاء صغير كبير الأول الثاني ثلاثة أربعة خمسة ألف الناس العائلات الأطفال "
             "وافق أعلن افتتح أغلق أصلح نشر")
_LAT_SYL = _wordlist("ba be da do fa fe ga gho ha ja ka kha la le ma me mi na ne no pa ra re ri sa se sha "
            "ta to va za zi far mir hos tab pur zad dar vand rost beh jam kam nas dan")
_FA_SYL = _wordlist("به دا را زا سا شا فر مه نو پو چه گل کا خس رو یا ان بر دو تی جم کی ژا سی لا ما نا ها وا "
           "یو پر ده")
_AR_SYL = _wordlist("عب دال كر يم نا صر فه سل ما حس ين خا لد جا بر عا دل سا مي رح نو ور فا طم زي هر قا سم "
           "جم ال بد")
# Filler pseudo-words (unseen tokens in the corpus) use other syllables than the synthetic names,
# so that filler does not spell watched names by chance: accepted ≈ mentions put in.
_LAT_FILL = _wordlist("plo stri wen gry thu bly cro fle ung ost eck ilt orp usk yph")
_FA_FILL = _wordlist("گست پذ چوخ ثغ ضظ طغ اُت غچ")
_AR_FILL = _wordlist("ثغ ضظ طغ ذخ ئث ؤص شغ تظ")
_ORG_EN = ["Council", "Union", "Front", "Agency", "Foundation", "Committee", "Association", "Authority"]
_ORG_FA = ["سازمان", "انجمن", "بنیاد", "جبهه", "اتحادیه", "کمیته"]
_ORG_AR = ["منظمة", "جمعية", "مؤسسة", "جبهة", "اتحاد", "لجنة"]


def _pseudo(rng: random.Random, syllables: Sequence[str], low: int, high: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(low, high)))


def _synthetic_entity(rng: random.Random, n: int, taken: set[str]) -> dict[str, Any] | None:
    """One synthetic person/org (3 aliases, one per script) or acronym org (2 aliases)."""
    kind = n % 3
    aliases: list[dict[str, Any]]
    if kind == 0:
        lat = f"{_pseudo(rng, _LAT_SYL, 2, 3).title()} {_pseudo(rng, _LAT_SYL, 2, 4).title()}"
        fa = f"{_pseudo(rng, _FA_SYL, 2, 3)} {_pseudo(rng, _FA_SYL, 2, 3)}"
        ar = f"{_pseudo(rng, _AR_SYL, 2, 3)} {_pseudo(rng, _AR_SYL, 2, 3)}"
        aliases = [{"text": lat, "lang": "en"}, {"text": fa, "lang": "fa"}, {"text": ar, "lang": "ar"}]
    elif kind == 1:
        stem = _pseudo(rng, _LAT_SYL, 2, 4).title()
        aliases = [{"text": f"{stem} {rng.choice(_ORG_EN)}", "lang": "en"},
                   {"text": f"{rng.choice(_ORG_FA)} {_pseudo(rng, _FA_SYL, 2, 3)}", "lang": "fa"},
                   {"text": f"{rng.choice(_ORG_AR)} {_pseudo(rng, _AR_SYL, 2, 3)}", "lang": "ar"}]
    else:
        letters = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWZ") for _ in range(rng.randint(3, 5)))
        if letters.lower() in _EN_WORDS:
            return None
        aliases = [{"text": letters, "lang": "en", "acronym": True, "ambiguity": "veto"},
                   {"text": f"{_pseudo(rng, _LAT_SYL, 2, 4).title()} {rng.choice(_ORG_EN)}", "lang": "en"}]
    if any(a["text"].casefold() in taken for a in aliases):
        return None
    taken.update(a["text"].casefold() for a in aliases)
    return {"id": f"syn-{n:06d}", "type": ("person", "org", "org")[kind], "canonical": aliases[0]["text"],
            "aliases": aliases, "context": {"positive": [], "negative": []}}


def synthetic_watchlist(real: Sequence[dict[str, Any]], n_aliases: int) -> dict[str, Any]:
    """The real entities plus synthetic ones until there are ``n_aliases`` aliases."""
    rng = random.Random(SEED)  # same seed: the big watchlist extends the small one
    entities = list(real)
    taken = {a["text"].casefold() for e in real for a in e["aliases"]}
    count, n = sum(len(e["aliases"]) for e in real), 0
    while count < n_aliases:
        ent = _synthetic_entity(rng, n, taken)
        n += 1
        if ent is None:
            continue
        ent["aliases"] = ent["aliases"][: n_aliases - count]
        entities.append(ent)
        count += len(ent["aliases"])
    return {"version": 1, "entities": entities}


def _sentence(rng: random.Random, words: Sequence[str], syllables: Sequence[str], lang: str) -> str:
    out = [rng.choice(words) if rng.random() < 0.8 else _pseudo(rng, syllables, 2, 3)
           for _ in range(rng.randint(8, 20))]
    if lang == "en":
        out[0] = out[0].capitalize()
    return " ".join(out) + rng.choice([".", ".", ".", ",", ";"] if lang == "en" else [".", ".", "،", "؛"])


def corpus(watchlist: dict[str, Any], mib: float) -> tuple[list[tuple[str, str]], int]:
    """Deterministic ~5 KB documents, one language each, with alias mentions in ~4% of sentences
    (also returns how many were put in; filler pseudo-words can form a few more by chance)."""
    rng = random.Random(SEED)
    by_lang: dict[str, list[str]] = defaultdict(list)
    for e in watchlist["entities"]:
        for a in e["aliases"]:
            lang = _alias_lang(a)
            by_lang[lang].append(a["text"])
    words = {"en": (_EN_WORDS, _LAT_FILL), "fa": (_FA_WORDS, _FA_FILL), "ar": (_AR_WORDS, _AR_FILL)}
    docs: list[tuple[str, str]] = []
    total, target, injected = 0, int(mib * MIB), 0
    while total < target:
        lang = rng.choices(["en", "fa", "ar"], weights=[4, 3, 3])[0]
        parts: list[str] = []
        size = 0
        while size < 5000:
            s = _sentence(rng, *words[lang], lang)
            if rng.random() < 0.04:
                s = f"{s[:-1]} {rng.choice(by_lang[lang])}{s[-1]}"
                injected += 1
            parts.append(s)
            size += len(s.encode("utf-8")) + 1
        doc = " ".join(parts)
        docs.append((doc, lang))
        total += len(doc.encode("utf-8"))
    return docs, injected


def _median_time(fn: Callable[[], _T], runs: int) -> tuple[float, _T]:
    times = []
    for _ in range(max(runs, 1)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _scan_matcher(matcher: Matcher, docs: Sequence[tuple[str, str]]) -> Counter[str]:
    """Accepted mentions per layer: a fuzzy layer that fires on filler text shows up here."""
    layers: Counter[str] = Counter()
    for d, lang in docs:
        layers.update(m.layer for m in matcher.find(d, lang) if m.accepted)
    return layers


def _baseline(watchlist: dict[str, Any], docs: Sequence[tuple[str, str]], runs: int) -> tuple[float, int]:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for e in watchlist["entities"]:
        for a in e["aliases"]:
            automaton.add_word(a["text"].casefold(), e["id"])
    automaton.make_automaton()

    def scan() -> int:
        return sum(sum(1 for _ in automaton.iter(d.casefold())) for d, _lang in docs)

    return _median_time(scan, runs)


def speed_one(label: str, watchlist: dict[str, Any], docs: Sequence[tuple[str, str]], runs: int,
              goals: bool) -> None:
    n_alias = sum(len(e["aliases"]) for e in watchlist["entities"])
    mib = sum(len(d.encode("utf-8")) for d, _ in docs) / MIB
    t0 = time.perf_counter()
    loaded = load_watchlist(watchlist)
    t1 = time.perf_counter()
    matcher = Matcher(loaded)
    t2 = time.perf_counter()
    secs, found = _median_time(lambda: _scan_matcher(matcher, docs), runs)
    base_secs, base_hits = _baseline(watchlist, docs, runs)
    rate, base_rate = mib / secs, mib / base_secs
    build_note = f" (goal < 5 s: {'met' if t2 - t1 < 5 else 'MISSED'})" if goals else ""
    rate_note = f" (goal ≥ 5 MiB/s: {'met' if rate >= 5 else 'MISSED'})" if goals else ""
    print(f"   {label}: {n_alias:,} aliases, {len(watchlist['entities']):,} entities")
    print(f"     load_watchlist {t1 - t0:.2f} s, Matcher build {t2 - t1:.2f} s{build_note}")
    per_layer = ", ".join(f"{n} {layer}" for layer, n in sorted(found.items()))
    print(f"     Matcher.find   {rate:6.1f} MiB/s  ({secs:.2f} s; accepted mentions: {per_layer}){rate_note}")
    print(f"     baseline       {base_rate:6.1f} MiB/s  ({base_secs:.2f} s, {base_hits} raw hits; "
          f"casefold + pyahocorasick iter)")
    print(f"     matcher / baseline = {rate / base_rate:.3f}")


def speed(watchlists: Sequence[Path], corpus_mib: float, big: int, runs: int) -> None:
    print("\n== speed (one core)")
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        print(f"   pinned to CPU {cpu}; median of {runs} runs")
    real = [e for p in watchlists if p.is_file() for e in json.loads(p.read_text("utf-8"))["entities"]]
    small = synthetic_watchlist(real, 1000)
    t0 = time.perf_counter()
    docs, injected = corpus(small, corpus_mib)
    mib = sum(len(d.encode("utf-8")) for d, _ in docs) / MIB
    langs = Counter(lang for _, lang in docs)
    print(f"   corpus: {mib:.2f} MiB in {len(docs)} documents ({', '.join(f'{n} {k}' for k, n in sorted(langs.items()))}), "
          f"seed {SEED}, {injected} alias mentions put in, generated in {time.perf_counter() - t0:.1f} s")
    speed_one("small watchlist", small, docs, runs, goals=False)
    speed_one("big watchlist", synthetic_watchlist(real, big), docs, runs, goals=True)


# ----------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true", help="print every wrong line / missed variant")
    ap.add_argument("--only", action="append", choices=["quality", "variants", "speed"])
    ap.add_argument("--corpus-mib", type=float, default=10.0)
    ap.add_argument("--big-aliases", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    parts = set(args.only or ["quality", "variants", "speed"])
    dev = (SHARED / "dev-watchlist.json", SHARED / "dev-eval.jsonl")
    own = (OWN / "own-watchlist.json", OWN / "own-eval.jsonl")
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: the development set is skipped everywhere")
    if "quality" in parts:
        quality("development set", *dev, args.verbose)
        quality("own set", *own, args.verbose)
    if "variants" in parts:
        variants([dev[0], own[0]], args.verbose)
    if "speed" in parts:
        speed([dev[0], own[0]], args.corpus_mib, args.big_aliases, args.runs)


if __name__ == "__main__":
    main()
