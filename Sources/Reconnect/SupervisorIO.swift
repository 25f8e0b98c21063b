public import Codecs

/// What happened, told to `Supervisor.handle(_:now:)`. Inputs about a connection carry its generation and are
/// dropped unless it is the live one.
public enum SupervisorInput: Hashable, Sendable {
    /// Begin: the first attempt starts at once.
    case start
    /// The connection is open and the service accepted it (handshake done, first reply checked).
    case attemptSucceeded(Generation)
    /// The service says its initial replay is over (ends `syncing` before the quiet rule would).
    case synced(Generation)
    /// The attempt, or the open connection, ended this way.
    case attemptFailed(Generation, ConnectionOutcome)
    /// Traffic arrived (any byte or message, heartbeats included): it feeds liveness and the syncing rule.
    /// Cheap: it never returns actions.
    case received(Generation)
    /// The server set its reconnection time (SSE `retry:`, WHATWG HTML §9.2.6): it replaces the computed delay
    /// of every later retry, within `ServerDelayBounds`.
    case serverDirectedDelay(Generation, Duration)
    /// The service announced how long silence may last on this connection (eisy: twice the `_0` heartbeat's
    /// interval); nil returns to the configured `LivenessRule`. An announced window that expires is a heartbeat
    /// that did not come: `.heartbeatMissed`.
    case livenessWindow(Generation, Duration?)
    /// The credential provider produced fresh credentials after a `refreshCredentials` action.
    case credentialsRefreshed
    /// The credential provider failed.
    case credentialsRefreshFailed
    /// Time passed; deadlines at or before `now` fire.
    case tick
    /// Stop for good (graceful: the driver closes the live connection with WebSocket 1000 or cancels the body).
    case stop
}

/// What the driver must do, in order.
public enum SupervisorAction: Hashable, Sendable {
    /// Report this status.
    case status(ConnectionStatus)
    /// Open a connection; tag everything it reports with this generation.
    case connect(Generation)
    /// Call `handle(.tick, now:)` at this instant (it replaces any earlier request; a tick sooner is harmless).
    case waitUntil(MonotonicInstant)
    /// Ask the credential provider for fresh credentials, then report `credentialsRefreshed` or
    /// `credentialsRefreshFailed`.
    case refreshCredentials
    /// Close this connection (liveness death, stop, a stale generation that opened late); what it reports
    /// afterwards is ignored.
    case closeConnection(Generation, ReasonCode)
    /// The supervisor is done; end the client's sequences. It ignores every later input.
    case finished(Termination)
}
