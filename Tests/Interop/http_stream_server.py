#!/usr/bin/env python3
"""aiohttp server for the HTTPStreaming interop tests (Tests/HTTPStreamingTests/AiohttpInteropTests.swift).

Serves one SSE body (the same bytes as `sseBody` in the Swift tests, whose expected items follow WHATWG HTML
§9.2.6) in several framings, a stalled stream, non-2xx answers with their headers, and an NDJSON stream.
Binds 127.0.0.1 only; writes the chosen port to --port-file; exits after --lifetime seconds at the latest.
"""
import argparse
import asyncio

from aiohttp import web

SSE_BODY = (
    b": hello\n\nevent: add\ndata: 73857293\n\nid: 7\ndata: first\ndata: second\n\n"
    b"retry: 2500\r\ndata: last\r\n\r\n"
)
NDJSON_LINES = [
    b'{"type":"heartbeat","connection_id":"c%d","subscription_id":123,"timestamp":"2024-05-23T10:30:0%d.000Z"}'
    % (n, n)
    for n in (1, 2, 3)
]
SSE_HEADERS = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}


async def sse_chunked(request):
    """Chunked transfer coding (aiohttp's default without a length), pieces cut mid-line."""
    response = web.StreamResponse(headers=SSE_HEADERS)
    await response.prepare(request)
    for start in range(0, len(SSE_BODY), 7):
        await response.write(SSE_BODY[start:start + 7])
    await response.write_eof()
    return response


async def sse_length(request):
    """One Content-Length body."""
    return web.Response(body=SSE_BODY, headers=SSE_HEADERS)


async def sse_drip(request):
    """Content-Length body written one byte at a time, each flushed."""
    response = web.StreamResponse(headers=SSE_HEADERS)
    response.content_length = len(SSE_BODY)
    await response.prepare(request)
    for index in range(len(SSE_BODY)):
        await response.write(SSE_BODY[index:index + 1])
        await asyncio.sleep(0.002)
    await response.write_eof()
    return response


async def sse_stall(request):
    """One event, then silence (bounded: the client's idle timeout ends it long before)."""
    response = web.StreamResponse(headers=SSE_HEADERS)
    await response.prepare(request)
    await response.write(b"data: a\n\n")
    await asyncio.sleep(20)
    return response


async def status_401(request):
    return web.Response(status=401, headers={"WWW-Authenticate": 'Bearer realm="events"'},
                        content_type="application/json", text='{"error":"unauthorized"}')


async def status_429(request):
    return web.Response(status=429, headers={"Retry-After": "120"}, text="slow down")


async def status_503(request):
    return web.Response(status=503, headers={"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, text="")


async def status_204(request):
    return web.Response(status=204, headers={"X-Reason": "done"})


async def ndjson(request):
    response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
    await response.prepare(request)
    body = b"\n".join(NDJSON_LINES) + b"\n"
    for start in range(0, len(body), 40):
        await response.write(body[start:start + 40])
    await response.write_eof()
    return response


async def control(request):
    """Echoes a control POST: method, content type and body length."""
    body = await request.read()
    return web.json_response({"method": request.method, "content_type": request.content_type, "length": len(body)})


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_get("/sse/chunked", sse_chunked)
    app.router.add_get("/sse/length", sse_length)
    app.router.add_get("/sse/drip", sse_drip)
    app.router.add_get("/sse/stall", sse_stall)
    app.router.add_get("/status/401", status_401)
    app.router.add_get("/status/429", status_429)
    app.router.add_get("/status/503", status_503)
    app.router.add_get("/status/204", status_204)
    app.router.add_get("/ndjson", ndjson)
    app.router.add_post("/control", control)
    runner = web.AppRunner(app, shutdown_timeout=1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    with open(args.port_file, "w") as handle:
        handle.write(str(port))
    try:
        await asyncio.sleep(args.lifetime)
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
