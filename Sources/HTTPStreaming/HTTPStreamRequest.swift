import NIOHTTP1
import Reconnect

/// What `HTTPEventStream.run` sends, and which answers it accepts as a stream.
///
/// A response is a stream when its status is 2xx other than 204 and 205 (which carry no body; RFC 9110 §15.3.5,
/// §15.3.6; HTML §9.2.3 makes 204 "do not reconnect") and its `Content-Type` media type is one of
/// `acceptedContentTypes` (compared without parameters, case-insensitively; RFC 9110 §8.3.1). Anything else is
/// an `HTTPStreamError` carrying the response.
public struct HTTPStreamRequest: Sendable {
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Usually GET; POST for services that stream the answer to a query.
    public var method: HTTPMethod
    /// Request headers (authorization included; never logged or rendered by this module).
    public var headers: HTTPHeaders
    /// Request body, for POST.
    public var body: [UInt8]?
    /// Media types (`type/subtype`, lower case) accepted for the response body; empty accepts any (a
    /// compatible profile whose seed client does not check it, service-profiles §4.4).
    public var acceptedContentTypes: [String]

    /// A request as given.
    public init(
        url: String, method: HTTPMethod = .GET, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        acceptedContentTypes: [String]
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.acceptedContentTypes = acceptedContentTypes
    }

    /// An SSE request (HTML §9.2.3): GET with `Accept: text/event-stream`, `Cache-Control: no-cache`, and
    /// `Last-Event-ID` when resuming (an empty ID sends none); accepts `text/event-stream` only.
    /// `authorization` becomes the `Authorization` header (the only place its value is revealed).
    public static func serverSentEvents(
        url: String, headers: HTTPHeaders = [:], authorization: Secret? = nil, lastEventID: String = ""
    ) -> Self {
        var all = headers
        if let authorization { all.replaceOrAdd(name: "Authorization", value: authorization.revealed) }
        all.replaceOrAdd(name: "Accept", value: "text/event-stream")
        all.replaceOrAdd(name: "Cache-Control", value: "no-cache")
        if !lastEventID.isEmpty { all.replaceOrAdd(name: "Last-Event-ID", value: lastEventID) }
        return Self(url: url, headers: all, acceptedContentTypes: ["text/event-stream"])
    }

    /// An NDJSON stream request (Event Streamer, service-profiles "Event Streamer"): `Accept:
    /// application/x-ndjson`; accepts `application/x-ndjson`, `application/jsonl` and `application/json` (servers
    /// label NDJSON bodies either way).
    public static func ndjson(
        url: String, method: HTTPMethod = .GET, headers: HTTPHeaders = [:], authorization: Secret? = nil,
        body: [UInt8]? = nil
    ) -> Self {
        var all = headers
        if let authorization { all.replaceOrAdd(name: "Authorization", value: authorization.revealed) }
        if !all.contains(name: "Accept") { all.add(name: "Accept", value: "application/x-ndjson") }
        if body != nil, !all.contains(name: "Content-Type") { all.add(name: "Content-Type", value: "application/json") }
        return Self(
            url: url, method: method, headers: all, body: body,
            acceptedContentTypes: ["application/x-ndjson", "application/jsonl", "application/json"])
    }

    /// True when `status` is one `run` streams (2xx, not 204 or 205).
    static func isStreamStatus(_ status: Int) -> Bool {
        (200..<300).contains(status) && status != 204 && status != 205
    }

    /// True when the `Content-Type` value's media type is one of `accepted`, or `accepted` is empty.
    static func contentType(_ value: String?, isIn accepted: [String]) -> Bool {
        if accepted.isEmpty { return true }
        guard let value, let mediaType = HTTPMediaType.essence(of: value) else { return false }
        return accepted.contains { $0.lowercased() == mediaType }
    }
}
