import Codecs
import Reconnect

/// A service's sans-I/O session: everything a client needs to know to talk to it, with no I/O (issue 16,
/// ARCHITECTURE.md "Sessions"). One value per stream; `connection(credentials:)` makes the per-connection state
/// machine for each attempt.
public protocol ServiceSession: Sendable {
    /// The per-connection state machine.
    associatedtype Connection: SessionConnection

    /// Policy, outcome table, liveness and syncing rules for the supervisor.
    var reconnect: SupervisorConfiguration { get }
    /// WebSocket ping keep-alive for the transport, nil when the service has none.
    var keepalive: PingKeepalive? { get }
    /// Whether TLS certificates are left unverified (only the compatible profiles of seed clients that run
    /// with `CERT_NONE`; never the default).
    var skipsTLSVerification: Bool { get }

    /// What to open for an attempt made with `credentials`.
    func request(credentials: Secret) -> SessionRequest
    /// A fresh connection state machine for an attempt made with `credentials`.
    func connection(credentials: Secret) -> Connection
}

/// One connection's state machine: told when the socket opened, each message and the time; answers with
/// deliveries and actions. Its timers are `nextDeadline` + `tick(now:)`.
public protocol SessionConnection: Sendable {
    /// The typed event the service delivers.
    associatedtype Event: Sendable

    /// The WebSocket opened (101 received); the first messages go out here.
    mutating func opened(now: MonotonicInstant) -> [SessionAction]
    /// One received message, decoded in place with the format's decoder.
    mutating func receive(_ kind: SessionMessageKind, _ bytes: [UInt8], now: MonotonicInstant) -> SessionReceipt<Event>
    /// Timers due at or before `now`.
    mutating func tick(now: MonotonicInstant) -> [SessionAction]
    /// The earliest timer, nil when none is armed.
    var nextDeadline: MonotonicInstant? { get }
}
