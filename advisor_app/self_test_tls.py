"""The self-test's TLS check: the CA stores load and a certificate chain really verifies.

There is no internet on a build machine, so the check starts a local HTTPS server with a throw-away
certificate authority and server certificate made on the spot, then asks `requests` (the app's REST
client) to fetch from it twice: trusting that CA (must succeed: the chain verifies) and with the
default trust store, certifi's (must fail: verification is really on). The keys live in memory and a
temporary folder that is removed at once.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ANSWER = b"advisor-app self-test"
LOOPBACK = "127.0.0.1"


class TlsVerificationError(Exception):
    """TLS verification does not work as the app needs it."""


def check_tls() -> str:
    """Runs the check; returns what it found or raises `TlsVerificationError`."""
    import certifi
    import requests

    bundle = Path(certifi.where())
    if not bundle.is_file():
        raise TlsVerificationError(f"certifi's CA bundle is missing ({bundle})")
    certifi_cas = ssl.create_default_context(cafile=str(bundle)).cert_store_stats()["x509_ca"]
    system_cas = ssl.create_default_context().cert_store_stats()["x509_ca"]
    with tempfile.TemporaryDirectory(prefix="advisor-selftest-") as folder:
        ca_file, cert_file, key_file = _write_throwaway_chain(Path(folder))
        with _https_server(cert_file, key_file) as url:
            response = requests.get(url, verify=str(ca_file), timeout=5)
            if response.content != ANSWER:
                raise TlsVerificationError("the local TLS server answered something else")
            try:
                requests.get(url, timeout=5)
            except requests.exceptions.SSLError:
                pass
            else:
                raise TlsVerificationError("a certificate from an unknown CA was accepted")
    return (
        f"{ssl.OPENSSL_VERSION}; certifi {certifi_cas} CAs, system store {system_cas} CAs; "
        "a local chain verified and an unknown CA was refused"
    )


@contextmanager
def _https_server(cert_file: Path, key_file: Path) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(ANSWER)))
            self.end_headers()
            self.wfile.write(ANSWER)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the self-test prints its own summary."""

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name="selftest-tls", daemon=True)
    thread.start()
    try:
        yield f"https://{LOOPBACK}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _write_throwaway_chain(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1 signed by it, valid for one hour."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "advisor-app self-test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOOPBACK)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca_cert.public_bytes(pem))
    cert_file.write_bytes(cert.public_bytes(pem))
    key_file.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file
