/// How a TLS handshake failed (issue 14 §1: a certificate failure names its reason and is never a generic I/O
/// error).
public enum TLSFailure: String, Hashable, Sendable, CaseIterable {
    /// The chain does not lead to a trusted root (or a pinned fingerprint did not match).
    case untrusted
    /// The certificate is valid but for another host name.
    case hostnameMismatch = "hostname-mismatch"
    /// The certificate is expired or not yet valid.
    case expired
    /// Any other handshake failure (protocol version, garbage instead of TLS, alert from the peer).
    case handshakeFailed = "handshake-failed"
}

/// Every way a connection attempt or a live connection can end, as the transport or the session saw it. The
/// `OutcomeClassifier` of the service turns it into a `Disposition`; its `reason` is the stable code that
/// status lines and errors show.
public enum ConnectionOutcome: Hashable, Sendable {
    /// TCP connect refused (`ECONNREFUSED`). Reason `tcp-refused`.
    case tcpRefused
    /// The connection was reset by the peer (`ECONNRESET`, `EPIPE`). Reason `tcp-reset`.
    case tcpReset
    /// The TCP connect timed out. Reason `tcp-timeout`.
    case tcpTimeout
    /// The host name did not resolve. Reason `dns-failure`.
    case dnsFailure
    /// The whole attempt (TCP, TLS, HTTP/WebSocket handshake, the service's first reply) did not finish within
    /// the policy's `attemptTimeout`: a server that accepts TCP and says nothing. Reason `connect-timeout`.
    case connectTimeout
    /// TLS failed. Reason `tls-<failure>` (`tls-untrusted`, `tls-hostname-mismatch`, `tls-expired`,
    /// `tls-handshake-failed`).
    case tls(TLSFailure)
    /// The server answered the request or upgrade with this HTTP status instead of the expected one;
    /// `retryAfter` is its `Retry-After` (RFC 9110 §10.2.3) already turned into a delay (see `RetryAfter`).
    /// Reason `http-<status>`.
    case httpStatus(Int, retryAfter: Duration? = nil)
    /// The WebSocket closed with this close code (RFC 6455 §7.4); a connection lost without a close frame is
    /// 1006 and a close frame without a code is 1005 (§7.1.5). Reason `ws-close-<code>`.
    case webSocketClose(UInt16)
    /// An HTTP body ended cleanly (SSE, NDJSON). Reason `end-of-stream`.
    case endOfStream
    /// No byte arrived within the liveness window. Reason `idle-timeout`.
    case idleTimeout
    /// The service's heartbeat (application or WebSocket pong) did not come in time. Reason `heartbeat-missed`.
    case heartbeatMissed
    /// The peer broke the protocol; the code is the decoder's or session's own stable code (for example
    /// `invalid-utf8`, `unexpected-content-type`). Reason: that code.
    case protocolError(ReasonCode)
    /// The service reported an error in its own terms (a Stream `connection.error`, an Event Streamer `error`
    /// line); `recoverable` is the service's verdict. Reason: the code.
    case serviceError(ReasonCode, recoverable: Bool)
    /// Any other transport failure, named by the layer that saw it. Reason: the code.
    case transportError(ReasonCode)

    /// The stable code for this outcome.
    public var reason: ReasonCode {
        switch self {
        case .tcpRefused: "tcp-refused"
        case .tcpReset: "tcp-reset"
        case .tcpTimeout: "tcp-timeout"
        case .dnsFailure: "dns-failure"
        case .connectTimeout: "connect-timeout"
        case let .tls(failure): ReasonCode("tls-" + failure.rawValue)
        case let .httpStatus(status, _): ReasonCode("http-" + String(status))
        case let .webSocketClose(code): ReasonCode("ws-close-" + String(code))
        case .endOfStream: "end-of-stream"
        case .idleTimeout: "idle-timeout"
        case .heartbeatMissed: "heartbeat-missed"
        case let .protocolError(code), let .serviceError(code, _), let .transportError(code): code
        }
    }

    /// The server-directed delay carried by the outcome (an HTTP `Retry-After`), nil when there is none.
    public var retryAfter: Duration? {
        if case let .httpStatus(_, retryAfter) = self { return retryAfter }
        return nil
    }
}

/// An error that knows which `ConnectionOutcome` it means, so a transport closure may simply throw it; the driver
/// classifies any other thrown error as `.transportError("unclassified-error")`.
public protocol ConnectionOutcomeConvertible: Error {
    /// The outcome this error stands for.
    var connectionOutcome: ConnectionOutcome { get }
}
