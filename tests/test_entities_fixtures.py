"""The own entity acceptance set (tests/fixtures/entities/) is well-formed and as described.

Checks the files only, never the matcher: a broken label or a README that drifted from the
data would silently skew every score benchmarks/entities.py prints.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

FOLDER = Path(__file__).parent / "fixtures" / "entities"
LANGS = {"en", "fa", "ar"}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def watchlist() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOLDER / "own-watchlist.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    text = (FOLDER / "own-eval.jsonl").read_text("utf-8")
    return [json.loads(s) for s in text.splitlines() if s.strip()]


def _aliases(watchlist: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(e, a) for e in watchlist["entities"] for a in e["aliases"]]


def test_watchlist_shape(watchlist: dict[str, Any]) -> None:
    assert watchlist["version"] == 1
    entities = watchlist["entities"]
    assert 8 <= len(entities) <= 10
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids))
    assert {e["type"] for e in entities} == {"org", "person", "place"}
    for e in entities:
        assert e["canonical"] and e["aliases"], e["id"]
        texts = [a["text"] for a in e["aliases"]]
        assert len(texts) == len(set(texts)), e["id"]
        assert set(e["context"]) == {"positive", "negative"}, e["id"]
        for term in e["context"]["positive"] + e["context"]["negative"]:
            assert isinstance(term, str) and term == term.strip() and term, (e["id"], term)


def test_alias_fields(watchlist: dict[str, Any]) -> None:
    for entity, alias in _aliases(watchlist):
        where = (entity["id"], alias["text"])
        assert set(alias) <= {"text", "lang", "acronym", "ambiguity"}, where
        assert alias["text"] == alias["text"].strip() and alias["text"], where
        assert alias["lang"] in LANGS | {"fr"}, where
        assert isinstance(alias.get("acronym", False), bool), where
        assert alias.get("ambiguity", "none") in {"none", "veto", "context"}, where
        if alias.get("acronym"):
            assert re.fullmatch(r"[A-Z]{2,6}", alias["text"]), where
        elif re.fullmatch(r"[A-Za-z]{1,4}", alias["text"]):
            pytest.fail(f"short Latin alias without the acronym flag: {where}")
        if alias.get("ambiguity") == "veto":
            assert entity["context"]["negative"], where
        if alias.get("ambiguity") == "context":
            assert entity["context"]["positive"], where


def test_watchlist_covers_the_hard_cases(watchlist: dict[str, Any]) -> None:
    """Persian and Arabic aliases for most entities; acronyms with both ambiguity levels."""
    entities = watchlist["entities"]
    both_scripts = [e for e in entities
                    if {a["lang"] for a in e["aliases"] if ARABIC_SCRIPT.search(a["text"])} >= {"fa", "ar"}]
    assert len(both_scripts) * 2 >= len(entities)
    acronym_levels = {a.get("ambiguity", "none") for _, a in _aliases(watchlist) if a.get("acronym")}
    assert {"veto", "context"} <= acronym_levels
    surnames = Counter(a["text"].split()[-1] for e, a in _aliases(watchlist)
                       if e["type"] == "person" and a["lang"] == "en")
    assert surnames.most_common(1)[0][1] >= 2, "no two watched people share a surname"


def test_eval_lines(lines: list[dict[str, Any]], watchlist: dict[str, Any]) -> None:
    known = {e["id"] for e in watchlist["entities"]}
    texts = [row["text"] for row in lines]
    assert len(texts) == len(set(texts)), "duplicate sentences"
    for row in lines:
        assert set(row) == {"text", "lang", "entities"}, row
        assert row["text"] == row["text"].strip() and row["text"], row
        assert row["lang"] in LANGS, row
        assert isinstance(row["entities"], list), row
        assert len(row["entities"]) == len(set(row["entities"])), row
        assert set(row["entities"]) <= known, row
        if row["lang"] == "en":
            assert not ARABIC_SCRIPT.search(row["text"]), row
        else:
            assert ARABIC_SCRIPT.search(row["text"]), row


def test_eval_counts(lines: list[dict[str, Any]], watchlist: dict[str, Any]) -> None:
    per_lang = Counter(row["lang"] for row in lines)
    assert len(lines) >= 180
    assert all(per_lang[lang] >= 60 for lang in LANGS), per_lang
    for lang in LANGS:
        rows = [r for r in lines if r["lang"] == lang]
        free = sum(1 for r in rows if not r["entities"])
        assert 0.3 <= free / len(rows) <= 0.5, (lang, free, len(rows))
    for entity in watchlist["entities"]:
        langs = {r["lang"] for r in lines if entity["id"] in r["entities"]}
        assert langs == LANGS, (entity["id"], langs)


def test_readme_counts_match_the_files(lines: list[dict[str, Any]], watchlist: dict[str, Any]) -> None:
    readme = (FOLDER / "README.md").read_text("utf-8")
    m = re.search(r"(\d+) entities, (\d+) aliases", readme)
    assert m, "README lost its watchlist row"
    assert (int(m[1]), int(m[2])) == (len(watchlist["entities"]), len(_aliases(watchlist)))
    m = re.search(r"(\d+) lines: (\d+) en, (\d+) fa, (\d+) ar; (\d+) with entities, (\d+) entity-free",
                  readme)
    assert m, "README lost its eval row"
    per_lang = Counter(row["lang"] for row in lines)
    with_entities = sum(1 for row in lines if row["entities"])
    expected = (len(lines), per_lang["en"], per_lang["fa"], per_lang["ar"],
                with_entities, len(lines) - with_entities)
    assert tuple(int(g) for g in m.groups()) == expected
