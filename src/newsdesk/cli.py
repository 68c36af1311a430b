"""The `newsdesk` command: thin over the same functions the web app and the worker use.

Errors are one line on stderr and a non-zero exit; `--db URL` works on every command.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.model import FetchRecord, Item, Source, SourceKind
from newsdesk.settings import Settings, load_settings, settings_markdown
from newsdesk.store import Store, open_store
from newsdesk.store.items import ItemFilter

log = logging.getLogger("newsdesk")


def _now() -> datetime:
    return datetime.now(UTC)


class _Group(click.Group):
    """Turns newsdesk's own errors into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsdeskError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", metavar="URL", help="Database URL (overrides NEWSDESK_DATABASE_URL).")
@click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Settings file (default: ./newsdesk.toml if present).")
@click.option("--log-level", metavar="LEVEL", help="DEBUG, INFO, WARNING or ERROR.")
@click.version_option(package_name="newsdesk")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, config_file: str | None,
         log_level: str | None) -> None:
    """newsdesk: watch every outlet that covers your subject, and publish it."""
    try:
        settings = load_settings(
            overrides={"database_url": database_url, "log_level": log_level},
            config_file=config_file,
        )
    except NewsdeskError as exc:
        raise click.ClickException(str(exc)) from None
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log_level.upper() != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
    ctx.obj = settings


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.obj = ctx.obj.replace(database_url=value)


def db_option(f: Any) -> Any:
    """`--db URL` after the command name too (`newsdesk fetch --db URL`)."""
    return click.option("--db", metavar="URL", expose_value=False, callback=_set_db,
                        help="Database URL (overrides NEWSDESK_DATABASE_URL).")(f)


@contextmanager
def _store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings.database_url)
    try:
        yield store
    finally:
        store.close()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def source_json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id, "url": s.url, "kind": s.kind.value, "name": s.name, "status": s.status.value,
        "tags": list(s.tags), "last_error": s.last_error, "last_fetched_at": _iso(s.last_fetched_at),
        "next_check_at": _iso(s.next_check_at), "item_count": s.item_count,
    }


def item_json(i: Item) -> dict[str, Any]:
    return {
        "id": i.id, "url": i.url, "title": i.title, "teaser": i.teaser,
        "published_at": _iso(i.published_at), "source_id": i.source_id, "language": i.language,
        "entities": list(i.entities),
    }


# -- sources ----------------------------------------------------------------------------------
@main.group()
def sources() -> None:
    """Add, list, remove, import and export the sources newsdesk watches."""


@sources.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(["auto", *[k.value for k in SourceKind]]), default="auto",
              show_default=True, help="What the URL is; auto looks at it (and finds a site's feed).")
@click.option("--name", help="Display name (default: the feed's title or the host).")
@click.option("--tag", "tags", multiple=True, help="A tag (folder); repeat for several.")
@db_option
@click.pass_obj
def sources_add(settings: Settings, url: str, kind: str, name: str | None, tags: tuple[str, ...]) -> None:
    """Watch URL; prints the new source's id."""
    from newsdesk.sources.discovery import resolve_source

    guess = resolve_source(url, kind, settings)
    with _store(settings) as store:
        source = store.add_source(
            guess.url, kind=guess.kind, name=name or guess.name, tags=tags,
            interval=settings.fetch_interval, now=_now(), site_url=guess.site_url,
        )
    if guess.note:
        click.echo(guess.note, err=True)
    click.echo(source.id)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one source per line.")
@click.option("--tag", help="Only sources with this tag.")
@db_option
@click.pass_obj
def sources_list(settings: Settings, as_json: bool, tag: str | None) -> None:
    """List sources with their status and last error."""
    with _store(settings) as store:
        rows = store.sources(tag)
    for s in rows:
        if as_json:
            click.echo(json.dumps(source_json(s), ensure_ascii=False))
        else:
            err = f"  ! {s.last_error}" if s.last_error else ""
            click.echo(f"{s.id:>5}  {s.kind.value:<8} {s.status.value:<7} {s.item_count:>6}  {s.name}  <{s.url}>{err}")


@sources.command("remove")
@click.argument("source_id", type=int)
@db_option
@click.pass_obj
def sources_remove(settings: Settings, source_id: int) -> None:
    """Stop watching a source and delete its items."""
    with _store(settings) as store:
        store.remove_source(source_id)
    click.echo(f"removed source {source_id}")


@sources.command("import-opml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_obj
def sources_import_opml(settings: Settings, file: Path) -> None:
    """Add every feed of an OPML file; its folders become tags."""
    from newsdesk.model import ParseFailed
    from newsdesk.normalize.urls import canonicalize_url
    from newsdesk.sources.opml import parse_opml

    outlines = parse_opml(file.read_bytes())
    if isinstance(outlines, ParseFailed):
        raise InputError(f"{file}: {outlines.message}")
    added = skipped = 0
    with _store(settings) as store:
        for o in outlines:
            url = canonicalize_url(o.url)
            if url is None:
                click.echo(f"skipped {o.url!r}: not an http(s) URL", err=True)
                skipped += 1
                continue
            try:
                store.add_source(url, kind=SourceKind.FEED, name=o.title or url, tags=o.tags,
                                 interval=settings.fetch_interval, now=_now(), site_url=o.site_url)
                added += 1
            except InputError as exc:
                click.echo(f"skipped: {exc}", err=True)
                skipped += 1
    click.echo(f"imported {added} sources, skipped {skipped}")


@sources.command("export-opml")
@db_option
@click.pass_obj
def sources_export_opml(settings: Settings) -> None:
    """Write every source as OPML 2.0 to standard output."""
    from newsdesk.sources.opml import OpmlOutline, write_opml

    with _store(settings) as store:
        rows = store.sources()
    entries = [OpmlOutline(url=s.url, title=s.name, site_url=s.site_url, tags=s.tags) for s in rows]
    sys.stdout.buffer.write(write_opml(entries))


def _read_page(settings: Settings, url: str | None, file: Path | None,
               base_url: str | None) -> tuple[bytes, str, str | None, str | None]:
    """(body, page URL, media type, charset) of `url` fetched safely, or of `file`."""
    from newsdesk.fetch.client import FetchConfig, SafeClient
    from newsdesk.model import Fetched

    if file is not None:
        page_url = base_url or url
        if not page_url:
            raise InputError("--file needs --url/--base-url (the URL the page was served from)")
        return file.read_bytes(), page_url, None, None
    if url:
        with SafeClient(FetchConfig.from_settings(settings)) as client:
            fetched = client.get(url)
        if not isinstance(fetched, Fetched):
            raise InputError(f"cannot read {url}: {getattr(fetched, 'message', 'not modified')}")
        return fetched.body, fetched.url, fetched.content_type, fetched.charset
    raise InputError("give a URL, or --file FILE with the URL it was served from")


@main.command()
@click.argument("url", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the page from FILE instead of fetching URL.")
@click.option("--base-url", help="With --file: the URL the page was served from.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@click.pass_obj
def probe(settings: Settings, url: str | None, file: Path | None, base_url: str | None,
          as_json: bool) -> None:
    """Say what a page is (feed, sitemap, listing, article, other) and what newsdesk would take."""
    from newsdesk.sources.probe import probe as probe_page

    if file is not None and not base_url:
        raise InputError("--file needs --base-url (the URL the page was served from)")
    body, page_url, content_type, charset = _read_page(settings, url, file, base_url)
    result = probe_page(body, url=page_url, content_type=content_type, charset=charset, now=_now())
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
        return
    click.echo(f"{result.kind}: {len(result.items)} items" + (f" ({result.note})" if result.note else ""))
    for feed in result.feeds:
        click.echo(f"  links the feed {feed}")
    for item in result.items[:50]:
        click.echo(f"  {item.title or '(no title)'} <{item.url}>")


@main.command()
@click.argument("url_arg", metavar="[URL]", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the page from FILE instead of fetching URL.")
@click.option("--url", "url_opt", help="With --file: the URL the page was served from.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
@click.pass_obj
def extract(settings: Settings, url_arg: str | None, file: Path | None, url_opt: str | None,
            as_json: bool) -> None:
    """Extract an article page's text and metadata (title, author, dates, language...).

    A page that is not an article says why (too_short, paywall, not_html...) and exits 1."""
    from newsdesk.extract.article import extract_article
    from newsdesk.model import Rejected

    body, page_url, content_type, charset = _read_page(settings, url_arg or url_opt, file,
                                                       url_opt or url_arg)
    found = extract_article(body, url=page_url, now=_now(), content_type=content_type,
                            charset=charset, languages=settings.languages,
                            min_chars=settings.extract_min_chars)
    if isinstance(found, Rejected):
        if as_json:
            click.echo(json.dumps({"url": found.url, "rejected": found.reason,
                                   "message": found.message, "title": found.title},
                                  ensure_ascii=False))
        else:
            click.echo(f"rejected ({found.reason}): {found.message}", err=True)
        raise SystemExit(1)
    data = {
        "url": found.url, "title": found.title, "author": found.author,
        "published_at": found.published_at.isoformat() if found.published_at else None,
        "updated_at": found.updated_at.isoformat() if found.updated_at else None,
        "language": found.language, "canonical_url": found.canonical_url,
        "lead_image": found.lead_image, "site_name": found.site_name,
        "description": found.description, "method": found.method,
        "published_from": found.published_from, "language_from": found.language_from,
        "text": found.text,
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        if key != "text" and value:
            click.echo(f"{key}: {value}")
    click.echo("")
    click.echo(found.text)


# -- fetching ---------------------------------------------------------------------------------
@main.command()
@click.option("--all", "all_sources", is_flag=True, help="Every source, whatever its schedule.")
@click.option("--source", "source_ids", type=int, multiple=True, help="Only this source; repeatable.")
@db_option
@click.pass_obj
def fetch(settings: Settings, all_sources: bool, source_ids: tuple[int, ...]) -> None:
    """Fetch every due source once, then exit."""
    from newsdesk.worker import Worker

    with _store(settings) as store:
        worker = Worker(store, settings)
        try:
            total = len(source_ids) if source_ids else (len(store.source_ids()) if all_sources else None)
            with _progress(total) as tick:
                summary = worker.run_once(all_sources=all_sources,
                                          source_ids=list(source_ids) or None, progress=tick)
        finally:
            worker.close()
    click.echo(f"fetched {summary.sources} sources: {summary.new_items} new items, "
               f"{summary.updated_items} updated, {summary.failed} failed")
    for line in summary.errors[:20]:
        click.echo(f"  {line}", err=True)


@contextmanager
def _progress(total: int | None) -> Iterator[Any]:
    if not sys.stderr.isatty() or not total:
        yield None
        return
    with click.progressbar(length=total, label="fetching", file=sys.stderr) as bar:
        def tick(_source: Source, _record: FetchRecord) -> None:
            bar.update(1)
        yield tick


@main.command()
@db_option
@click.pass_obj
def worker(settings: Settings) -> None:
    """Fetch sources as they fall due, until stopped (Ctrl-C or SIGTERM)."""
    from newsdesk.serve import run_worker

    run_worker(settings)


@main.command()
@click.option("--host", help="Address to listen on (default: the `host` setting).")
@click.option("--port", type=int, help="Port to listen on (default: the `port` setting).")
@click.option("--demo", is_flag=True, help="Also serve bundled fictional news sites on loopback and watch them.")
@click.option("--no-worker", is_flag=True, help="Serve the site only; fetch in separate `newsdesk worker` processes.")
@db_option
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None, demo: bool, no_worker: bool) -> None:
    """Run the web site and a worker in one process."""
    from newsdesk.serve import run_server

    settings = settings.replace(**{k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    run_server(settings, demo=demo, with_worker=not no_worker)


@main.command()
@db_option
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Create or upgrade the database schema."""
    from newsdesk.store.store import Store as _Store

    store = _Store(settings.database_url)
    try:
        before, after = store.migrate()
    finally:
        store.close()
    click.echo(f"database at {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@main.command()
@click.option("--markdown", is_flag=True, help="Print docs/settings.md instead.")
@db_option
@click.pass_obj
def config(settings: Settings, markdown: bool) -> None:
    """Print the effective settings (secrets hidden)."""
    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    for name, value in settings.public_items():
        click.echo(f"{name} = {value}")


# -- items ------------------------------------------------------------------------------------
@main.group()
def items() -> None:
    """Look at stored items."""


@items.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one item per line.")
@click.option("--source", "source_id", type=int, help="Only items of this source.")
@click.option("--entity", "entity_id", help="Only items that mention this watched entity.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=20, show_default=True)
@db_option
@click.pass_obj
def items_list(settings: Settings, as_json: bool, source_id: int | None, entity_id: str | None,
               limit: int) -> None:
    """Newest items first."""
    remaining, cursor = limit, None
    f = ItemFilter(source_id=source_id, entity=entity_id)
    with _store(settings) as store:
        while remaining > 0:
            page = store.items(f, limit=min(remaining, 1000), cursor=cursor)
            for item in page.rows:
                if as_json:
                    click.echo(json.dumps(item_json(item), ensure_ascii=False))
                else:
                    when = item.published_at.strftime("%Y-%m-%d %H:%M") if item.published_at else "—"
                    click.echo(f"{item.id:>7}  {when}  [{item.source_id}] {item.title}")
            remaining -= len(page.rows)
            cursor = page.next_cursor
            if cursor is None:
                break


# -- the watchlist ----------------------------------------------------------------------------
@main.group()
def watchlist() -> None:
    """The watched entities and their aliases (JSON or YAML files)."""


@watchlist.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--merge", is_flag=True,
              help="Add and update the file's entities, keep the others (default: replace all).")
@db_option
@click.pass_obj
def watchlist_import(settings: Settings, file: Path, merge: bool) -> None:
    """Load a watchlist file; stored items are re-tagged in the background by the worker
    (or now, with `watchlist retag`)."""
    from newsdesk.enrich.watchlist import load_watchlist

    loaded = load_watchlist(file)
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)
    with _store(settings) as store:
        report = store.replace_watchlist([e.as_data() for e in loaded.entities], merge=merge,
                                         now=_now())
        done, total = store.retag_progress(store.watchlist_version())
    for what in ("added", "changed", "removed", "unchanged"):
        if report[what]:
            click.echo(f"{what} {len(report[what])}: {', '.join(report[what])}")
    if total - done:
        click.echo(f"{total - done} of {total} items to re-tag: the worker does it in the "
                   "background (`newsdesk watchlist retag` does it now)")


@watchlist.command("export")
@click.option("--yaml", "as_yaml", is_flag=True, help="YAML instead of JSON.")
@db_option
@click.pass_obj
def watchlist_export(settings: Settings, as_yaml: bool) -> None:
    """Print the stored watchlist in the file format `watchlist import` reads."""
    with _store(settings) as store:
        data = {"version": 1, "entities": store.watchlist()}
    if as_yaml:
        import yaml

        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))


@watchlist.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one entity per line.")
@db_option
@click.pass_obj
def watchlist_list(settings: Settings, as_json: bool) -> None:
    """The watched entities, their aliases and how many items mention each."""
    with _store(settings) as store:
        data = store.watchlist()
        counts = store.entity_counts()
        version = store.watchlist_version()
        done, total = store.retag_progress(version)
    for e in data:
        if as_json:
            click.echo(json.dumps({**e, "items": counts.get(e["id"], 0)}, ensure_ascii=False))
        else:
            aliases = ", ".join(a["text"] for a in e.get("aliases", []))
            click.echo(f"{e['id']:<24} {e['type']:<12} {counts.get(e['id'], 0):>6} items  {aliases}")
    if not as_json and total - done:
        click.echo(f"re-tagging: {done} of {total} items done")


@watchlist.command("suggest")
@click.argument("entity_id", required=False)
@click.option("--min-items", type=click.IntRange(1), default=2, show_default=True,
              help="Only names seen next to the entity in at least this many items.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
@db_option
@click.pass_obj
def watchlist_suggest(settings: Settings, entity_id: str | None, min_items: int,
                      as_json: bool) -> None:
    """Names (acronyms, capitalised names) often seen next to a watched entity that are
    not its aliases: candidates to add to the watchlist."""
    with _store(settings) as store:
        rows = store.alias_suggestions(entity_id, limit=100, min_items=min_items)
    for row in rows:
        if as_json:
            click.echo(json.dumps({"entity": row["entity_id"], "text": row["text"],
                                   "items": row["seen_items"]}, ensure_ascii=False))
        else:
            click.echo(f"{row['entity_id']:<24} {row['seen_items']:>5} items  {row['text']}")


@watchlist.command("retag")
@db_option
@click.pass_obj
def watchlist_retag(settings: Settings) -> None:
    """Re-tag every stored item with the current watchlist now, with progress."""
    from newsdesk.pipeline import Deps, retag_batch

    with _store(settings) as store:
        deps = Deps.from_settings(settings, store=store)
        try:
            version = store.watchlist_version()
            while retag_batch(store, deps, 500):
                done, total = store.retag_progress(version)
                click.echo(f"re-tagged {done} of {total} items", err=True)
            done, total = store.retag_progress(version)
        finally:
            deps.close()
    click.echo(f"{done} of {total} items tagged with watchlist version {version}")


@main.command()
@click.option("--watchlist", "watchlist_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The watchlist file (JSON or YAML).")
@click.pass_obj
def tag(settings: Settings, watchlist_file: Path) -> None:
    """Tag texts: JSON Lines {"text", "lang"?} on stdin, one JSON line per input on stdout
    with "entities" and "mentions" (accepted ones; offsets into the text)."""
    from newsdesk.enrich.matcher import Matcher
    from newsdesk.enrich.watchlist import load_watchlist

    matcher = Matcher(load_watchlist(watchlist_file))
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            text, lang = data["text"], data.get("lang")
            if not isinstance(text, str):
                raise TypeError("text must be a string")
        except (ValueError, KeyError, TypeError) as exc:
            click.echo(json.dumps({"line": number, "error": f"not a {{\"text\"}} object: {exc}"}))
            continue
        found = [m for m in matcher.find(text, lang) if m.accepted]
        click.echo(json.dumps({
            "entities": list(dict.fromkeys(m.entity for m in found)),
            "mentions": [{"entity": m.entity, "start": m.start, "end": m.end,
                          "surface": m.surface, "layer": m.layer, "score": m.score}
                         for m in found],
        }, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
