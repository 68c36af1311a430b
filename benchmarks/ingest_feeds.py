"""Ingest benchmark: `newsdesk fetch --all` against a plain httpx loop and the `reader` library.

    .tools/bin/uv sync --all-groups          # once: installs reader (the `bench` group)
    .venv/bin/python benchmarks/ingest_feeds.py [--feeds 500] [--items 20] [--json]

A loopback server (benchmarks/loopback_feeds.py, in its own process so it shares no CPU or
GIL with what is measured) serves N RSS feeds of M items (~1-2 KB of content each, gzip,
ETag + Last-Modified). Each tool then makes a cold pass (everything new) and a warm pass
(every feed answers 304), each pass in its own subprocess, timed from spawn to exit (so
interpreter start and imports count, for every tool alike). Peak RSS and CPU time are
those of the run's whole process tree (sampled from /proc; newsdesk parses in worker
processes), so they are per run and nothing is hidden in grandchildren.

- newsdesk: fresh SQLite DB, sources from an OPML file (`sources import-opml`), then
  `newsdesk fetch --all` twice. All feeds are on ONE loopback host, so the per-host limits
  are lifted: NEWSDESK_FETCH_PER_HOST_DELAY=0, NEWSDESK_FETCH_PER_HOST_CONCURRENCY=64.
- httpx-loop: ThreadPoolExecutor(8) over one httpx.Client; feedparser.parse(bytes); the
  warm pass sends the ETag / Last-Modified kept from the cold pass. Parses, stores nothing.
- reader: make_reader(temp db), add_feed x N (setup, not timed), then
  update_feeds(scheduled=False, workers=8) twice.

Goal (issue): newsdesk at least as fast as reader on both passes, peak RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

SCRIPT = Path(__file__).resolve()
HERE = SCRIPT.parent
BASELINE_WORKERS = 8
RSS_GOAL_MB = 300.0


@dataclass
class Run:
    tool: str
    pass_: str  # "cold" or "warm"
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    feeds: int
    items: int  # items stored (newsdesk, reader) or parsed (httpx-loop) by this pass
    requests: dict[str, int] = field(default_factory=dict)  # the server's counters
    ok: bool = True
    note: str = ""

    @classmethod
    def of(
        cls, tool: str, pass_: str, m: Measured, feeds: int, items: int,
        requests: dict[str, int], ok: bool,
    ) -> Run:  # fmt: skip
        return cls(tool, pass_, m.seconds, m.cpu_seconds, m.peak_rss_mb, feeds, items, requests, ok)

    @property
    def feeds_per_s(self) -> float:
        return self.feeds / self.seconds

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds


# -- measuring a subprocess --------------------------------------------------------------------
@dataclass
class Measured:
    returncode: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def _tree(root: int) -> dict[int, tuple[int, float]]:
    """{pid: (RSS bytes, CPU seconds)} of `root` and every process below it, from /proc."""
    parent: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        stats[int(entry)] = fields
    members = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parent.items():
            if ppid in members and pid not in members:
                members.add(pid)
                changed = True
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in members & stats.keys():
        fields = stats[pid]
        # fields after the name: state=0, ppid=1, ... utime=11, stime=12, rss=21 (pages)
        out[pid] = (int(fields[21]) * page, (int(fields[11]) + int(fields[12])) / tick)
    return out


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> Measured:
    """Run `cmd` to completion; its wall time, and the CPU time and peak RSS of its whole
    process tree: newsdesk parses in worker processes, so the child alone would hide them.
    RSS of the tree is the sum over its processes, sampled every 20 ms (an upper bound:
    pages shared after fork count once per process)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        peak, cpu_of = 0, {}  # type: ignore[var-annotated]
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree = _tree(proc.pid)
            peak = max(peak, sum(rss for rss, _ in tree.values()))
            for member, (_rss, cpu) in tree.items():
                cpu_of[member] = cpu
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            returncode=proc.returncode,
            seconds=seconds,
            # wait4 counts the child and the descendants it reaped; the samples count every
            # process of the tree up to its last 20 ms. The larger is the better lower bound.
            cpu_seconds=max(usage.ru_utime + usage.ru_stime, sum(cpu_of.values())),
            peak_rss_mb=max(peak, usage.ru_maxrss * 1024) / (1 << 20),
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def child_env() -> dict[str, str]:
    """The environment for every child: no proxy (all traffic stays on loopback)."""
    return {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}


def checked(m: Measured, what: str) -> Measured:
    if m.returncode != 0:
        sys.exit(f"{what} failed with exit code {m.returncode}:\n{m.stdout}\n{m.stderr}")
    return m


# -- the loopback feed server ------------------------------------------------------------------
class FeedServer:
    def __init__(self, feeds: int, items: int) -> None:
        cmd = [
            sys.executable,
            str(HERE / "loopback_feeds.py"),
            f"--feeds={feeds}",
            f"--items={items}",
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=child_env())
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("PORT "):
            self.proc.kill()
            sys.exit(f"the feed server did not start: {line!r}")
        self.base = f"http://127.0.0.1:{int(line.split()[1])}"
        self.urls = [f"{self.base}/feed/{n}.xml" for n in range(feeds)]

    def take_stats(self) -> dict[str, int]:
        """The server's request counters since the last call."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{self.base}/_stats?reset=1", timeout=10) as response:
            stats: dict[str, int] = json.load(response)
        stats.pop("bytes", None)
        return stats

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# -- the three contenders ----------------------------------------------------------------------
def write_opml(urls: list[str], path: Path) -> None:
    outlines = "\n".join(
        f'    <outline type="rss" text="Bench outlet {n}" xmlUrl={quoteattr(url)}/>'
        for n, url in enumerate(urls)
    )
    head = '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
    head += "  <head><title>ingest benchmark</title></head>\n"
    path.write_text(f"{head}  <body>\n{outlines}\n  </body>\n</opml>\n", encoding="utf-8")


def newsdesk_env(work: Path, concurrency: int | None) -> dict[str, str]:
    env = {k: v for k, v in child_env().items() if not k.startswith("NEWSDESK_")}
    env.update(
        NEWSDESK_DATABASE_URL=f"sqlite:///{work / 'newsdesk.db'}",
        NEWSDESK_FETCH_ALLOW_NETWORKS="127.0.0.1/32",
        NEWSDESK_FETCH_PER_HOST_DELAY="0",
        NEWSDESK_FETCH_PER_HOST_CONCURRENCY="64",
        NEWSDESK_LOG_LEVEL="WARNING",
    )
    if concurrency is not None:
        env["NEWSDESK_FETCH_CONCURRENCY"] = str(concurrency)
    return env


def run_newsdesk(server: FeedServer, work: Path, args: argparse.Namespace) -> list[Run]:
    env = newsdesk_env(work, args.newsdesk_concurrency)

    def newsdesk(*argv: str) -> Measured:
        cmd = [sys.executable, "-m", "newsdesk", *argv]
        return checked(measure(cmd, env, work), "newsdesk " + " ".join(argv))

    write_opml(server.urls, work / "feeds.opml")
    setup = newsdesk("sources", "import-opml", str(work / "feeds.opml"))
    print(f"  imported {len(server.urls)} sources in {setup.seconds:.1f} s", file=sys.stderr)
    server.take_stats()
    runs, expected = [], len(server.urls) * args.items
    for pass_ in ("cold", "warm"):
        m = newsdesk("fetch", "--all")
        stats = server.take_stats()
        listed = newsdesk("items", "list", "--json", "--limit", str(expected + 1))
        stored = sum(1 for line in listed.stdout.splitlines() if line.strip())
        new = stored - sum(r.items for r in runs)
        note = m.stdout.strip().splitlines()[-1] if m.stdout.strip() else ""
        runs.append(Run.of("newsdesk", pass_, m, len(server.urls), new, stats, stored == expected))
        runs[-1].note = f"{note}; {stored} items in the DB"
    return runs


def run_httpx_loop(server: FeedServer, work: Path, args: argparse.Namespace) -> list[Run]:
    (work / "urls.txt").write_text("\n".join(server.urls) + "\n")
    cmd = [sys.executable, str(SCRIPT), "_httpx", str(work / "urls.txt"), str(work / "etags.json")]
    server.take_stats()
    runs = []
    for pass_ in ("cold", "warm"):
        m = checked(measure(cmd, child_env(), work), f"httpx loop ({pass_})")
        result = json.loads(m.stdout.splitlines()[-1])
        stats = server.take_stats()
        if pass_ == "cold":
            ok = result["items"] == len(server.urls) * args.items
        else:
            ok = result["not_modified"] == len(server.urls)
        ok = ok and result["errors"] == 0
        runs.append(Run.of("httpx-loop", pass_, m, len(server.urls), result["items"], stats, ok))
    return runs


def run_reader(server: FeedServer, work: Path, args: argparse.Namespace) -> list[Run]:
    (work / "urls.txt").write_text("\n".join(server.urls) + "\n")
    db = str(work / "reader.sqlite")

    def child(*argv: str) -> Measured:
        cmd = [sys.executable, str(SCRIPT), *argv]
        return checked(measure(cmd, child_env(), work), "reader " + argv[0])

    child("_reader_setup", db, str(work / "urls.txt"))
    server.take_stats()
    runs, stored_before = [], 0
    for pass_ in ("cold", "warm"):
        m = child("_reader_update", db)
        result = json.loads(m.stdout.splitlines()[-1])
        stats = server.take_stats()
        ok = result["entries"] == len(server.urls) * args.items and result["broken"] == 0
        new = result["entries"] - stored_before
        runs.append(Run.of("reader", pass_, m, len(server.urls), new, stats, ok))
        stored_before = result["entries"]
    return runs


# -- the baselines' child processes ------------------------------------------------------------
def child_httpx(urls_file: str, state_file: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import feedparser
    import httpx

    urls = Path(urls_file).read_text().split()
    state_path = Path(state_file)
    validators: dict[str, list[str | None]] = (
        json.loads(state_path.read_text()) if state_path.exists() else {}
    )

    def one(client: httpx.Client, url: str) -> tuple[str, list[str | None], int, int]:
        etag, modified = validators.get(url, [None, None])
        headers = {
            k: v for k, v in {"If-None-Match": etag, "If-Modified-Since": modified}.items() if v
        }
        response = client.get(url, headers=headers)
        if response.status_code == 304:
            return url, [etag, modified], 0, 304
        if response.status_code != 200:
            return url, [None, None], 0, response.status_code
        parsed = feedparser.parse(response.content)
        return (
            url,
            [response.headers.get("etag"), response.headers.get("last-modified")],
            len(parsed.entries),
            200,
        )

    limits = httpx.Limits(max_connections=BASELINE_WORKERS)
    with (
        httpx.Client(limits=limits, timeout=30, trust_env=False) as client,
        ThreadPoolExecutor(BASELINE_WORKERS) as pool,
    ):
        results = list(pool.map(lambda url: one(client, url), urls))
    state_path.write_text(json.dumps({url: v for url, v, _, _ in results}))
    print(json.dumps({
        "items": sum(r[2] for r in results),
        "not_modified": sum(1 for r in results if r[3] == 304),
        "errors": sum(1 for r in results if r[3] not in (200, 304)),
    }))  # fmt: skip


def _import_reader() -> Any:
    """reader 3.26 vendors a feedparser that imports `sgmllib` (from sgmllib3k), but the
    feedparser we install (6.0.14) depends on its fork `feedparser-sgmllib` instead, so
    sgmllib3k is not installed. The fork is the same module under a new name: alias it."""
    import importlib.util

    if importlib.util.find_spec("sgmllib") is None:
        import feedparser_sgmllib

        sys.modules["sgmllib"] = feedparser_sgmllib
    import reader

    return reader


def child_reader_setup(db: str, urls_file: str) -> None:
    make_reader = _import_reader().make_reader

    reader = make_reader(db)
    for url in Path(urls_file).read_text().split():
        reader.add_feed(url, exist_ok=True)
    reader.close()


def child_reader_update(db: str) -> None:
    make_reader = _import_reader().make_reader

    reader = make_reader(db)
    reader.update_feeds(scheduled=False, workers=BASELINE_WORKERS)
    print(json.dumps({
        "entries": reader.get_entry_counts().total,
        "broken": reader.get_feed_counts(broken=True).total,
    }))  # fmt: skip
    reader.close()


# -- report ------------------------------------------------------------------------------------
def speed_ratios(runs: list[Run]) -> dict[str, dict[str, float]]:
    """newsdesk's speed against each other tool per pass: their seconds / newsdesk's."""
    by = {(r.tool, r.pass_): r for r in runs}
    ratios: dict[str, dict[str, float]] = {}
    for other in ("reader", "httpx-loop"):
        for pass_ in ("cold", "warm"):
            mine, theirs = by.get(("newsdesk", pass_)), by.get((other, pass_))
            if mine and theirs:
                ratios.setdefault(other, {})[pass_] = theirs.seconds / mine.seconds
    return ratios


def environment() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    info = {"python": sys.version.split()[0], "cpus": str(os.cpu_count())}
    for package in ("newsdesk", "reader", "httpx", "feedparser"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            info[package] = "not installed"
    return info


def print_table(runs: list[Run], args: argparse.Namespace) -> None:
    print(
        f"\n{args.feeds} feeds x {args.items} items, all on ONE loopback host (127.0.0.1); "
        f"baselines use {BASELINE_WORKERS} workers; newsdesk runs with per-host delay 0 "
        "and per-host concurrency 64"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in environment().items()))
    header = ("tool", "pass", "seconds", "feeds/s", "items/s", "peak RSS MB", "CPU s")
    print(f"{header[0]:<11} {header[1]:<5}" + "".join(f"{h:>12}" for h in header[2:]), end="")
    print("  check  server saw")
    for r in runs:
        items = f"{r.items_per_s:12.0f}" if r.items else f"{'-':>12}"
        requests = " ".join(f"{k}={v}" for k, v in sorted(r.requests.items()))
        print(
            f"{r.tool:<11} {r.pass_:<5}{r.seconds:12.2f}{r.feeds_per_s:12.0f}{items}"
            f"{r.peak_rss_mb:12.0f}{r.cpu_seconds:12.2f}  {'ok' if r.ok else 'WRONG':<5}  {requests}"
        )
    for r in runs:
        if r.note:
            print(f"{r.tool} {r.pass_}: {r.note}")
    ratios = speed_ratios(runs)
    for other, per_pass in ratios.items():
        text = ", ".join(f"{p} {v:.2f}x" for p, v in per_pass.items())
        print(
            f"newsdesk speed vs {other}: {text}  (their seconds / newsdesk's; > 1: newsdesk faster)"
        )
    newsdesk = [r for r in runs if r.tool == "newsdesk"]
    if newsdesk and "reader" in ratios:
        fast = all(v >= 1.0 for v in ratios["reader"].values())
        lean = max(r.peak_rss_mb for r in newsdesk) <= RSS_GOAL_MB
        print(
            f"goal >= 1.0x reader on both passes: {'met' if fast else 'NOT MET'}; "
            f"goal peak RSS <= {RSS_GOAL_MB:.0f} MB: {'met' if lean else 'NOT MET'}"
        )


def as_json(runs: list[Run], args: argparse.Namespace) -> str:
    rows = []
    for r in runs:
        row = asdict(r)
        row["pass"] = row.pop("pass_")
        rows.append({**row, "feeds_per_s": r.feeds_per_s, "items_per_s": r.items_per_s})
    result = {
        "feeds": args.feeds,
        "items": args.items,
        "environment": environment(),
        "runs": rows,
        "newsdesk_speed_ratio": speed_ratios(runs),
    }
    return json.dumps(result, indent=1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500, help="number of feeds (500)")
    parser.add_argument("--items", type=int, default=20, help="items per feed (20)")
    parser.add_argument(
        "--tools", default=",".join(CONTENDERS), help="comma-separated subset, run in this order"
    )
    parser.add_argument(
        "--newsdesk-concurrency", type=int, help="NEWSDESK_FETCH_CONCURRENCY (default: its default)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := set(args.tools) - set(CONTENDERS):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    return args


def main() -> None:
    args = parse_args()
    work_root = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    server = FeedServer(args.feeds, args.items)
    runs: list[Run] = []
    try:
        for tool in args.tools:
            print(f"running {tool} ...", file=sys.stderr)
            (work_root / tool).mkdir()
            runs += CONTENDERS[tool](server, work_root / tool, args)
    finally:
        server.close()
        if args.keep:
            print(f"kept {work_root}", file=sys.stderr)
        else:
            shutil.rmtree(work_root, ignore_errors=True)
    if args.json:
        print(as_json(runs, args))
    else:
        print_table(runs, args)


CONTENDERS = {"newsdesk": run_newsdesk, "reader": run_reader, "httpx-loop": run_httpx_loop}
CHILDREN = {
    "_httpx": child_httpx,
    "_reader_setup": child_reader_setup,
    "_reader_update": child_reader_update,
}

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in CHILDREN:
        CHILDREN[sys.argv[1]](*sys.argv[2:])
    else:
        main()
