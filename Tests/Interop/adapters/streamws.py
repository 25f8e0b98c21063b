"""`harness verify --client` adapter for the Stream coordinator seed client: GetStream PR #236 `StreamWS` @85bfa1f
as written from service-profiles §5 in Tests/Interop/stream_client.py (the PR is in no release, §5.0), run with
its own reconnect episode (§5.5) against HARNESS_URL.

Options from HARNESS_CONNECT_ARGS: `--api-key`, `--user-id`, `--api-secret` (fresh HS256 JWTs, so code 40
refreshes) or `--token` (static: code 40 is fatal), `--max-events`, `--duration`, `--show-heartbeats`.
StreamWS's backoff (min(0.25·2^(k-1), 5)·(1+U[0,1)), 5 attempts per episode) is its own: `--backoff` and
`--max-retries` are not honoured.

Statuses, from StreamWS's log entries and a subclass around `open()` that records, then calls the original:
`connecting` when `open()` starts, `connected` when it returned `connection.ok`; "closed N" → `lost(ws-close-N)`
(no close frame: `tcp-reset`), and for 1000 `stopped(ws-close-1000)` (§5.5: stop for good); "backoff k d" →
`reconnecting` with `delay` d; "attempt failed E" → `lost` (`http-N` for a rejected upgrade, `tcp-refused`,
else `tcp-reset`); "code 40: new token" → `lost(token-expired)`; "healthcheck timeout" → `lost(heartbeat-missed)`.
When StreamWS ends by itself (not connected, not reconnecting) without a 1000: `failed` — `retries-exhausted`
after its 5th failed attempt, else the auth error (`token-expired` with a static token, `auth-error`). The
initial `connect()` never retries (§5.5): its failure is `failed` at once. Events: every JSON object StreamWS
hands its listeners; `health.check` is a heartbeat."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

contract.drop_own_folder_from_path(__file__)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import websockets  # noqa: E402
from stream_client import StreamAuthError, StreamWS  # noqa: E402

out = contract.Contract()
state = {"fatal": None}


def failure_reason(error):
    if isinstance(error, StreamAuthError):
        code = error.response.get("error", {}).get("code")
        return "token-expired" if code == 40 else "auth-error"
    if isinstance(error, websockets.InvalidStatus):
        return f"http-{error.response.status_code}"
    if isinstance(error, ConnectionRefusedError):
        return "tcp-refused"
    return "tcp-reset"


class Log(list):
    """StreamWS's `log` list: each entry (time, text) is translated as it is appended."""

    def append(self, entry):
        super().append(entry)
        text = entry[1]
        if text.startswith("closed "):
            code = text.split(" ", 1)[1]
            if code == "1000":
                out.status("stopped", "ws-close-1000")
            else:
                out.status("lost", f"ws-close-{code}" if code != "None" else "tcp-reset")
        elif text.startswith("backoff "):
            out.status("reconnecting", delay=float(text.split()[2]))
        elif text == "code 40: new token":
            out.status("lost", "token-expired")
        elif text == "healthcheck timeout":
            out.status("lost", "heartbeat-missed")


class Observed(StreamWS):
    async def open(self):
        out.status("connecting")
        try:
            first = await super().open()
        except StreamAuthError as error:
            reason = failure_reason(error)
            if reason != "token-expired" or self.static_token:
                state["fatal"] = reason   # StreamWS gives up on it (§5.5)
                out.status("lost", reason)
            raise
        except Exception as error:
            out.status("lost", failure_reason(error))
            raise
        out.status("connected")
        return first


async def main():
    token = out.options.get("--token")
    ws = Observed(api_key=out.options.get("--api-key", ""), api_secret=out.options.get("--api-secret", ""),
                  user_id=out.options.get("--user-id", ""), base_url=contract.http_base(out.url), token=token)
    ws.log = Log()
    done = asyncio.Event()

    def on_event(event):
        if isinstance(event, dict) and event.get("type") == "health.check":
            out.heartbeat(event)
        elif out.event(event):
            done.set()

    ws.listeners.append(on_event)
    try:
        await ws.connect()
    except Exception as error:
        reason = state["fatal"] or failure_reason(error)
        return out.give_up(reason, f"the initial connect() failed and StreamWS does not retry it ({reason})")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + out.duration if out.duration is not None else None
    while not done.is_set() and (deadline is None or loop.time() < deadline):
        if not ws.connected and not ws.reconnecting:
            break
        await asyncio.sleep(0.01)
    ended_by_itself = not ws.connected and not done.is_set() and out.terminal is None
    await ws.disconnect()
    if ended_by_itself:
        reason = state["fatal"] or "retries-exhausted"
        return out.give_up(reason, f"StreamWS stopped reconnecting ({reason})")
    return out.finish()


sys.exit(asyncio.run(main()))
