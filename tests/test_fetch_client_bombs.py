"""Decompression bombs (safety.md N12, N13) under a hard memory limit.

The fetch runs in a subprocess with RLIMIT_AS = 512 MiB, so a regression (a decoder
without a bound) fails the test with a MemoryError instead of taking the machine down.
Each bomb is ≤ 2 MB on the wire and decodes to 1 GiB.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from tests.servers.hostile import HostileServer, brotli_bomb, encoded, gzip_bomb

pytest_plugins = ["tests.servers.fixtures"]  # the hostile_server fixture

GIB = 1 << 30
CAP = 16 << 20
ROOT = Path(__file__).resolve().parent.parent

# Runs in the child: only 127.0.0.1 may be connected to (like the conftest guard).
CHILD = """
import json, resource, sys, time

def guard(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple) and args[1][0] != "127.0.0.1":
        raise RuntimeError(f"connect to {args[1]!r}")
sys.addaudithook(guard)
limit = 512 << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

from newsdesk.fetch import FetchConfig, SafeClient

client = SafeClient(FetchConfig(allow_networks=("127.0.0.1/32",), deadline=30, max_bytes=int(sys.argv[2])))
started = time.monotonic()
outcome = client.get(sys.argv[1])
print(json.dumps({
    "code": getattr(outcome, "code", "ok"),
    "bytes_read": getattr(outcome, "bytes_read", None),
    "seconds": time.monotonic() - started,
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent
    "max_rss_mib": next(int(line.split()[1]) for line in open("/proc/self/status")
                        if line.startswith("VmHWM:")) / 1024,
}))
"""


def fetch_in_limited_child(url: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(CAP)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("encoding", "make"), [("gzip", gzip_bomb), ("br", brotli_bomb)], ids=["gzip", "brotli"]
)
def test_decompression_bomb_stops_at_the_decoded_cap(
    hostile_server: HostileServer, encoding: str, make: object
) -> None:
    bomb = make(GIB)  # type: ignore[operator]
    assert len(bomb) <= 2_000_000
    url = hostile_server.route("/bomb", encoded(bomb, encoding))

    result = fetch_in_limited_child(url)

    assert result["code"] == "response_too_large"
    assert CAP < int(result["bytes_read"]) <= CAP + (64 << 10)  # type: ignore[call-overload]
    assert float(result["seconds"]) < 10  # type: ignore[arg-type]
    # the body kept so far (≤ cap) plus the interpreter; far from the 1 GiB a bomb decodes to
    assert float(result["max_rss_mib"]) < CAP / (1 << 20) + 96  # type: ignore[arg-type]


def test_bombs_are_valid_streams_of_the_declared_size() -> None:
    # the construction does not depend on the size, so a small one proves the big one
    small = 8 << 20
    assert gzip.decompress(gzip_bomb(small)) == bytes(small)
    assert brotli.decompress(brotli_bomb(small)) == bytes(small)
