"""The watchlist end to end on SQLite and PostgreSQL: import/merge/export, tagging at ingest
through the worker, re-tagging after a change (in batches, with progress), and what the
site, the API and the CLI show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsdesk.cli import main
from newsdesk.enrich.watchlist import load_watchlist
from newsdesk.model import SourceKind
from newsdesk.pipeline import Deps, retag_batch
from newsdesk.settings import load_settings
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter
from newsdesk.web import create_app
from newsdesk.worker import Worker
from tests.servers.feeds import rss
from tests.servers.hostile import HostileServer, start_hostile_server

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MEK = {"id": "mek", "type": "organization", "canonical": "People's Mojahedin Organization of Iran",
       "aliases": [{"text": "MEK", "lang": "en", "acronym": True, "ambiguity": "veto"},
                   {"text": "Mojahedin-e Khalq", "lang": "en"},
                   {"text": "سازمان مجاهدین خلق", "lang": "fa"}],
       "context": {"positive": [], "negative": ["inhibitor"]}}
RAJAVI = {"id": "maryam-rajavi", "type": "person", "canonical": "Maryam Rajavi",
          "aliases": [{"text": "Maryam Rajavi", "lang": "en"}, {"text": "مریم رجوی", "lang": "fa"}]}
ITEMS = [
    {"title": "MEK rally in Paris", "url": "https://n.example/1", "guid": "1",
     "summary": "Supporters of the MEK (PMOI) and Maryam Rajavi gathered. Rajavi spoke."},
    {"title": "Statement", "url": "https://n.example/5", "guid": "5",
     "summary": "The MEK (PMOI) published a statement on Tuesday."},
    {"title": "Cancer drug trial", "url": "https://n.example/2", "guid": "2",
     "summary": "A MEK inhibitor slowed tumour growth in the trial."},
    {"title": "بیانیه سازمان مجاهدین خلق", "url": "https://n.example/3", "guid": "3",
     "summary": "متن بیانیه منتشر شد."},
    {"title": "Weather", "url": "https://n.example/4", "guid": "4", "summary": "Rain."},
]


@pytest.fixture
def feed() -> Iterator[HostileServer]:
    s = start_hostile_server()
    s.serve("/feed.xml", rss(ITEMS), content_type="application/rss+xml")
    yield s
    s.close()


def settings_for(store: Store) -> object:
    return load_settings(env={}, overrides={
        "database_url": store.url, "fetch_allow_networks": "127.0.0.1/32",
        "fetch_per_host_delay": 0, "parse_processes": 0})


def fetch(store: Store, url: str) -> int:
    sid = store.add_source(url, kind=SourceKind.FEED, name="News", now=NOW).id
    worker = Worker(store, settings_for(store))  # type: ignore[arg-type]
    try:
        worker.run_once(source_ids=[sid])
        assert not worker.retag_some()  # ingest tagged everything already
    finally:
        worker.close()
    return sid


def entity_titles(store: Store, entity: str) -> list[str]:
    return sorted(i.title for i in store.items(ItemFilter(entity=entity), limit=50).rows)


def test_items_are_tagged_at_ingest(store: Store, feed: HostileServer) -> None:
    report = store.replace_watchlist([e.as_data() for e in load_watchlist(
        {"entities": [MEK, RAJAVI]}).entities], merge=False, now=NOW)
    assert report["added"] == ["mek", "maryam-rajavi"]
    fetch(store, feed.url("/feed.xml"))
    assert entity_titles(store, "mek") == ["MEK rally in Paris", "Statement", "بیانیه سازمان مجاهدین خلق"]
    assert entity_titles(store, "maryam-rajavi") == ["MEK rally in Paris"]
    # "PMOI" stands next to the MEK in two items and is not an alias: suggested once per item
    assert [(s["entity_id"], s["text"], s["seen_items"]) for s in store.alias_suggestions("mek")] \
        == [("mek", "PMOI", 2)]
    rally = next(i for i in store.items(limit=10).rows if i.title == "MEK rally in Paris")
    assert rally.entities == ("maryam-rajavi", "mek")
    mentions = store.item_mentions(rally.id)
    surname = [m for m in mentions if m.layer == "surname"]
    assert {m.field for m in surname} == {"teaser", "text"} and all(m.accepted for m in surname)
    drug = next(i for i in store.items(limit=10).rows if i.title == "Cancer drug trial")
    rejected = store.item_mentions(drug.id)
    assert rejected and not rejected[0].accepted
    assert any(r.startswith("negative-context") for r in rejected[0].reasons)


def test_a_watchlist_change_retags_stored_items_in_batches(store: Store, feed: HostileServer) -> None:
    fetch(store, feed.url("/feed.xml"))  # no watchlist yet: nothing tagged
    assert entity_titles(store, "mek") == []
    settings = settings_for(store)
    store.replace_watchlist([e.as_data() for e in load_watchlist({"entities": [MEK]}).entities],
                            merge=False, now=NOW)
    version = store.watchlist_version()
    assert store.retag_progress(version) == (0, 5)
    deps = Deps.from_settings(settings, store=store)  # type: ignore[arg-type]
    try:
        assert retag_batch(store, deps, limit=3) == 3
        assert store.retag_progress(version) == (3, 5)
        assert retag_batch(store, deps, limit=3) == 2
        assert retag_batch(store, deps, limit=3) == 0
        assert len(entity_titles(store, "mek")) == 3
        # merge a second entity: only it is new, every item is re-tagged again
        report = store.replace_watchlist([load_watchlist({"entities": [RAJAVI]}).entities[0]
                                          .as_data()], merge=True, now=NOW)
        assert report["added"] == ["maryam-rajavi"]
        assert [e["id"] for e in store.watchlist()] == ["mek", "maryam-rajavi"]
        while retag_batch(store, deps):
            pass
        assert entity_titles(store, "maryam-rajavi") == ["MEK rally in Paris"]
        # replace without the organisation: its mentions go with it
        store.replace_watchlist([load_watchlist({"entities": [RAJAVI]}).entities[0].as_data()],
                                merge=False, now=NOW)
        assert entity_titles(store, "mek") == []
    finally:
        deps.close()


def test_site_api_and_cli_show_entities(store: Store, feed: HostileServer, tmp_path: Path) -> None:
    wl = tmp_path / "watchlist.json"
    wl.write_text(json.dumps({"version": 1, "entities": [MEK, RAJAVI]}), "utf-8")
    env = {"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}
    r = CliRunner().invoke(main, ["--db", store.url, "watchlist", "import", str(wl)], env=env)
    assert r.exit_code == 0, r.output
    assert "added 2: mek, maryam-rajavi" in r.output
    fetch(store, feed.url("/feed.xml"))
    r = CliRunner().invoke(main, ["--db", store.url, "items", "list", "--entity", "mek", "--json"])
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert sorted(row["title"] for row in rows) == ["MEK rally in Paris", "Statement",
                                                    "بیانیه سازمان مجاهدین خلق"]
    assert all("mek" in row["entities"] for row in rows)
    r = CliRunner().invoke(main, ["--db", store.url, "watchlist", "export"])
    assert json.loads(r.output)["entities"][0]["id"] == "mek"
    r = CliRunner().invoke(main, ["--db", store.url, "watchlist", "list"])
    assert "mek" in r.output and "3 items" in r.output
    r = CliRunner().invoke(main, ["--db", store.url, "watchlist", "suggest", "mek"])
    assert "PMOI" in r.output
    settings = load_settings(env={}, overrides={"database_url": store.url})
    with TestClient(create_app(settings, store)) as client:
        api = client.get("/api/v1/items", params={"entity": "maryam-rajavi"}).json()
        assert [i["title"] for i in api["items"]] == ["MEK rally in Paris"]
        assert api["items"][0]["entities"] == ["maryam-rajavi", "mek"]
        assert client.get("/api/v1/items", params={"entity": "bad id!"}).status_code == 422
        page = client.get("/entities/mek").text
        assert "People&#39;s Mojahedin Organization of Iran" in page
        assert "<mark>MEK</mark>" in page and "<mark>سازمان مجاهدین خلق</mark>" in page
        assert "Mentioned with" in page and "Maryam Rajavi" in page
        assert "Also called?" in page and "PMOI" in page
        home = client.get("/", params={"entity": "mek"}).text
        assert "News mentioning" in home and "Weather" not in home
        item_id = api["items"][0]["id"]
        item = client.get(f"/items/{item_id}").text
        assert "/entities/maryam-rajavi" in item and "<mark>Rajavi</mark>" in item
        assert client.get("/entities/nobody").status_code == 404
        assert "Watched" in client.get("/entities").text


def test_bad_watchlist_file_is_refused_with_a_clear_message(store: Store, tmp_path: Path) -> None:
    wl = tmp_path / "w.json"
    wl.write_text(json.dumps({"entities": [{"id": "x", "type": "org", "canonical": "Example Group",
                                            "aliases": [{"text": "AB"}]}]}))
    r = CliRunner().invoke(main, ["--db", store.url, "watchlist", "import", str(wl)])
    assert r.exit_code != 0
    assert "entity 'x'" in r.output and "fewer than 3" in r.output
    assert store.watchlist() == []
