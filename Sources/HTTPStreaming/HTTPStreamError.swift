import Codecs
import Reconnect
import TransportNIO

/// Why a streaming or control request failed. `code` is stable kebab-case (the outcome tables of the reconnect
/// core key on it); `message` carries numbers, never header values, URLs or body bytes (they may hold secrets).
/// A struct around `Kind` so cases can be added later without breaking exhaustive switches elsewhere.
public struct HTTPStreamError: CodecError {
    /// What went wrong.
    public enum Kind: Sendable {
        /// The request could not be built (not an absolute `http`/`https` URL).
        case invalidRequest
        /// No TCP connection within `HTTPStreamTimeouts.connect`.
        case connectTimeout
        /// No TLS handshake within `HTTPStreamTimeouts.connect` (one deadline covers both).
        case tlsHandshakeTimeout
        /// The TLS handshake failed or the certificate was refused, named as on the WebSocket path: the error's
        /// code is TransportNIO's (`tls-untrusted`, `tls-hostname-mismatch`, `tls-pin-mismatch`,
        /// `tls-handshake-failed`, `tls-closed-during-handshake`, …). Under `.system` and `.additionalRoots`
        /// BoringSSL verifies the chain and does not say why it refused one; `HTTPEventStream.tls` names the
        /// reason (`tls-expired`, …) by a diagnostic handshake, else it is `tls-untrusted` with reason
        /// `CERTIFICATE_VERIFY_FAILED`.
        case tls(TLSError)
        /// The server refused the TCP connection.
        case connectionRefused
        /// Connecting failed otherwise (reset, name resolution, unreachable) or the pool gave up.
        case connectionFailed(reason: String)
        /// The response head did not end within `HTTPStreamTimeouts.responseHead`.
        case headTimeout
        /// The response head exceeded the HTTP parser's header size limit (NIO's llhttp: 80 KiB).
        case headTooLarge
        /// The response is not valid HTTP/1.1 (a parser error other than size).
        case invalidResponse(reason: String)
        /// No body bytes arrived for `HTTPStreamTimeouts.idleRead` while the consumer waited for them.
        case idleTimeout
        /// The connection closed before the response ended by its framing (Content-Length not reached, chunked
        /// body without its last chunk); a body that ends by its framing returns `HTTPStreamEnd` instead.
        case connectionClosed
        /// The status is not one that streams (non-2xx, 204, 205): the response is attached.
        case unexpectedStatus(HTTPErrorResponse)
        /// The status streams but the `Content-Type` is missing or not accepted: the response is attached.
        case unexpectedContentType(HTTPErrorResponse)
        /// A control request did not complete within its `HTTPControlRequest.timeout`.
        case requestTimeout
        /// A control request's 2xx body is larger than its `maxResponseBody`.
        case responseTooLarge(limit: Int)
        /// The body decoder ended the stream (a limit such as SSE `line-too-long`); the decoder's error is kept.
        case decoding(any CodecError)
    }

    /// What went wrong.
    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    /// The response attached to `unexpectedStatus` / `unexpectedContentType`.
    public var response: HTTPErrorResponse? {
        switch kind {
        case let .unexpectedStatus(response), let .unexpectedContentType(response): response
        default: nil
        }
    }

    public var code: String {
        switch kind {
        case .invalidRequest: "invalid-request"
        case .connectTimeout: "connect-timeout"
        case .tlsHandshakeTimeout: "tls-handshake-timeout"
        case let .tls(error): error.code
        case .connectionRefused: "connection-refused"
        case .connectionFailed: "connection-failed"
        case .headTimeout: "head-timeout"
        case .headTooLarge: "head-too-large"
        case .invalidResponse: "invalid-response"
        case .idleTimeout: "idle-timeout"
        case .connectionClosed: "connection-closed"
        case .unexpectedStatus: "unexpected-status"
        case .unexpectedContentType: "unexpected-content-type"
        case .requestTimeout: "request-timeout"
        case .responseTooLarge: "response-too-large"
        case .decoding: "decoding-failed"
        }
    }

    public var message: String {
        switch kind {
        case .invalidRequest: "the request cannot be sent (URL or headers refused)"
        case .connectTimeout: "no TCP connection within the connect timeout"
        case .tlsHandshakeTimeout: "no TLS handshake within the connect timeout"
        case let .tls(error): error.message
        case .connectionRefused: "the server refused the TCP connection"
        case let .connectionFailed(reason): "connection failed: \(reason)"
        case .headTimeout: "the response head did not end within the head timeout"
        case .headTooLarge: "the response head is larger than the parser's limit"
        case let .invalidResponse(reason): "invalid HTTP response: \(reason)"
        case .idleTimeout: "no body bytes within the idle read timeout"
        case .connectionClosed: "the connection closed before the response ended"
        case let .unexpectedStatus(response):
            "HTTP status \(response.status) (\(response.body.count) body bytes kept)"
        case let .unexpectedContentType(response):
            "HTTP status \(response.status) with an unaccepted Content-Type"
        case .requestTimeout: "the control request did not complete within its timeout"
        case let .responseTooLarge(limit): "response body larger than the limit of \(limit) bytes"
        case let .decoding(error): "body rejected by the decoder: \(error.code): \(error.message)"
        }
    }

    public var offset: Int? {
        if case let .decoding(error) = kind { return error.offset }
        return nil
    }
}

extension HTTPStreamError: ConnectionOutcomeConvertible {
    /// What the reconnect core's classifier sees: statuses as `httpStatus` with the `Retry-After` delay, the
    /// transport's timeouts and failures as their outcomes, a bad answer or a decoder limit as a protocol error.
    public var connectionOutcome: ConnectionOutcome {
        switch kind {
        case .connectionRefused: .tcpRefused
        case .connectTimeout, .tlsHandshakeTimeout: .connectTimeout
        case let .tls(error): Self.outcome(error)
        case .idleTimeout: .idleTimeout
        case let .unexpectedStatus(response): .httpStatus(response.status, retryAfter: response.retryAfterDelay)
        case .headTooLarge, .invalidResponse, .unexpectedContentType, .responseTooLarge:
            .protocolError(ReasonCode(code))
        case let .decoding(error): .protocolError(ReasonCode(error.code))
        case .invalidRequest, .connectionFailed, .headTimeout, .connectionClosed, .requestTimeout:
            .transportError(ReasonCode(code))
        }
    }

    /// A TLS failure as the classifier reads it: certificate refusals by reason (a pin mismatch is `untrusted`,
    /// not yet valid is `expired`), a timed-out handshake as a connect timeout and a cut-off one as a reset (both
    /// retryable), anything else `handshake-failed`.
    static func outcome(_ error: TLSError) -> ConnectionOutcome {
        switch error {
        case .untrusted, .pinMismatch: .tls(.untrusted)
        case .hostnameMismatch: .tls(.hostnameMismatch)
        case .expired, .notYetValid: .tls(.expired)
        case .handshakeTimeout: .connectTimeout
        case .closedDuringHandshake: .tcpReset
        default: .tls(.handshakeFailed)
        }
    }
}
