"""event-streamer-sdk 0.5.0 `StreamingClient` against `harness serve eventstreamer` (service-profiles §3).

Faults: attempt 1 drop-mid:4 (the body is cut inside line 5's chunk), attempt 2 drop-after:3; then served to
--count. The application recovers as the SDK expects (§3.5: on_error STREAM_ERROR -> resume(current token) +
start_streaming). Checks from the mock's log: each reconnect carried the resume token of the last batch the SDK
got; every batch sent reached the handler once, decoded as our decoder decodes it (nothing lost, nothing
repeated); the SDK acknowledged every batch it received (bulk acks, 3 s cadence).
Usage: eventstreamer.py HARNESS"""

import asyncio
import sys
import time

from event_streamer_sdk import EventStreamer

from mockserve import Mock, check, harness_decode, sent_payloads

harness = sys.argv[1]
COUNT = 12


async def main(mock):
    got = []          # (batch events dict) in arrival order
    errors = []
    async with EventStreamer(service_url=mock.url, subscriber_id="sub-1",
                             headers={"Authorization": "Bearer control-plane"}) as es:
        client = es.create_streaming_client(subscription_id=123)

        @client.on_all_events
        async def on_all(events):
            got.append(events)

        async def on_error(error):
            errors.append(error.error_code)

        # Recovery runs outside the callback: the SDK sets is_running = False *after* on_error returns
        # (streaming_client.py:255-269), so a resume + start_streaming done inside the callback starts a stream
        # that its own read loop stops at the next line (seen against this mock: the resumed connection got one
        # batch, then the SDK closed it).
        client.on_error(on_error)
        await client.start_streaming()
        handled = 0
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if errors.count("STREAM_ERROR") > handled and not client.is_running:
                handled += 1
                await client.resume(client.get_current_resume_token())
                await client.start_streaming()
            log = mock.log()
            sent = [l for l in log if l["event"] == "sent" and l.get("type") == "event_batch"]
            acked = {b for l in log if l["event"] == "ack" for b in l["batch_ids"]}
            if len(sent) >= COUNT and {l["batch_id"] for l in sent} <= acked:
                break
            await asyncio.sleep(0.2)
        await client.disconnect()
    return got, errors


with Mock(harness, "eventstreamer", "--rate", "20", "--count", str(COUNT), "--heartbeat", "60",
          "--fault", "drop-mid:4@1", "--fault", "drop-after:3@2") as mock:
    got, errors = asyncio.run(main(mock))
    log = mock.log()
    batches = [l for l in log if l["event"] == "sent" and l.get("type") == "event_batch"]
    payloads = sent_payloads([l for l in batches])
    ours = harness_decode(harness, "eventstreamer", b"".join(payloads))
    check(errors.count("STREAM_ERROR") == 2, f"the SDK reported STREAM_ERROR for both cut bodies ({errors})")
    check([b["batch_id"] for b in batches] == [f"batch_{i}" for i in range(1, COUNT + 1)],
          "the mock sent batches 1..COUNT once each across the three connections")
    # on_all_events is called once per event name of a batch, with {name: events}.
    check([{name: events} for o in ours for name, events in o["events"].items()] == got,
          "every batch sent reached the SDK's handler once, decoded as our decoder decodes it")
    requests = [l for l in log if l["event"] == "request" and l["path"].endswith("/stream")]
    resumes = [r["resume_token"] for r in requests]
    last_of = {}
    for b in batches:
        last_of[b["conn"]] = b["resume_token"]
    check(resumes == [None, last_of[1], last_of[2]],
          f"each reconnect sent the resume token of the last batch received ({resumes})")
    acked = [b for l in log if l["event"] == "ack" for b in l["batch_ids"]]
    check(sorted(set(acked)) == sorted(b["batch_id"] for b in batches), "the SDK acknowledged every batch it got")
print("eventstreamer interop (event-streamer-sdk 0.5.0): passed")
