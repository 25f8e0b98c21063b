import Reconnect

/// A message a session sends on the WebSocket. Its `description` gives only the size, because a first message
/// may carry a token (Stream's auth message, eisy's auth frame).
public enum SessionFrame: Hashable, Sendable, CustomStringConvertible {
    /// A text message (RFC 6455 §5.6), UTF-8.
    case text([UInt8])

    public var description: String {
        switch self {
        case let .text(bytes): "text(\(bytes.count) bytes)"
        }
    }

    /// The payload bytes.
    public var bytes: [UInt8] {
        switch self {
        case let .text(bytes): bytes
        }
    }
}

/// What a connection asks its driver to do, in order.
public enum SessionAction: Hashable, Sendable {
    /// Send this message.
    case send(SessionFrame)
    /// The service accepted the connection (handshake done and, where the service has one, its first reply
    /// checked): the supervisor's `attemptSucceeded`.
    case accept
    /// The service's initial replay is over (ends `syncing` early).
    case synced
    /// The service announced how long silence may last from now on (eisy: twice the `_0` interval); nil returns
    /// to the configured liveness rule.
    case livenessWindow(Duration?)
    /// End the connection with this outcome, sending a close frame with `closeCode` (RFC 6455 §7.4.1).
    case fail(ConnectionOutcome, closeCode: UInt16)
}

/// A message that was received but not delivered as an event: reported (a status or log line) and skipped,
/// because the service keeps the connection (issue 16, "Bad input and faults").
public struct SessionNotice: Hashable, Sendable, CustomStringConvertible {
    /// Stable code: the decoder's own (`invalid-utf8`, `isy-not-an-event`, …) or the session's
    /// (`central-text-message`, `stream-not-an-object`, …).
    public let code: ReasonCode
    /// A sentence with numbers, never payload bytes.
    public let message: String

    public init(code: ReasonCode, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// What one received message turned into.
public enum SessionDelivery<Event: Sendable>: Sendable {
    /// A service event: delivered to the consumer, counted by `--max-events`.
    case event(Event)
    /// A heartbeat or keep-alive (eisy `_0`, Stream `health.check`): it fed liveness; not a service event.
    case heartbeat(Event)
    /// Not an event the service meant for the consumer (an ignored envelope, a binary frame the service never
    /// sends); silently dropped.
    case ignored
    /// A garbage message, reported and skipped.
    case skipped(SessionNotice)
}

/// The result of one received message: what it delivers and what the driver must do.
public struct SessionReceipt<Event: Sendable>: Sendable {
    public var delivery: SessionDelivery<Event>
    public var actions: [SessionAction]

    public init(_ delivery: SessionDelivery<Event>, actions: [SessionAction] = []) {
        self.delivery = delivery
        self.actions = actions
    }
}

/// How a WebSocket message arrived (RFC 6455 §5.6).
public enum SessionMessageKind: Hashable, Sendable {
    case text
    case binary
}
