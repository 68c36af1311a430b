"""Throw-away TLS certificates for loopback tests, made with the `openssl` command.

A CA and a leaf for `public.test` (the name the fake resolver maps to 127.0.0.1), plus a
self-signed leaf nobody trusts.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TlsCerts:
    ca: Path  # PEM, the trust anchor to give the client
    cert: Path  # leaf for public.test, signed by ca
    key: Path
    self_signed_cert: Path  # for public.test too, but signed by nobody we trust
    self_signed_key: Path

    def server_context(self, trusted: bool = True) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if trusted:
            context.load_cert_chain(self.cert, self.key)
        else:
            context.load_cert_chain(self.self_signed_cert, self.self_signed_key)
        return context


def openssl_available() -> bool:
    return shutil.which("openssl") is not None


def _run(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def make_tls_certs(directory: Path, host: str = "public.test") -> TlsCerts:
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
         "-subj", "/CN=newsdesk test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    _run("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", f"/CN={host}", cwd=directory)
    (directory / "leaf.ext").write_text(
        f"subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    _run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext", cwd=directory)
    _run("req", "-x509", *ec, "-keyout", "self.key", "-out", "self.pem", "-days", "2",
         "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host}", cwd=directory)
    return TlsCerts(directory / "ca.pem", directory / "leaf.pem", directory / "leaf.key",
                     directory / "self.pem", directory / "self.key")
