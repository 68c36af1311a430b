"""Mentions of watched entities in a text, across spellings and scripts (entities.md §5).

    text ─► normalise once (textnorm: case, marks, Arabic/Persian letter forms, digits...)
         ─► exact layer: one Aho-Corasick automaton over every alias and its compile-time
            variants (possessive, ezafe, letter–digit joins, Arabic "ال" → "لل"); word
            boundaries that allow Arabic proclitics (و ف ب ك ل ال لل) before and Persian
            suffixes (ها های ای ی ش شان) after an Arabic-script alias; leftmost-longest
         ─► surname layer: the last name of a watched person, alone ("Rajavi")
         ─► skeleton layer (Latin only): consonant skeletons of the text's tokens against
            the aliases' (skeleton.py), token-aligned, confirmed by rapidfuzz ≥ 80
         ─► rules: acronym case on the original span; `veto` aliases dropped near a negative
            context term; `context` aliases need a positive term or another accepted mention
            of the entity; a surname counts only after a full-name mention of exactly one
            watched person with that surname earlier in the text
         ─► Mention(entity, start, end (original offsets), surface, layer, score, accepted,
            reasons)

Rejected candidates are returned too (accepted=False, with the reasons) so a user can see
why "MEK inhibitor" or the pronoun "who" did not count.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

import ahocorasick
from rapidfuzz import fuzz

from newsdesk.enrich.skeleton import PARTICLE, skeleton_text, skeleton_tokens
from newsdesk.enrich.textnorm import Normalized, normalize, normalize_key
from newsdesk.enrich.watchlist import Alias, Entity, Watchlist

__all__ = ["Matcher", "Mention"]

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_DIGIT = re.compile(r"\d")
# a prefix hyphenated where two vowels meet: co-operation, re-election, anti-inflation
_PREFIXED = re.compile(r"^(?:(co)(o[a-z]{3,})|(re|pre|de)(e[a-z]{3,})|(anti|semi|multi)(i[a-z]{3,})"
                       r"|(ultra|extra)(a[a-z]{3,}))$")
_DIGIT_AFTER_SPACE = re.compile(r"(?<=[^\W\d]) (?=\d)")
_DIGIT_JOINED = re.compile(r"(?<=[^\W\d])(?=\d)")
_POSSESSIVE = re.compile(r"(?<=\w) s(?= |$)")
_CASED = re.compile(r"[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]")
_PROCLITIC = re.compile(r"(?:و|ف)?(?:(?:ب|ك)?ال|لل|ب|ل|ك)?")
_SUFFIXES = frozenset({"ها", "هاي", "اي", "ي", "ش", "شان", "ان", "ين", "ون"})
_PARTICLES = frozenset({"e", "i", "ye", "ol", "ul", "al", "el"})
_CONSERVATIVE = {"none": 0, "veto": 1, "context": 2}
MIN_SURNAME = 4
MIN_SKELETON = 5
FUZZ_MIN = 80.0
WINDOW = 400  # characters around a mention searched for negative terms in a long text
LONG_TEXT = 3000


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str
    start: int  # offsets into the original text
    end: int
    surface: str
    layer: str  # "exact", "skeleton" or "surname"
    score: float
    accepted: bool
    reasons: tuple[str, ...] = ()
    alias: str = ""


@dataclass(frozen=True, slots=True)
class _Ref:
    entity: int  # index into Matcher.entities
    alias: Alias
    arabic: bool


@dataclass(slots=True)
class _Cand:
    refs: list[_Ref]
    start: int  # normalised offsets
    end: int
    layer: str
    score: float = 1.0
    variants: tuple[str, ...] = ()


class _Terms:
    """An entity's context terms, normalised, as one regex of whole words (an Arabic-script
    term may carry proclitics: "ولمنظمة" counts as "منظمة"; "بالصحة" as "الصحة"). The regex
    is compiled on first use: most entities of a big watchlist never need theirs."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(terms)
        self._pattern: re.Pattern[str] | None | bool = False

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is False:
            self._pattern = self._compile(self.terms)
        return self._pattern  # type: ignore[return-value]

    @staticmethod
    def _compile(terms: Iterable[str]) -> re.Pattern[str] | None:
        keys = sorted({k for k in (normalize_key(t) for t in terms) if k}, key=len, reverse=True)
        if not keys:
            return None
        alternatives = []
        for k in keys:
            body = re.escape(k)
            if _ARABIC.match(k):
                bare = re.escape(k[2:]) if k.startswith("ال") and len(k) > 3 else None
                body = f"(?:{_PROCLITIC.pattern}){body}" + (f"|(?:{_PROCLITIC.pattern}){bare}"
                                                            if bare else "")
            alternatives.append(body)
        return re.compile(r"(?<![^ ])(?:" + "|".join(alternatives) + r")(?![^ ])")

    def first_in(self, doc: _Doc, start: int = 0, end: int | None = None) -> str | None:
        if self.pattern is None:
            return None
        m = self.pattern.search(doc.text, start, len(doc.text) if end is None else end)
        return m.group() if m else None


class _Doc:
    """The normalised text and the way back to the original."""

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm
        self.text = norm.text


@dataclass
class Matcher:
    """Built once per watchlist (≈1 ms per 1,000 aliases plus the normalisation table once
    per process); `find()` is thread-safe."""

    watchlist: Watchlist
    entities: tuple[Entity, ...] = field(init=False)
    _exact: ahocorasick.Automaton = field(init=False, repr=False)
    _skeleton: ahocorasick.Automaton | None = field(init=False, repr=False)
    _positive: list[_Terms] = field(init=False, repr=False)
    _negative: list[_Terms] = field(init=False, repr=False)
    _surnames: dict[str, set[int]] = field(init=False, repr=False)
    _keys: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # hundreds of thousands of small objects and no cycles among them: the cyclic
        # garbage collector would walk them again and again while they are made
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build()
        finally:
            if enabled:
                gc.enable()

    def _build(self) -> None:
        self.entities = self.watchlist.entities
        self._positive = [_Terms(e.positive) for e in self.entities]
        self._negative = [_Terms(e.negative) for e in self.entities]
        exact: dict[str, list[_Ref]] = defaultdict(list)
        skeleton: dict[str, list[tuple[_Ref, str]]] = defaultdict(list)
        self._surnames = defaultdict(set)
        for index, entity in enumerate(self.entities):
            for alias in entity.aliases:
                key = alias.key
                ref = _Ref(index, alias, bool(_ARABIC.search(key)))
                for variant in _variants(key) | _written_variants(alias):
                    exact[variant].append(ref)
                if not ref.arabic and not alias.acronym:
                    # the skeleton drops particles and apostrophes: the base key's keys
                    # cover its ezafe and possessive variants
                    for sk in _skeleton_keys(key):
                        skeleton[sk].append((ref, key))
                if entity.type == "person" and " " in key and not alias.acronym:
                    surname = key.rsplit(" ", 1)[1]
                    if len(surname) >= MIN_SURNAME:
                        self._surnames[surname].add(index)
        for surname in self._surnames:
            exact.setdefault(surname, [])
        self._keys = frozenset(k for k, v in exact.items() if v)
        self._exact = _automaton({(k if _arabic_start(k) else f" {k} "):
                                  (k, tuple(v), not _arabic_start(k)) for k, v in exact.items()})
        self._skeleton = (_automaton({f" {k} ": (k, tuple(v)) for k, v in skeleton.items()})
                          if skeleton else None)

    # -- public -------------------------------------------------------------------------
    def find(self, text: str, lang: str | None = None) -> list[Mention]:
        """Every candidate mention, accepted or not, in text order."""
        if not text:
            return []
        doc = _Doc(normalize(text))
        cands = self._exact_candidates(doc)
        if self._skeleton is not None and re.search("[a-z]", doc.text):
            fuzzy = self._skeleton_candidates(doc, cands)
            if fuzzy:  # a skeleton match covering a bare surname is the full name
                cands = [c for c in cands if c.layer != "surname"
                         or not any(f.start < c.end and c.start < f.end for f in fuzzy)]
                cands += fuzzy
        cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
        return self._judge(doc, cands, lang)

    def alias_keys(self) -> frozenset[str]:
        """Every normalised alias and compile-time variant of the watchlist."""
        return self._keys

    def entities_in(self, text: str, lang: str | None = None) -> list[str]:
        """Accepted entity ids in order of first mention."""
        return list(dict.fromkeys(m.entity for m in self.find(text, lang) if m.accepted))

    # -- layers -------------------------------------------------------------------------
    def _exact_candidates(self, doc: _Doc) -> list[_Cand]:
        t = doc.text
        found: list[_Cand] = []
        # other keys are stored with a space on each side and found in " text ": the
        # automaton itself keeps them to whole words, no Python work for hits inside words
        for end, (key, refs, padded) in self._exact.iter(f" {t} "):
            if padded:
                start, stop = end - len(key) - 1, end - 1
            else:  # Arabic script: proclitics and suffixes may touch the alias
                start, stop = end - len(key), end
                if not _bounded(t, start, stop, True):
                    continue
            layer = "exact" if refs else "surname"
            found.append(_Cand(list(refs), start, stop, layer))
        return _leftmost_longest(found)

    def _skeleton_candidates(self, doc: _Doc, exact: list[_Cand]) -> list[_Cand]:
        assert self._skeleton is not None
        t = doc.text
        sk = skeleton_text(t)
        t_starts: list[int] = []
        taken = [(c.start, c.end) for c in exact if c.layer == "exact"]
        found: list[_Cand] = []
        for end, (key, entries) in self._skeleton.iter(f" {sk} "):  # whole tokens only
            start = end - len(key) - 1  # in sk
            if not t_starts:  # token positions, only when a skeleton matched at all
                t_starts = _token_starts(t)
            first = sk.count(" ", 0, start)
            last = first + key.count(" ")
            s0 = t_starts[first]
            e0 = (t_starts[last + 1] - 1) if last + 1 < len(t_starts) else len(t)
            if any(s0 < b and a < e0 for a, b in taken):
                continue
            surface = t[s0:e0]
            scored = [(fuzz.ratio(_drop_particles(surface), _drop_particles(v)), r)
                      for r, v in entries]
            best = max(score for score, _ in scored)
            if best < FUZZ_MIN:
                continue
            refs = list(dict.fromkeys(r for score, r in scored
                                      if score == best and _cased_like(doc, s0, e0, r.alias.text)))
            if not refs:
                continue
            found.append(_Cand(refs, s0, e0, "skeleton", round(best / 100, 3)))
        return _leftmost_longest(found)

    # -- rules --------------------------------------------------------------------------
    def _judge(self, doc: _Doc, cands: list[_Cand], lang: str | None) -> list[Mention]:
        mentions: list[Mention] = []
        accepted_full: dict[int, int] = {}  # entity → first accepted (non-context) start
        pending: list[tuple[_Cand, _Ref, list[str]]] = []
        surnames: list[_Cand] = []
        accepted_at: list[tuple[int, str]] = []
        for cand in cands:
            if cand.layer == "surname":
                surnames.append(cand)
                continue
            for ref in _per_entity(cand.refs, lang):
                ok, reasons = self._basic(doc, cand, ref)
                if ok and ref.alias.ambiguity == "context":
                    pending.append((cand, ref, reasons))
                    continue
                if ok:
                    accepted_full.setdefault(ref.entity, cand.start)
                    accepted_at.append((cand.start, self.entities[ref.entity].id))
                mentions.append(self._mention(doc, cand, ref, ok, reasons))
        for cand, ref, reasons in pending:
            term = self._positive[ref.entity].first_in(doc)
            if term is not None:
                ok, why = True, f"positive-context:{term}"
            elif ref.entity in accepted_full:
                ok, why = True, "anchored-by-another-mention"
            else:
                ok, why = False, "needs-context"
            mentions.append(self._mention(doc, cand, ref, ok, [*reasons, why]))
            if ok:
                accepted_at.append((cand.start, self.entities[ref.entity].id))
        persons_seen: dict[str, int] = {}  # entity → first accepted start (normalised)
        for start, entity in sorted(accepted_at):
            persons_seen.setdefault(entity, start)
        for cand in surnames:
            mentions.append(self._surname(doc, cand, persons_seen))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _basic(self, doc: _Doc, cand: _Cand, ref: _Ref) -> tuple[bool, list[str]]:
        reasons: list[str] = [f"{cand.layer}:{ref.alias.text}"]
        if ref.alias.acronym:
            start, end = doc.norm.span(cand.start, cand.end)
            surface = doc.norm.original[start:end]
            if not surface.isupper():
                return False, [*reasons, "acronym-not-upper-case"]
            if _shouting(doc.norm.original, start, end):
                term = self._positive[ref.entity].first_in(doc)
                if term is None:
                    return False, [*reasons, "all-caps-text-without-context"]
                reasons.append(f"all-caps-text:positive-context:{term}")
            reasons.append("acronym-case")
        if ref.alias.ambiguity in {"veto", "context"}:
            window = (0, None) if len(doc.text) <= LONG_TEXT else (
                max(0, cand.start - WINDOW), cand.end + WINDOW)
            term = self._negative[ref.entity].first_in(doc, *window)
            if term is not None:
                return False, [*reasons, f"negative-context:{term}"]
        return True, reasons

    def _surname(self, doc: _Doc, cand: _Cand, seen: dict[str, int]) -> Mention:
        key = doc.text[cand.start:cand.end]
        owners = [i for i in self._surnames.get(key, ())
                  if self.entities[i].id in seen and seen[self.entities[i].id] < cand.start]
        start, end = doc.norm.span(cand.start, cand.end)
        if len(owners) == 1:
            return Mention(self.entities[owners[0]].id, start, end, doc.norm.original[start:end],
                           "surname", 0.9, True, ("surname-after-full-name",), key)
        entity = self.entities[min(self._surnames.get(key, {0}))].id
        why = "surname-ambiguous" if owners else "surname-without-full-name"
        return Mention(entity, start, end, doc.norm.original[start:end], "surname", 0.0, False,
                       (why,), key)

    def _mention(self, doc: _Doc, cand: _Cand, ref: _Ref, ok: bool, reasons: list[str]) -> Mention:
        start, end = doc.norm.span(cand.start, cand.end)
        return Mention(self.entities[ref.entity].id, start, end, doc.norm.original[start:end],
                       cand.layer, cand.score if ok else 0.0, ok, tuple(reasons), ref.alias.text)


def _cased_like(doc: _Doc, start: int, end: int, alias: str) -> bool:
    """A transliteration variant is a name written like the alias: where the alias has a
    capital, so must the text (particles aside). Without this, "said council" would be
    "Sada Council" to a watchlist of 100,000 aliases."""
    first, stop = doc.norm.span(start, end)
    words = _words(doc.norm.original[first:stop])
    model = _words(alias)
    if not words or not words[0][0].isupper():
        return False
    if len(words) != len(model):
        return all(w[0].isupper() for w in words)
    return all(w[0].isupper() or not m[0].isupper() for w, m in zip(words, model, strict=True))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-‐‑]+", text) if w and w.casefold() not in _PARTICLES]


def _arabic_start(key: str) -> bool:
    """Does a normalised key start with an Arabic-script letter? (A string comparison: this
    runs for every key of a 100,000-alias watchlist.)"""
    return "\u0600" <= key[:1] <= "\u06ff"


def _shouting(original: str, start: int, end: int) -> bool:
    """Is the text around a span written in capitals (a headline in caps), so that an
    upper-case acronym there is no evidence?"""
    around = original[max(0, start - 60):start] + original[end:end + 60]
    return around == around.upper() and len(_CASED.findall(around)) >= 8


def _per_entity(refs: list[_Ref], lang: str | None) -> list[_Ref]:
    """One alias per entity for a key: the document's language first, else the most
    conservative (several aliases of one entity can normalise alike)."""
    best: dict[int, _Ref] = {}
    for ref in refs:
        held = best.get(ref.entity)
        if held is None or _rank(ref, lang) > _rank(held, lang):
            best[ref.entity] = ref
    return list(best.values())


def _rank(ref: _Ref, lang: str | None) -> tuple[bool, int, bool]:
    return (bool(lang) and ref.alias.lang == lang, _CONSERVATIVE[ref.alias.ambiguity],
            ref.alias.acronym)


def _bounded(t: str, start: int, end: int, arabic: bool) -> bool:
    """Whole words, allowing Arabic proclitics before and Persian suffixes after an
    Arabic-script alias."""
    if start > 0 and t[start - 1] != " ":
        if not arabic:
            return False
        word_start = t.rfind(" ", 0, start) + 1
        if not _PROCLITIC.fullmatch(t, word_start, start):
            return False
    if end < len(t) and t[end] != " ":
        if not arabic:
            return False
        word_end = t.find(" ", end)
        if t[end:word_end if word_end >= 0 else len(t)] not in _SUFFIXES:
            return False
    return True


def _leftmost_longest(cands: list[_Cand]) -> list[_Cand]:
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Cand] = []
    reach = -1
    for c in cands:
        if c.start >= reach:
            out.append(c)
            reach = c.end
    return out


def _variants(key: str) -> set[str]:
    """Compile-time spellings of a normalised alias (design §5.4)."""
    out = {key}
    tokens = key.split(" ")
    if " s " in f" {key} ":  # people s mojahedin → peoples mojahedin
        out.add(_POSSESSIVE.sub("s", key))
    if len(tokens) > 2 and any(t in _PARTICLES for t in tokens[1:-1]):  # ezafe optional
        kept = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and t in _PARTICLES)]
        out.add(" ".join(kept))
        joined: list[str] = []
        for t in tokens:
            if t in _PARTICLES and joined:
                joined[-1] += t
            else:
                joined.append(t)
        out.add(" ".join(joined))
    if _DIGIT.search(key):
        out |= {_DIGIT_AFTER_SPACE.sub("", v) for v in out}  # ashraf 3 → ashraf3
        out |= {_DIGIT_JOINED.sub(" ", v) for v in out}  # ashraf3 → ashraf 3
    if len(tokens) == 2 and _ARABIC.match(key):  # بندر انزلی is also written بندرانزلی
        out.add("".join(tokens))
    split = [_hyphenated(t) for t in tokens]  # cooperation / co-operation
    if split != tokens:
        out.add(" ".join(split))
    for v in list(out):
        if v.startswith("ال"):  # للوكالة: the article after the preposition ل
            out.add("لل" + v[2:])
            if v[2:3] == "ل":  # ل + اللجنة is written للجنة, not لللجنة
                out.add("لل" + v[3:])
    return {v for v in out if v}


def _hyphenated(token: str) -> str:
    m = _PREFIXED.match(token)
    if m is None:
        return token
    parts = [g for g in m.groups() if g]
    return " ".join(parts)


def _written_variants(alias: Alias) -> set[str]:
    """Spellings that depend on how the alias is written: a ZWNJ also left out
    ("بین‌المللی" / "بینالمللی"), an acronym also spelled with dots or spaces ("W.H.O.")."""
    out: set[str] = set()
    if "\u200c" in alias.text:
        out.add(normalize_key(alias.text.replace("\u200c", "")))
    if alias.acronym and alias.key.isalnum():
        out.add(" ".join(alias.key))
    return {v for v in out if v}


def _skeleton_keys(variant: str) -> set[str]:
    tokens = skeleton_tokens(variant)
    letters = sum(len(t.replace("@", "")) for t in tokens)
    if not tokens or "#" in tokens or (len(tokens) == 1 and letters < MIN_SKELETON):
        return set()
    if len(tokens) > 6:
        return {" ".join(tokens)}
    keys = {""}
    for i, token in enumerate(tokens):  # a particle may stand between any two tokens
        keys = {f"{k} {token}".strip() for k in keys} | (
            {f"{k} {PARTICLE} {token}".strip() for k in keys} if i else set())
    return keys


def _drop_particles(text: str) -> str:
    return " ".join(t for t in text.split(" ") if t not in _PARTICLES)


def _token_starts(text: str) -> list[int]:
    """Where each space-separated token starts (C-level accumulate, no Python loop)."""
    ends = list(accumulate(map(len, text.split(" "))))  # token k ends at ends[k] + k
    return [0, *map(add, ends[:-1], range(1, len(ends)))]


def _automaton(words: dict[str, object]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for key, value in words.items():
        a.add_word(key, value)
    if not words:  # an automaton with no words cannot be built; one that never matches can
        a.add_word("\x00\x00", ("\x00\x00", (), False))
    a.make_automaton()
    return a
