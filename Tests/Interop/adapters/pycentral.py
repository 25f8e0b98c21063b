"""`harness verify --client` adapter for pycentral 2.0a25 `Streaming` (Central, service-profiles §1), run with its
own reconnect loop (`stream()`) against HARNESS_URL. Needs the pycentral venv (.ci/requirements/pycentral/).

Options from HARNESS_CONNECT_ARGS that pycentral can take: `--token` (access_token), `--client-id`,
`--client-secret`, `--token-url` (the 401 → OAuth refresh of §1.3), `--topic`, `--filter`, `--backoff fixed:S`
(its `reconnect_delay`; any other backoff: its default 5 s), `--max-retries N` (its `max_retries` counts attempts
in total, §1.7, so N reconnects = N + 1), `--max-events`, `--duration`. HARNESS_CA_CERT (or `--ca-cert`) becomes
REQUESTS_CA_BUNDLE for the token request; the wss side never verifies (CERT_NONE, §1.2).

pycentral has no status model (§1.7 "State model"). Inferred from its callbacks (a subclass that records, then
calls the original `_on_open/_on_error/_on_close`) and its own log lines:
- `connecting`: its log "Connecting to …"; `connected`: `on_open`;
- `lost(reason)`: `on_close` (websocket-client calls it once at the end of every attempt), the reason from the
  `on_error` before it: handshake status N → `http-N`, ping/pong timeout → `heartbeat-missed`, refused →
  `tcp-refused`, a close frame → `ws-close-N` (none: `ws-close-1006`), anything else → `tcp-reset`;
- `reconnecting` with `delay`: its log "Reconnecting in {d}s";
- `failed`: `stream()` returned without our stop: "Max retries" → `retries-exhausted`, "Token refresh failed" →
  `credentials-refresh-failed`, otherwise (a non-401 status is fatal, §1.7) `http-N` of the last attempt."""

import logging
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

contract.drop_own_folder_from_path(__file__)
out = contract.Contract()
ca = out.options.get("--ca-cert") or out.ca_cert
if ca:
    os.environ["REQUESTS_CA_BUNDLE"] = ca

import websocket  # noqa: E402
from pycentral import NewCentralBase  # noqa: E402  (not pycentral.base: §1.9)
from pycentral.streaming.streaming import Streaming  # noqa: E402

stopping = threading.Event()
state = {"reason": None, "fatal": None}


def reason_of(error):
    if isinstance(error, websocket.WebSocketBadStatusException):
        return f"http-{error.status_code}"
    if isinstance(error, websocket.WebSocketTimeoutException):
        return "heartbeat-missed"
    if isinstance(error, ConnectionRefusedError):
        return "tcp-refused"
    code = getattr(error, "status_code", None)
    if isinstance(error, websocket.WebSocketConnectionClosedException):
        return f"ws-close-{code or 1006}"   # no close frame: RFC 6455 §7.1.5's 1006, as ours reports it
    return "tcp-reset"


class Observed(Streaming):
    def _on_open(self, ws):
        out.status("connected")
        super()._on_open(ws)

    def _on_error(self, ws, error):
        if state["reason"] is None:
            state["reason"] = reason_of(error)
        super()._on_error(ws, error)

    def _on_close(self, ws, code, message):
        reason = state["reason"] or (f"ws-close-{code}" if code else "tcp-reset")
        state["reason"] = None
        if not stopping.is_set():
            out.status("lost", reason)
            state["last_lost"] = reason
        super()._on_close(ws, code, message)


class LogLines(logging.Handler):
    def emit(self, record):
        text = record.getMessage()
        if text.startswith("Connecting to "):
            out.status("connecting")
        elif match := re.match(r"Connection closed\. Reconnecting in ([0-9.]+)s", text):
            out.status("reconnecting", delay=float(match.group(1)))
        elif text.startswith("Max retries"):
            state["fatal"] = "retries-exhausted"
        elif text.startswith("Token refresh failed"):
            state["fatal"] = "credentials-refresh-failed"


base = contract.http_base(out.url)
token_info = {"base_url": base, "access_token": out.token}
for option, key in (("--client-id", "client_id"), ("--client-secret", "client_secret"), ("--token-url", "token_endpoint")):
    if option in out.options:
        token_info[key] = out.options[option]
conn = NewCentralBase(token_info={"new_central": token_info}, log_level="CRITICAL")
max_retries = int(out.options["--max-retries"]) + 1 if "--max-retries" in out.options else None
stream = Observed(conn, out.options.get("--topic", "audit-trail-events"),
                  reconnect_delay=contract.fixed_backoff(out.options, 5), max_retries=max_retries,
                  filters=out.options.get("--filter") or None)
stream.logger.handlers[:] = [LogLines()]
stream.logger.setLevel(logging.INFO)
stream.logger.propagate = False


def stop():
    stopping.set()
    stream.stop()


def on_event(message):
    if out.event(message):
        threading.Thread(target=stop, daemon=True).start()


if out.duration is not None:
    timer = threading.Timer(out.duration, stop)
    timer.daemon = True
    timer.start()
stream.stream(callback=on_event)
if not stopping.is_set():
    reason = state["fatal"] or state.get("last_lost") or "unknown"
    sys.exit(out.give_up(reason, f"pycentral stream() returned by itself ({reason})"))
sys.exit(out.finish())
