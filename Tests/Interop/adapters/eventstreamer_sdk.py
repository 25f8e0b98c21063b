"""`harness verify --client` adapter for event-streamer-sdk 0.5.0 `StreamingClient` (service-profiles §3), run
unmodified against HARNESS_URL, plus the application-side recovery the SDK leaves to its user (§3.5, the
pattern of Tests/Interop/eventstreamer.py): on an error callback with `recoverable` true, `resume(current resume
token)` + `start_streaming()`, outside the callback; `recoverable` false → give up.

Options from HARNESS_CONNECT_ARGS: `--subscription`, `--resume-token`, `--no-auto-ack` (auto_acknowledge=False),
`--token` and `--header` (the SDK sends them on the control plane only: its stream GET carries no headers, §3.2),
`--backoff fixed:S` (the application's wait before each resume; default 1 s, the SDK has none), `--max-events`
(batches), `--duration`. Not honoured: `--max-retries` (the application retries every recoverable error).

The SDK has no status model. Inferred:
- `connecting`: each `start_streaming()` this adapter makes; `connected`: the SDK's own print "Connection ID
  extracted from headers" (stdout is captured and goes on to stderr);
- `lost(reason)`: the error callback: STREAM_ERROR with "status N" → `http-N`, a connector error →
  `tcp-refused`, other → `tcp-reset`; CONNECTION_LOST (heartbeat/ack 404) → `connection-lost`; a server error
  line → its `error_code`, kebab-cased;
- `reconnecting` with `delay`: the application's wait; `failed(code)`: a non-recoverable error.
A clean end of the body is not reported: the SDK does not notice it (§3.5), so neither can the adapter.
Events: each batch handed to `on_all_events`, as `model_dump(mode="json")` of the `StreamingEventBatch` the SDK
built (captured by a wrapper around its `_handle_event_batch` that then calls the original), once per batch."""

import asyncio
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

contract.drop_own_folder_from_path(__file__)
from event_streamer_schemas import StreamingEventBatch  # noqa: E402
from event_streamer_sdk import EventStreamer  # noqa: E402

out = contract.Contract()


class PrintSpy:
    """The SDK reports through print(); forward everything to stderr and watch for the connection id line."""

    def __init__(self, inner):
        self.inner = inner

    def write(self, text):
        if text.startswith("Connection ID extracted from headers"):
            out.status("connected")
        return self.inner.write(text)

    def flush(self):
        self.inner.flush()


sys.stdout = PrintSpy(sys.stderr)


def kebab(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


def reason_of(error):
    if error.error_code == "STREAM_ERROR":
        if match := re.search(r"status (\d{3})", error.error_message):
            return f"http-{match.group(1)}"
        if "ClientConnector" in error.error_message or "Connect call failed" in error.error_message:
            return "tcp-refused"
        return "tcp-reset"
    return kebab(error.error_code)


async def main():
    subscription = out.options.get("--subscription", "1")
    headers = {}
    for header in out.options.get("--header", []):
        name, _, value = header.partition(":")
        headers[name.strip()] = value.strip()
    if out.token:
        headers["Authorization"] = f"Bearer {out.token}"
    delay = contract.fixed_backoff(out.options, 1.0)
    errors = []
    done = asyncio.Event()
    async with EventStreamer(service_url=out.url.rstrip("/"), subscriber_id="harness-verify", headers=headers) as es:
        client = es.create_streaming_client(
            subscription_id=int(subscription) if subscription.isdigit() else subscription,
            resume_token=out.options.get("--resume-token"), auto_acknowledge="--no-auto-ack" not in out.options)
        pending = {}
        original = client._handle_event_batch

        async def handle_event_batch(data):
            try:
                pending["batch"] = StreamingEventBatch(**data).model_dump(mode="json")
            except Exception:
                pending.pop("batch", None)
            await original(data)

        client._handle_event_batch = handle_event_batch

        async def on_all(events):
            batch = pending.pop("batch", None)
            if batch is not None and out.event(batch):
                done.set()

        async def on_error(error):
            out.status("lost", reason_of(error))
            errors.append(error)

        client.on_all_events(on_all)
        client.on_error(on_error)
        out.status("connecting")
        await client.start_streaming()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + out.duration if out.duration is not None else None
        while not done.is_set() and (deadline is None or loop.time() < deadline):
            if errors and (not client.is_running or errors[-1].error_code not in ("STREAM_ERROR", "CONNECTION_LOST")):
                error = errors.pop()
                errors.clear()
                if not error.recoverable:
                    await client.disconnect()
                    return out.give_up(kebab(error.error_code), f"non-recoverable error: {error.error_code}")
                out.status("reconnecting", delay=delay)
                await asyncio.sleep(delay)
                token = client.get_current_resume_token() or out.options.get("--resume-token")
                out.status("connecting")
                if token:
                    await client.resume(token)
                else:
                    await client.disconnect()
                await client.start_streaming()
            await asyncio.sleep(0.01)
        await client.disconnect()
    return out.finish()


sys.exit(asyncio.run(main()))
