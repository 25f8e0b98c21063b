/// Streaming HTTP for event streams (SSE, Event Streamer NDJSON) on AsyncHTTPClient: `HTTPEventStream` sends the
/// request, checks status and `Content-Type`, and pushes each body buffer into a decoder's push API in place, with
/// backpressure, response-head and idle-read deadlines on an injected clock, and typed errors.
///
/// Headers are NIOHTTP1's `HTTPHeaders` throughout the public API: it is what AsyncHTTPClient's
/// `HTTPClientRequest`/`HTTPClientResponse` carry, so requests and responses pass through without a conversion or
/// a copy per header; swift-http-types' `HTTPFields` would add a dependency and a conversion at both ends.
///
/// Namespace for module-level constants; the types live in their own files.
public enum HTTPStreamingModule {
    /// Most bytes of a non-2xx response body kept in `HTTPErrorResponse` (issue 14: "at most 64 KiB"): enough for
    /// any JSON error document, small enough that an endless error body cannot grow memory.
    public static let maxErrorBodySize = 64 << 10
}
