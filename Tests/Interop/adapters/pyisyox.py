"""`harness verify --client` adapter for pyisyox 6.0.1 `WebSocketEventStream` (eisy, service-profiles §2), run
unmodified with its own reconnect loop and status model against HARNESS_URL.

Options from HARNESS_CONNECT_ARGS: `--user`/`--password` (LocalAuth, Basic), `--path`, `--max-events`,
`--duration`, `--show-heartbeats`. pyisyox's backoff schedule (1, 2, 5, 10, 30, 60 s, §2.6) is a module constant,
not an option: `--backoff` and `--max-retries` are not honoured (it has no attempt limit). `--token` (portal mode)
is refused: pyisyox's PortalAuth logs in with e-mail and password, it takes no bearer token. TLS as pyisyox's
`Controller` does it: `build_sslcontext(use_https=True)` (no verification).

Statuses: pyisyox's own `EventStreamStatus` (§2.5), renamed: stream_initializing → `connecting`, stream_syncing
→ `syncing`, connected, lost_connection → `lost`, reconnecting, reconnect_failed → `failed`, disconnected →
`stopped(stop-requested)`. pyisyox names no reason; inferred: the exception its read loop logs (handshake status
N → `http-N`, no connection → `tcp-refused`, other → `tcp-reset`), else the close code of the socket it had
(`ws-close-N`; recorded by wrapping our own aiohttp session's `ws_connect`); `failed` comes only from a Local
401 (`http-401`). Events: the listener's `Event`s as `harness decode isy` prints them, without `sid` (pyisyox's
`Event` has none) and with pyisyox's own `eventInfo` (re-serialised, §2.4); `_0` frames are heartbeats."""

import asyncio
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

contract.drop_own_folder_from_path(__file__)
import aiohttp  # noqa: E402
from pyisyox.auth import LocalAuth  # noqa: E402
from pyisyox.client import IoXClient  # noqa: E402
from pyisyox.helpers.session import build_sslcontext  # noqa: E402
from pyisyox.runtime.events import EventDispatcher  # noqa: E402
from pyisyox.runtime.ws import WebSocketEventStream  # noqa: E402

out = contract.Contract()
out.omits(["sid", "eventInfo"])
NAMES = {"stream_initializing": "connecting", "stream_syncing": "syncing", "connected": "connected",
         "lost_connection": "lost", "reconnecting": "reconnecting"}
state = {"error": None, "ws": None, "failed": False}


class LoopErrors(logging.Handler):
    """pyisyox logs the exception that ended an attempt ("WS read loop hit unexpected error")."""

    def emit(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            state["error"] = record.exc_info[1]


def lost_reason():
    error, state["error"] = state["error"], None
    ws, state["ws"] = state["ws"], None
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"http-{error.status}"
    if isinstance(error, (aiohttp.ClientConnectorError, ConnectionRefusedError)):
        return "tcp-refused"
    if error is None and ws is not None and ws.close_code:
        return f"ws-close-{ws.close_code}"
    return "tcp-reset"


def on_status(status):
    value = status.value
    if value == "reconnect_failed":
        state["failed"] = True
        done.set()
    elif value == "lost_connection":
        out.status("lost", lost_reason())
    elif value in NAMES:
        out.status(NAMES[value])


def on_event(event):
    obj = {"seqnum": event.seqnum, "timestamp": event.timestamp, "control": event.control,
           "action": event.action, "node": event.node_address, "uom": event.uom, "prec": event.precision,
           "fmtAct": event.formatted_action, "fmtName": event.formatted_name, "eventInfo": event.event_info}
    if event.control == "_0":
        out.heartbeat(obj)
    elif out.event(obj):
        done.set()


async def main():
    global done
    done = asyncio.Event()
    if "--token" in out.options or "--token-file" in out.options:
        return out.give_up("unsupported-option", "pyisyox's PortalAuth takes e-mail and password, not a token")
    logging.getLogger("pyisyox").addHandler(LoopErrors())
    logging.getLogger("pyisyox").setLevel(logging.WARNING)
    base = contract.http_base(out.url)
    connector = aiohttp.TCPConnector(ssl=build_sslcontext(use_https=True)) if base.startswith("https") else None
    async with aiohttp.ClientSession(connector=connector) as session:
        original = session.ws_connect

        async def ws_connect(*args, **kwargs):
            state["ws"] = await original(*args, **kwargs)
            return state["ws"]

        session.ws_connect = ws_connect
        client = IoXClient(base, LocalAuth(out.options.get("--user", ""), out.options.get("--password", "")), session)
        dispatcher = EventDispatcher({})
        dispatcher.add_listener(on_event)
        kwargs = {"path": out.options["--path"]} if "--path" in out.options else {}
        stream = WebSocketEventStream(client, dispatcher, **kwargs)
        stream.add_status_listener(on_status)
        stream.start()
        try:
            await asyncio.wait_for(done.wait(), out.duration)
        except asyncio.TimeoutError:
            pass
        if state["failed"]:
            code = lost_reason()
            await stream.stop()
            return out.give_up("http-401" if code == "tcp-reset" else code, "pyisyox: reconnect_failed (Local 401)")
        await stream.stop()
    return out.finish()


sys.exit(asyncio.run(main()))
