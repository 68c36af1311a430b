"""The watchlist: entities with aliases across spellings and scripts, and their context terms.

File format (JSON or YAML, the shape of ../shared/fixtures/entities/dev-watchlist.json)::

    {"version": 1, "entities": [
      {"id": "mek", "type": "organization", "canonical": "People's Mojahedin Organization of Iran",
       "aliases": [{"text": "MEK", "lang": "en", "acronym": true, "ambiguity": "veto"}, ...],
       "context": {"positive": ["Rajavi", ...], "negative": ["inhibitor", "ketone", ...]}}]}

`type` is organization (or org), person, place or other. An alias's `ambiguity` is `none`
(accept), `veto` (accept unless a negative context term of the entity is in the text) or
`context` (also require a positive term, or another accepted mention of the entity).
`acronym: true` requires the matched span to be upper-case in the original text.

Validation refuses with a message naming the entity and the field: missing or duplicate
ids, unknown types, empty aliases, unknown ambiguity values. Aliases that would match too
much are refused too: one or two characters after normalisation, or a common word (a short
list per language) unless it is marked `acronym` (matched upper-case only) or `context`.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from newsdesk.enrich.textnorm import normalize_key
from newsdesk.errors import InputError

__all__ = ["Alias", "Entity", "Watchlist", "load_watchlist", "watchlist_from_data"]

TYPES = {"organization": "organization", "org": "organization", "person": "person",
         "place": "place", "other": "other"}
AMBIGUITY = ("none", "veto", "context")
MAX_ALIAS_CHARS = 200
MIN_ALIAS_CHARS = 3
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
# Words that are never an unmarked alias (they occur in every text of their language).
_COMMON = (
    "the and for with from that this who what when where will have has are was were not but "
    "all any can may new one two man men war law art act end day now out our own way use us "
    "liberty freedom camp army party people government state council news world union "
    "و در به از که این را با است برای آن یک تا بر هم نیز ها سازمان سپاه ارتش مردم دولت "
    "في من على إلى عن أن هذا هذه التي الذي كان مع بين منظمة جيش الحكومة الشعب"
)


@cache
def common_words() -> frozenset[str]:
    return frozenset(normalize_key(w) for w in _COMMON.split())


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    lang: str | None = None
    acronym: bool = False
    ambiguity: str = "none"
    key: str = field(default="", compare=False)  # the normalised text (filled in when built)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", normalize_key(self.text))


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    canonical: str
    aliases: tuple[Alias, ...]
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "canonical": self.canonical,
            "aliases": [_alias_data(a) for a in self.aliases],
            "context": {"positive": list(self.positive), "negative": list(self.negative)},
        }


@dataclass(frozen=True)
class Watchlist:
    entities: tuple[Entity, ...]
    warnings: tuple[str, ...] = field(default=())

    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def as_data(self) -> dict[str, Any]:
        return {"version": 1, "entities": [e.as_data() for e in self.entities]}


def _alias_data(a: Alias) -> dict[str, Any]:
    data: dict[str, Any] = {"text": a.text}
    if a.lang:
        data["lang"] = a.lang
    if a.acronym:
        data["acronym"] = True
    if a.ambiguity != "none":
        data["ambiguity"] = a.ambiguity
    return data


def load_watchlist(source: str | Path | Mapping[str, Any]) -> Watchlist:
    """A watchlist from a JSON or YAML file (by its suffix; JSON when unsure), or from the
    already-parsed data. Raises InputError naming the entity and field at fault."""
    if isinstance(source, Mapping):
        return watchlist_from_data(source)
    path = Path(source)
    try:
        raw = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the watchlist {path}: {exc}") from exc
    return watchlist_from_data(_parse(raw, path))


def _parse(raw: str, path: Path) -> Any:
    if path.suffix.lower() in {".yaml", ".yml"}:
        import yaml

        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise InputError(f"{path} is not valid YAML: {exc}") from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON: line {exc.lineno} column {exc.colno}: "
                         f"{exc.msg}") from exc


def watchlist_from_data(data: Any) -> Watchlist:
    """A validated watchlist from parsed JSON/YAML data (see the module docstring)."""
    enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: see Matcher's build
    try:
        return _from_data(data)
    finally:
        if enabled:
            gc.enable()


def _from_data(data: Any) -> Watchlist:
    if not isinstance(data, Mapping) or not isinstance(data.get("entities"), list):
        raise InputError('a watchlist is an object with an "entities" list')
    entities: list[Entity] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["entities"]):
        entity = _entity(raw, index, warnings)
        if entity.id in seen:
            raise InputError(f"entity {entity.id!r}: the id is used twice")
        seen.add(entity.id)
        entities.append(entity)
    return Watchlist(tuple(entities), tuple(warnings))


def _entity(raw: Any, index: int, warnings: list[str]) -> Entity:
    where = f"entity #{index + 1}"
    if not isinstance(raw, Mapping):
        raise InputError(f"{where}: must be an object")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise InputError(f"{where}: field 'id' must be 1-100 letters, digits or _.:- "
                         f"(got {ident!r})")
    where = f"entity {ident!r}"
    kind = TYPES.get(str(raw.get("type", "other")).lower())
    if kind is None:
        raise InputError(f"{where}: field 'type' must be one of organization, person, place, "
                         f"other (got {raw.get('type')!r})")
    canonical = raw.get("canonical") or raw.get("name")
    if not isinstance(canonical, str) or not canonical.strip():
        raise InputError(f"{where}: field 'canonical' is missing")
    raw_aliases = raw.get("aliases", [])
    if not isinstance(raw_aliases, list):
        raise InputError(f"{where}: field 'aliases' must be a list")
    aliases = [_alias(a, where, i, warnings) for i, a in enumerate(raw_aliases)]
    canonical_key = normalize_key(canonical)
    if not any(a.key == canonical_key for a in aliases):
        aliases.insert(0, _alias({"text": canonical}, where, -1, warnings))
    context = raw.get("context") or {}
    if not isinstance(context, Mapping):
        raise InputError(f"{where}: field 'context' must be an object with positive/negative lists")
    return Entity(ident, kind, canonical.strip(), tuple(aliases),
                  _terms(context.get("positive"), where, "positive"),
                  _terms(context.get("negative"), where, "negative"))


def _alias(raw: Any, where: str, index: int, warnings: list[str]) -> Alias:
    if isinstance(raw, str):
        raw = {"text": raw}
    label = f"{where}, alias #{index + 1}" if index >= 0 else f"{where}, canonical name"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("text"), str):
        raise InputError(f"{label}: field 'text' is missing")
    text = raw["text"].strip()
    if not text or len(text) > MAX_ALIAS_CHARS:
        raise InputError(f"{label}: field 'text' must be 1-{MAX_ALIAS_CHARS} characters")
    ambiguity = str(raw.get("ambiguity", "none")).lower()
    if ambiguity not in AMBIGUITY:
        raise InputError(f"{label} ({text!r}): field 'ambiguity' must be none, veto or context "
                         f"(got {raw.get('ambiguity')!r})")
    acronym = bool(raw.get("acronym", False))
    lang = raw.get("lang")
    if lang is not None and (not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang)):
        raise InputError(f"{label} ({text!r}): field 'lang' must be a language code like en, fa, ar")
    alias = Alias(text, lang, acronym, ambiguity)
    key = alias.key
    if len(key.replace(" ", "")) < MIN_ALIAS_CHARS:
        raise InputError(f"{label} ({text!r}): an alias of fewer than {MIN_ALIAS_CHARS} letters "
                         "would match everywhere; refused")
    if key in common_words() and not acronym and ambiguity != "context":
        raise InputError(f"{label} ({text!r}): a common word; mark it acronym (matched upper-case "
                         "only) or ambiguity 'context' (needs a context term)")
    if len(key) <= 4 and key.isascii() and key.isalpha() and not acronym and " " not in key:
        warnings.append(f"{label} ({text!r}): a short Latin alias not marked acronym matches "
                        "any case; is it an acronym?")
    return alias


def _terms(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: field 'context.{name}' must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())
