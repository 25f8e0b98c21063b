"""`harness serve <service> --tls [--cert PEM --key PEM] [--cert-out PEM]` for every mock, checked with Python's
ssl (a TLS stack we did not write), trusting exactly the PEM the server wrote (cafile, host 127.0.0.1 verified):
- `--tls` without `--cert`: stdout's first line is wss:// (central, eisy, stream, echo) or https:// (sse,
  eventstreamer); the handshake verifies the generated certificate for 127.0.0.1; each mock answers its stream
  request over TLS (101 for the WebSocket mocks, 200 for the HTTP ones; central's POST /token too);
- `--cert`/`--key` given (an openssl-made certificate): the server presents exactly that certificate and
  `--cert-out` writes it;
- negative control: trusting another mock's certificate, the handshake is refused (so the checks above can fail).
Usage: serve_tls.py HARNESS"""

import base64
import os
import socket
import ssl
import subprocess
import sys
import tempfile

harness = sys.argv[1]
folder = tempfile.mkdtemp(prefix="serve-tls-")
basic = "Basic " + base64.b64encode(b"admin:secret").decode()
upgrade = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n")
# service -> (scheme, request bytes, expected status)
requests = {
    "central": ("wss", f"GET /network-services/v1alpha1/audit-trail-events HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}"
                       "Authorization: Bearer tok-1\r\n\r\n", 101),
    "eisy": ("wss", f"GET /rest/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}Authorization: {basic}\r\n\r\n", 101),
    "stream": ("wss", f"GET /api/v2/connect?api_key=k HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}\r\n", 101),
    "echo": ("wss", f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}\r\n", 101),
    "sse": ("https", "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200),
    "eventstreamer": ("https", "GET /subscriptions/s1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200),
}
token_post = ("POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic +
              "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n"
              "grant_type=client_credentials")


def serve(service, *args):
    proc = subprocess.Popen([harness, "serve", service, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    url = proc.stdout.readline().strip()
    if not url:
        raise SystemExit(f"serve {service} printed no URL: {proc.stderr.read()}")
    return proc, url


def exchange(port, cafile, request):
    """TLS connect verifying 127.0.0.1 against `cafile`, send `request`, return (status, peer DER certificate)."""
    context = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            der = tls.getpeercert(binary_form=True)
            tls.sendall(request.encode())
            head = b""
            while b"\r\n" not in head:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                head += chunk
            return int(head.split(b" ", 2)[1]), der


def stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


def check(condition, message):
    if not condition:
        raise SystemExit("FAILED: " + message)
    print("  ok: " + message)


certs = {}
for service, (scheme, request, status) in requests.items():
    pem = os.path.join(folder, f"{service}.pem")
    extra = ["--token", "tok-1", "--token", "tok-2"] if service == "central" else []
    proc, url = serve(service, "--tls", "--cert-out", pem, *extra)
    try:
        check(url.startswith(f"{scheme}://127.0.0.1:"), f"{service}: first stdout line {url}")
        port = int(url.rsplit(":", 1)[1])
        got, der = exchange(port, pem, request)
        check(got == status, f"{service}: verified TLS for 127.0.0.1 with the --cert-out PEM, answered {got}")
        certs[service] = (pem, der)
        if service == "central":
            got, _ = exchange(port, pem, token_post)
            check(got == 200, "central: POST /token over TLS on the same port answered 200")
    finally:
        stop(proc)

check(len({der for _, der in certs.values()}) == len(certs), "each run generated its own certificate")

# A given certificate and key.
key, crt, out = (os.path.join(folder, name) for name in ("given.key", "given.pem", "given-out.pem"))
subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key, "-out", crt, "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
given_der = ssl.PEM_cert_to_DER_cert(open(crt).read())
for service in ("sse", "central"):
    proc, url = serve(service, "--tls", "--cert", crt, "--key", key, "--cert-out", out)
    try:
        scheme, request, status = requests[service]
        got, der = exchange(int(url.rsplit(":", 1)[1]), crt, request if service != "central" else token_post)
        check(der == given_der and got in (status, 200), f"{service}: --cert/--key served exactly the given certificate")
        check(ssl.PEM_cert_to_DER_cert(open(out).read()) == given_der, f"{service}: --cert-out wrote the given certificate")
    finally:
        stop(proc)

# Negative control: the wrong trust anchor is refused.
proc, url = serve("sse", "--tls", "--cert-out", os.path.join(folder, "fresh.pem"))
try:
    try:
        exchange(int(url.rsplit(":", 1)[1]), certs["eisy"][0], requests["sse"][1])
        raise SystemExit("FAILED: a client trusting another certificate connected")
    except ssl.SSLCertVerificationError as error:
        check(True, f"trusting another run's certificate is refused ({error.verify_message})")
finally:
    stop(proc)

# Bad options exit 64 with one line naming the option.
for args, option in ((["sse", "--cert-out", "x.pem"], "--cert-out"), (["sse", "--tls", "--cert", crt], "--cert"),
                     (["sse", "--tls", "--cert", "/nonexistent.pem", "--key", key], "--tls")):
    done = subprocess.run([harness, "serve", *args], capture_output=True, text=True, timeout=30)
    check(done.returncode == 64 and option in done.stderr and not done.stdout,
          f"serve {' '.join(args[1:])}: exit 64 naming {option}")
print("serve --tls interop: passed")
