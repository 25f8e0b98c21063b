import NIOHTTP1
import Reconnect

/// A response that was not accepted (a status other than a streamable 2xx, or an unexpected `Content-Type`),
/// kept for the outcome classifier: status, headers, the parsed `Retry-After`, and the start of the body.
public struct HTTPErrorResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The response headers (never rendered in error messages: they may carry cookies).
    public var headers: HTTPHeaders
    /// The first `HTTPStreamingModule.maxErrorBodySize` bytes of the body at most.
    public var body: [UInt8]
    /// True when the body was longer than what `body` holds (the rest was not read).
    public var bodyTruncated: Bool

    public init(status: Int, headers: HTTPHeaders, body: [UInt8] = [], bodyTruncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
    }

    /// The first `Retry-After` header, parsed by the reconnect core (RFC 9110 §10.2.3: seconds or an
    /// HTTP-date); nil when absent or malformed.
    public var retryAfter: RetryAfter? {
        headers.first(name: "Retry-After").flatMap { RetryAfter($0) }
    }

    /// The delay `Retry-After` asks for. A date is measured from the response's own `Date` header (RFC 9110
    /// §10.2.3 names it the reference, and it keeps this layer off the wall clock); a date without a valid
    /// `Date` header gives nil, so the policy's computed delay applies.
    public var retryAfterDelay: Duration? {
        switch retryAfter {
        case nil: return nil
        case let .seconds(seconds): return .seconds(seconds)
        case .date:
            guard let dateHeader = headers.first(name: "Date"), case let .date(now)? = RetryAfter(dateHeader)
            else { return nil }
            return retryAfter?.delay(now: now)
        }
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers.first(name: "Content-Type") }
}
