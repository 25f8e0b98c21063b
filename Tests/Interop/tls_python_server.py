"""Interop: our client (`harness tls-check`) against a Python ssl + websockets TLS echo server whose certificate
Python's `cryptography` generated (RSA 2048, SANs 127.0.0.1 and localhost).

Checks, against a TLS stack and server we did not write:
- with the certificate as an extra root, our client verifies it for 127.0.0.1 (no SNI: IP literals cannot be
  SNI names) and for localhost (SNI "localhost"), offers ALPN http/1.1, and gets its message echoed;
- pinned by its SHA-256 fingerprint it connects; a wrong pin is `tls-pin-mismatch`;
- with the system store only it is `tls-untrusted`; a certificate for other names is `tls-hostname-mismatch`;
  an expired one is `tls-expired`.

Usage: tls_python_server.py HARNESS_BINARY
"""

import asyncio
import datetime
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import tempfile

import websockets
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def make_certificate(folder, name, hosts, days_valid=(-1, 30)):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    sans = []
    for host in hosts:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            sans.append(x509.DNSName(host))
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days_valid[0]))
        .not_valid_after(now + datetime.timedelta(days=days_valid[1]))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_encipherment=True, key_cert_sign=True, content_commitment=False,
                data_encipherment=False, key_agreement=False, crl_sign=False, encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(folder, f"{name}.pem")
    key_path = os.path.join(folder, f"{name}.key")
    with open(cert_path, "wb") as file:
        file.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as file:
        file.write(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex(":").upper()
    return cert_path, key_path, fingerprint


class Server:
    """A websockets TLS echo server on 127.0.0.1 that records each handshake's SNI name and ALPN choice."""

    def __init__(self, cert_path, key_path):
        self.handshakes = []
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert_path, key_path)
        self.context.set_alpn_protocols(["http/1.1"])
        self.context.sni_callback = self._sni
        self.sni_names = []

    def _sni(self, ssl_object, name, context):
        self.sni_names.append(name)

    async def _echo(self, socket):
        alpn = socket.transport.get_extra_info("ssl_object").selected_alpn_protocol()
        self.handshakes.append(alpn)
        async for message in socket:
            await socket.send(message)


async def run_client(harness, args):
    process = await asyncio.create_subprocess_exec(
        harness, "tls-check", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    lines = stdout.decode().splitlines()
    assert len(lines) == 1, f"tls-check printed {lines!r} (stderr {stderr.decode()!r})"
    return process.returncode, json.loads(lines[0])


async def scenario(harness, folder):
    cert, key, fingerprint = make_certificate(folder, "server", ["127.0.0.1", "localhost"])
    other_cert, other_key, other_fingerprint = make_certificate(folder, "other", ["other.example"])
    expired_cert, expired_key, _ = make_certificate(folder, "expired", ["127.0.0.1"], days_valid=(-30, -1))

    good = Server(cert, key)
    async with websockets.serve(good._echo, "127.0.0.1", 0, ssl=good.context) as server:
        port = server.sockets[0].getsockname()[1]
        url = f"wss://127.0.0.1:{port}/"
        status, line = await run_client(harness, [url, "--ca", cert, "--send", "hello from Swift"])
        assert status == 0 and line["received"] == "hello from Swift", line
        status, line = await run_client(harness, [f"wss://localhost:{port}/", "--ca", cert])
        assert status == 0, line
        # Python calls the SNI callback with None when the ClientHello carries no server name.
        assert good.sni_names == [None, "localhost"], f"SNI names seen (IP literal first): {good.sni_names}"
        status, line = await run_client(harness, [url, "--pin", fingerprint])
        assert status == 0, line
        status, line = await run_client(harness, [url, "--pin", fingerprint.replace(":", "").lower()])
        assert status == 0, line
        assert good.handshakes and all(alpn == "http/1.1" for alpn in good.handshakes), good.handshakes
        for args, code in [
            ([url], "tls-untrusted"),
            ([url, "--pin", other_fingerprint], "tls-pin-mismatch"),
            ([url, "--ca", other_cert], "tls-untrusted"),
        ]:
            status, line = await run_client(harness, args)
            assert status == 1 and line["error"]["code"] == code, (args, line)
        print(f"tls interop (python server): verified by extra root (IP and SNI localhost), ALPN http/1.1, "
              f"pin by fingerprint; untrusted and wrong pin refused with their codes")

    for cert_path, key_path, code in [(other_cert, other_key, "tls-hostname-mismatch"),
                                      (expired_cert, expired_key, "tls-expired")]:
        peer = Server(cert_path, key_path)
        async with websockets.serve(peer._echo, "127.0.0.1", 0, ssl=peer.context) as server:
            port = server.sockets[0].getsockname()[1]
            status, line = await run_client(harness, [f"wss://127.0.0.1:{port}/", "--ca", cert_path])
            assert status == 1 and line["error"]["code"] == code, (code, line)
            print(f"tls interop (python server): {line['error']['code']} as expected")


def main() -> int:
    harness = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(scenario(harness, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
