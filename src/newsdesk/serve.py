"""`newsdesk serve` and `newsdesk worker`: the web app and the fetch loop, in one process or apart."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import click
import uvicorn

from newsdesk.demo.site import DemoSite, start_demo_site
from newsdesk.enrich.watchlist import load_watchlist
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.model import SourceKind
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.web import create_app
from newsdesk.worker import Worker

log = logging.getLogger(__name__)


def run_worker(settings: Settings) -> None:
    store = open_store(settings.database_url)
    worker = Worker(store, settings)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        worker.run_forever()
    finally:
        worker.close()
        store.close()


def _start_demo(settings: Settings, store: Store) -> tuple[Settings, DemoSite]:
    try:
        site = start_demo_site(host="127.0.0.1", port=settings.demo_port)
    except OSError as exc:
        raise NewsdeskError(
            f"cannot start the demo sites on 127.0.0.1:{settings.demo_port} ({exc.strerror}); "
            "set NEWSDESK_DEMO_PORT to a free port"
        ) from None
    allow = tuple(dict.fromkeys((*settings.fetch_allow_networks, "127.0.0.1/32")))
    settings = settings.replace(fetch_allow_networks=",".join(allow), fetch_per_host_delay=0)
    ids = []
    known = {s.url: s.id for s in store.sources()}
    for outlet in site.outlets:
        if outlet.feed_url in known:
            ids.append(known[outlet.feed_url])
            continue
        try:
            source = store.add_source(outlet.feed_url, kind=SourceKind.FEED, name=outlet.name,
                                      tags=tuple(outlet.tags), interval=settings.fetch_interval,
                                      now=datetime.now(UTC), site_url=outlet.home_url)
            ids.append(source.id)
        except InputError:
            continue
    if not store.watchlist():  # a small watchlist of the demo's own places and names
        demo_list = load_watchlist(Path(__file__).parent / "demo" / "watchlist.json")
        store.replace_watchlist([e.as_data() for e in demo_list.entities], merge=False,
                                now=datetime.now(UTC))
    worker = Worker(store, settings)
    try:
        summary = worker.run_once(source_ids=ids)
    finally:
        worker.close()
    click.echo(f"demo: {len(ids)} fictional outlets on {site.base_url} "
               f"({summary.new_items} new items)", err=True)
    return settings, site


def run_server(settings: Settings, *, demo: bool = False, with_worker: bool = True) -> None:
    store = open_store(settings.database_url)
    site = None
    try:
        if demo:
            settings, site = _start_demo(settings, store)
        app = create_app(settings, store)
        worker = Worker(store, settings) if with_worker else None
        thread = None
        if worker is not None:
            thread = threading.Thread(target=worker.run_forever, name="worker", daemon=True)
            thread.start()
        config = uvicorn.Config(app, host=settings.host, port=settings.port,
                                log_level=settings.log_level.lower(), access_log=False)
        server = uvicorn.Server(config)
        click.echo(f"newsdesk is running: open http://{_display_host(settings.host)}:{settings.port}/ "
                   "(Ctrl-C to stop)", err=True)
        try:
            server.run()
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
            pass
        finally:
            if worker is not None and thread is not None:
                worker.stop()
                thread.join(timeout=30)
                worker.close()
    finally:
        if site is not None:
            site.close()
        store.close()


def _display_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
