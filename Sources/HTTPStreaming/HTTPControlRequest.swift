import NIOHTTP1
import Reconnect

/// A control-plane request a streaming client sends beside its stream (token refresh POST, Event Streamer
/// acknowledgements and heartbeats), on the stream's `HTTPClient` so it shares its pool, TLS and proxy settings.
public struct HTTPControlRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Request headers (authorization included; never logged or rendered by this module).
    public var headers: HTTPHeaders
    /// Request body.
    public var body: [UInt8]?
    /// Whole exchange, head and body, on the stream's clock. 30 s.
    public var timeout: Duration
    /// Largest 2xx body kept; a larger one fails with `response-too-large`. 1 MiB: control answers are small
    /// JSON documents (a token, an acknowledgement).
    public var maxResponseBody: Int

    public init(
        method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30), maxResponseBody: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBody = maxResponseBody
    }

    /// A POST of a JSON document (`Content-Type: application/json`, `Accept: application/json` unless given);
    /// `authorization` becomes the `Authorization` header.
    public static func postJSON(
        url: String, json: [UInt8], headers: HTTPHeaders = [:], authorization: Secret? = nil
    ) -> Self {
        var all = headers
        if let authorization { all.replaceOrAdd(name: "Authorization", value: authorization.revealed) }
        all.replaceOrAdd(name: "Content-Type", value: "application/json")
        if !all.contains(name: "Accept") { all.add(name: "Accept", value: "application/json") }
        return Self(method: .POST, url: url, headers: all, body: json)
    }
}

/// The answer to an `HTTPControlRequest` with a 2xx status.
public struct HTTPControlResponse: Sendable {
    /// The status code (2xx).
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
