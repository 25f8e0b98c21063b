"""`harness verify --client` adapter for ctfy 0.7.0 `EventStream` (SSE, service-profiles §4), run unmodified with
its own reconnect loop (`auto_reconnect=True`) against HARNESS_URL.

HARNESS_URL is the stream URL (`http://H:P/api/v1/events`); ctfy takes a base URL and a path, so it is split at
the last `/`. The token goes where ctfy puts it, `?token=` (§4.1).

ctfy exposes no status and no id. Inferred, from the httpx transport we hand it through its documented
`client_factory` (the same `httpx.Client(base_url, timeout=None)` that `PlatformClient.events()` builds, plus an
observing transport):
- `connecting`: ctfy asks the factory for a client (one per session); `reconnecting` just before it from the
  second session on (ctfy's backoff sleep has then already happened; no `delay` is printed);
- `connected`: a 2xx response head; `lost(http-N)`: any other status (ctfy raises on every non-2xx, §4.4);
- `lost(end-of-stream)`: the body ended cleanly; `lost(tcp-reset)`: it broke; `lost(tcp-refused)`: no connection.
ctfy never gives up, so this adapter never prints `failed`: `stopped(stop-requested)` after `--max-events` or
`--duration`. Events: `{"event":…,"data":…}` as ctfy yields them; `data` back to text when ctfy parsed it as JSON
(compact separators, as ctfy's server writes it); no `id` member, because ctfy drops `id:` lines (§4.3)."""

import importlib.util
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

contract.drop_own_folder_from_path(__file__)
import httpx  # noqa: E402

# ctfy/sdk/__init__.py imports the whole platform; the --no-deps wheel's events module needs only httpx, so it is
# loaded from its file, as Tests/Interop/sse.py does (the same code `PlatformClient.events()` runs).
_spec = importlib.util.find_spec("ctfy")
_events = importlib.util.spec_from_file_location(
    "ctfy_sdk_events", _spec.submodule_search_locations[0] + "/sdk/events.py")
_module = importlib.util.module_from_spec(_events)
_events.loader.exec_module(_module)
EventStream = _module.EventStream

out = contract.Contract()
out.omits(["id"])
stopping = threading.Event()


class ObservedBody(httpx.SyncByteStream):
    def __init__(self, inner):
        self.inner = inner

    def __iter__(self):
        try:
            yield from self.inner
        except httpx.TransportError:
            if not stopping.is_set():
                out.status("lost", "tcp-reset")
            raise
        if not stopping.is_set():
            out.status("lost", "end-of-stream")

    def close(self):
        self.inner.close()


class ObservingTransport(httpx.HTTPTransport):
    def handle_request(self, request):
        try:
            response = super().handle_request(request)
        except httpx.ConnectError:
            out.status("lost", "tcp-refused")
            raise
        except httpx.TransportError:
            out.status("lost", "tcp-reset")
            raise
        if 200 <= response.status_code < 300:
            out.status("connected")
            response.stream = ObservedBody(response.stream)
        else:
            out.status("lost", f"http-{response.status_code}")
        return response


base, _, last = out.url.rstrip("/").rpartition("/")


def client_factory():
    if out.attempt > 0:
        out.status("reconnecting")
    out.status("connecting")
    return httpx.Client(base_url=base, timeout=None, transport=ObservingTransport())


stream = EventStream(client_factory=client_factory, path="/" + last, token=out.token, auto_reconnect=True)
if out.duration is not None:
    def stop_later():
        time.sleep(out.duration)
        stopping.set()
        stream.close()   # ctfy takes it at the next line it reads (§4.4)
    threading.Thread(target=stop_later, daemon=True).start()

for item in stream:
    data = item["data"]
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if out.event({"event": item["event"], "data": text}):
        stopping.set()
        stream.close()
        break
stopping.set()
sys.exit(out.finish())
