"""The `newsdesk` command against real databases and a loopback site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsdesk.cli import main
from newsdesk.clidoc import cli_markdown
from tests.servers.feeds import entries, rss
from tests.servers.hostile import HostileServer, start_hostile_server

ROOT = Path(__file__).resolve().parent.parent
ENV = {"NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDESK_FETCH_PER_HOST_DELAY": "0"}


@pytest.fixture
def site() -> Iterator[HostileServer]:
    s = start_hostile_server()
    s.serve("/feed.xml", rss(entries(12), title="Loopback News"), etag='"v1"')
    s.serve("/", (
        b'<!doctype html><html><head><title>Loopback News</title>'
        b'<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">'
        b"</head><body><h1>News</h1></body></html>"
    ), "text/html; charset=utf-8")
    yield s
    s.close()


def cli(db: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], env=ENV, input=input)


def test_add_discovers_feed_fetch_and_list(database_url: str, site: HostileServer) -> None:
    r = cli(database_url, "sources", "add", site.url("/"), "--tag", "loop")
    assert r.exit_code == 0, r.output
    source_id = int(r.stdout.strip().splitlines()[-1])
    assert "found the feed" in r.stderr
    r = cli(database_url, "fetch")
    assert r.exit_code == 0 and "12 new items" in r.output, r.output
    [row] = [json.loads(line) for line in cli(database_url, "sources", "list", "--json").stdout.splitlines()]
    assert row["id"] == source_id and row["url"] == site.url("/feed.xml")
    assert set(row) >= {"id", "url", "kind", "name", "status", "last_error", "last_fetched_at",
                        "next_check_at", "item_count"}
    assert (row["kind"], row["name"], row["status"], row["item_count"]) == ("feed", "Loopback News", "active", 12)
    lines = cli(database_url, "items", "list", "--json", "--limit", "5").stdout.splitlines()
    first = json.loads(lines[0])
    assert len(lines) == 5
    assert set(first) == {"id", "url", "title", "teaser", "published_at", "source_id", "language",
                          "entities"}
    assert first["title"] == "Story 0" and first["teaser"].endswith("…")
    # a second `fetch` finds nothing due; `fetch --all` asks again and gets a 304
    assert "fetched 0 sources" in cli(database_url, "fetch").output
    assert "0 new items" in cli(database_url, "fetch", "--all").output
    assert site.requests_for("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'


def test_opml_round_trip(database_url: str, tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="World"><outline text="A" type="rss" xmlUrl="https://a.example/feed"/>'
        '<outline text="B" type="rss" xmlUrl="https://b.example/rss?utm_source=x"/></outline>'
        '<outline text="C" type="rss" xmlUrl="javascript:alert(1)"/></body></opml>'
    )
    r = cli(database_url, "sources", "import-opml", str(opml))
    assert r.exit_code == 0 and "imported 2 sources, skipped 1" in r.stdout, r.output
    again = cli(database_url, "sources", "import-opml", str(opml))
    assert "imported 0 sources, skipped 3" in again.stdout
    out = cli(database_url, "sources", "export-opml").stdout
    assert 'xmlUrl="https://b.example/rss"' in out and "World" in out


def test_remove_and_errors_are_one_line(database_url: str) -> None:
    r = cli(database_url, "sources", "add", "https://x.example/feed", "--kind", "feed")
    sid = r.stdout.strip()
    assert cli(database_url, "sources", "remove", sid).exit_code == 0
    r = cli(database_url, "sources", "remove", sid)
    assert r.exit_code == 1 and r.stderr.strip() == f"Error: no source {sid}"
    r = cli(database_url, "sources", "add", "ftp://x.example/")
    assert r.exit_code == 1 and "not an http(s) URL" in r.stderr and len(r.stderr.splitlines()) == 1


def test_config_hides_secrets(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["--db", "postgresql://u:hunter2@db.example/news", "config"])
    assert r.exit_code == 0 and "hunter2" not in r.stdout and "database_url = postgresql://u:***@" in r.stdout


def test_bad_setting_is_one_line(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["config"], env={"NEWSDESK_PORT": "eighty"})
    assert r.exit_code == 1 and "NEWSDESK_PORT" in r.stderr


def test_docs_cli_md_is_current() -> None:
    import difflib

    written, current = (ROOT / "docs" / "cli.md").read_text(), cli_markdown()
    diff = "".join(difflib.unified_diff(written.splitlines(True), current.splitlines(True)))
    assert not diff, "docs/cli.md is stale: run `python -m newsdesk.clidoc > docs/cli.md`\n" + diff
