import NIOCore
import NIOPosix
import Reconnect
import TransportNIO
import WSFrame
import WebSocketNIO

/// Turns what WebSocketNIO throws or reports into the `ConnectionOutcome` the session's outcome table reads.
enum WebSocketOutcome {
    /// A failed `connect`: a non-101 status is `http-<status>` with its `Retry-After` (seconds form; a date form
    /// has no reference clock here and is ignored); refused, reset and timeouts by name; the rest a transport
    /// error with the layer's stable code.
    static func connectFailure(_ error: any Error) -> ConnectionOutcome {
        if let outcome = error as? any ConnectionOutcomeConvertible { return outcome.connectionOutcome }
        if let tls = error as? TLSError { return tlsFailure(tls) }
        if let handshake = error as? WebSocketHandshakeError {
            if case let .unexpectedStatus(status, _, headers, _) = handshake.kind {
                var delay: Duration?
                if let value = headers.first(where: { $0.name.lowercased() == "retry-after" })?.value,
                   case let .seconds(seconds)? = RetryAfter(value) {
                    delay = .seconds(seconds)
                }
                return .httpStatus(status, retryAfter: delay)
            }
            return .protocolError(ReasonCode(handshake.code))
        }
        if let client = error as? WebSocketClientError {
            switch client {
            case .handshakeTimeout: return .connectTimeout
            case .connectionClosedDuringHandshake: return .tcpReset
            default: return .transportError(ReasonCode(client.code))
            }
        }
        if let connection = error as? WebSocketConnectionError { return streamFailure(connection) }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return .tcpRefused
            case ECONNRESET, EPIPE: return .tcpReset
            case ETIMEDOUT: return .tcpTimeout
            default: return .transportError("io-error")
            }
        }
        if error is ChannelError {
            if case .connectTimeout = error as? ChannelError { return .tcpTimeout }
            return .tcpReset
        }
        if error is NIOConnectionError { return .tcpRefused }
        return .transportError("unclassified-error")
    }

    /// A TLS failure by its reason (issue 14 §1, issue 16 exit codes): a refused certificate is `tls-untrusted`
    /// (a pin mismatch too: the one trusted certificate was not presented), `tls-hostname-mismatch` or
    /// `tls-expired` (not yet valid too), a broken handshake `tls-handshake-failed`; a handshake that timed out
    /// or was cut off is a connect timeout or reset, retried like any network failure.
    static func tlsFailure(_ error: TLSError) -> ConnectionOutcome {
        switch error {
        case .untrusted, .pinMismatch: .tls(.untrusted)
        case .hostnameMismatch: .tls(.hostnameMismatch)
        case .expired, .notYetValid: .tls(.expired)
        case .handshakeTimeout: .connectTimeout
        case .closedDuringHandshake: .tcpReset
        case .handshakeFailed, .invalidFingerprint, .unreadableFile, .invalidPEM, .certificateSetupFailed,
             .pinNotExpressible:
            .tls(.handshakeFailed)
        }
    }

    /// A live connection that failed: the keep-alive's missing pong is `heartbeat-missed`, an abnormal end 1006,
    /// a protocol violation its close code's reason.
    static func streamFailure(_ error: WebSocketConnectionError) -> ConnectionOutcome {
        switch error.kind {
        case .keepaliveTimeout: .heartbeatMissed
        case .abnormalClosure, .closeTimeout, .notOpen: .webSocketClose(1006)
        case .protocolViolation, .encodingFailed: .protocolError(ReasonCode(error.code))
        }
    }
}
