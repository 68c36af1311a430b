from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import ConfigError
from newsdesk.settings import REGISTRY, Settings, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(env={}, cwd=tmp_path)
    assert s.database_url == "sqlite:///newsdesk.db"
    assert s.fetch_allow_networks == ()
    assert s.teaser_words == 55 and s.fetch_interval == 1800 and s.fetch_interval_min == 300


def test_precedence_file_env_flags(tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text('[newsdesk]\nport = 9000\nteaser_words = 30\nsite_title = "File"\n')
    env = {"NEWSDESK_PORT": "9100", "NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32, 10.0.0.0/8"}
    s = load_settings(env=env, overrides={"port": "9200"}, cwd=tmp_path)
    assert s.port == 9200  # flag beats env beats file
    assert s.teaser_words == 30 and s.site_title == "File"
    assert s.fetch_allow_networks == ("127.0.0.1/32", "10.0.0.0/8")


@pytest.mark.parametrize(("env", "message"), [
    ({"NEWSDESK_PORT": "eighty"}, "NEWSDESK_PORT"),
    ({"NEWSDESK_FETCH_ALLOW_NETWORKS": "not-a-cidr"}, "fetch_allow_networks"),
    ({"NEWSDESK_FETCH_INTERVAL": "60"}, "at least 300"),
])
def test_bad_values_name_the_setting(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env, cwd=tmp_path)


def test_unknown_key_in_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text("prot = 1\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(env={}, cwd=tmp_path)


def test_secrets_hidden() -> None:
    s = load_settings(env={"NEWSDESK_DATABASE_URL": "postgresql://u:hunter2@db/news"}, cwd=Path("/"))
    shown = dict(s.public_items())
    assert "hunter2" not in shown["database_url"] and "***" in shown["database_url"]


def test_registry_matches_settings_class() -> None:
    assert [s.name for s in REGISTRY] == list(Settings.__dataclass_fields__)
    assert all(s.help for s in REGISTRY)


def test_docs_settings_md_is_current() -> None:
    assert (ROOT / "docs" / "settings.md").read_text() == settings_markdown(), (
        "docs/settings.md is stale: run `newsdesk config --markdown > docs/settings.md`"
    )
