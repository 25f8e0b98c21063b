"""A Stream coordinator client written from service-profiles §5 (GetStream PR #236 `StreamWS` @85bfa1f, which is
in no release, so it is not on PyPI): websockets `connect(url, ping_interval=None, ping_timeout=None,
close_timeout=1.0)`, the auth message, `connection.ok` required first, events emitted by type, a client
heartbeat `[{"type":"health.check","client_id":…}]` every `healthcheck_interval`, liveness (reconnect when
nothing arrived for `healthcheck_timeout`), close 1000 = stop for good, and the reconnect episode of §5.5:
`min(0.25 * 2**(k-1), 5) * (1 + random())` before attempt k (at most 5), code 40 -> a fresh JWT (unless the
token is static), other auth errors fatal."""

import asyncio
import base64
import hashlib
import hmac
import json
import random
import time
import urllib.parse

import websockets


def make_jwt(secret, user_id, nonce):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    # iat = now - 5 as the PR does; a nonce keeps two tokens made in the same second distinct.
    payload = b64(json.dumps({"user_id": user_id, "iat": int(time.time()) - 5, "jti": nonce}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


class StreamAuthError(Exception):
    def __init__(self, response):
        super().__init__(str(response))
        self.response = response


class StreamWS:
    def __init__(self, api_key, api_secret, user_id, base_url, token=None, healthcheck_interval=25.0,
                 healthcheck_timeout=35.0, max_retries=5, backoff_base=0.25, backoff_max=5.0):
        self.api_key, self.api_secret, self.user_id = api_key, api_secret, user_id
        self.base_url = base_url.rstrip("/")
        self.static_token = token is not None
        self.token = token
        self.healthcheck_interval, self.healthcheck_timeout = healthcheck_interval, healthcheck_timeout
        self.max_retries, self.backoff_base, self.backoff_max = max_retries, backoff_base, backoff_max
        self.listeners = []
        self.connected = False
        self.connection_id = None
        self.ws = None
        self.ws_id = 0
        self.tasks = []
        self.reconnecting = False
        self.nonce = 0
        self.last_received = time.monotonic()
        self.log = []   # (monotonic time, what)

    def url(self):
        scheme = "wss" if self.base_url.startswith("https") else "ws"
        host = urllib.parse.urlsplit(self.base_url).netloc
        query = urllib.parse.urlencode({"api_key": self.api_key, "stream-auth-type": "jwt",
                                        "X-Stream-Client": "stream-python-client-section5"})
        return f"{scheme}://{host}/api/v2/connect?{query}"

    def ensure_token(self):
        if self.token is None:
            self.nonce += 1
            self.token = make_jwt(self.api_secret, self.user_id, self.nonce)
        return self.token

    async def open(self):
        self.ws_id += 1
        self.ws = await websockets.connect(self.url(), ping_interval=None, ping_timeout=None, close_timeout=1.0)
        await self.ws.send(json.dumps({"token": self.ensure_token(), "user_details": {"id": self.user_id}}))
        first = json.loads(await self.ws.recv())
        if first.get("type") != "connection.ok":
            await self.ws.close()
            raise StreamAuthError(first)
        self.connection_id = first["connection_id"]
        self.connected = True
        self.last_received = time.monotonic()
        ws_id = self.ws_id
        self.tasks = [asyncio.create_task(self.reader(ws_id)), asyncio.create_task(self.heartbeat(ws_id))]
        return first

    async def connect(self):
        return await self.open()   # the initial connect never retries (§5.5)

    async def reader(self, ws_id):
        ws = self.ws
        try:
            async for text in ws:
                if ws_id != self.ws_id:
                    return
                self.last_received = time.monotonic()
                try:
                    event = json.loads(text)
                except json.JSONDecodeError:
                    self.log.append((time.monotonic(), "invalid-json"))
                    continue
                for listener in self.listeners:
                    listener(event)
        except websockets.ConnectionClosed:
            pass
        if ws_id != self.ws_id:
            return
        received = ws.protocol.close_rcvd          # the server's close frame, None for an abnormal end
        rcvd = received.code if received is not None else None
        self.log.append((time.monotonic(), f"closed {rcvd}"))
        if rcvd == 1000:
            self.connected = False      # stop for good
            return
        asyncio.create_task(self.trigger_reconnect())

    async def heartbeat(self, ws_id):
        while ws_id == self.ws_id and self.connected:
            await asyncio.sleep(self.healthcheck_interval)
            if ws_id != self.ws_id:
                return
            if time.monotonic() - self.last_received > self.healthcheck_timeout:
                self.log.append((time.monotonic(), "healthcheck timeout"))
                asyncio.create_task(self.trigger_reconnect())
                return
            try:
                await self.ws.send(json.dumps([{"type": "health.check", "client_id": self.connection_id}]))
            except websockets.ConnectionClosed:
                return

    async def trigger_reconnect(self):
        if self.reconnecting:
            return
        self.reconnecting = True
        try:
            for task in self.tasks:
                if task is not asyncio.current_task():
                    task.cancel()
            if self.ws is not None:
                await self.ws.close(code=1000)
            self.ws = None
            for attempt in range(1, self.max_retries + 1):
                if not self.connected:
                    return
                delay = min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max) * (1 + random.random())
                self.log.append((time.monotonic(), f"backoff {attempt} {delay:.3f}"))
                await asyncio.sleep(delay)
                if not self.connected:
                    return
                try:
                    await self.open()
                    return
                except StreamAuthError as e:
                    if e.response.get("error", {}).get("code") == 40 and not self.static_token:
                        self.token = None
                        self.log.append((time.monotonic(), "code 40: new token"))
                        continue
                    self.connected = False
                    return
                except Exception as e:   # refused, HTTP status on upgrade, timeout, bad JSON
                    self.log.append((time.monotonic(), f"attempt failed {type(e).__name__}"))
                    continue
            self.connected = False
        finally:
            self.reconnecting = False

    async def disconnect(self):
        self.connected = False
        self.ws_id += 1
        for task in self.tasks:
            task.cancel()
        if self.ws is not None:
            await self.ws.close(code=1000, reason="client disconnect")
