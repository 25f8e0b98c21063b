import Reconnect

/// How a client that gave up ends its event sequence (`ReconnectingStream`, `WebSocketSessionStream` and every
/// client on them): `for try await` throws this, with the stable reason of the `failed(reason)` status
/// (`tls-untrusted`, `http-403`, `retries-exhausted`, `token-expired`, …).
public struct ReconnectFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: ReasonCode

    public init(reason: ReasonCode) { self.reason = reason }

    public var description: String { "stream failed: \(reason)" }
}

/// The credential provider threw: the attempt ends as an unrecoverable service error
/// `credentials-unavailable` (the provider's own error is not kept, so no secret can leak through it).
struct CredentialsUnavailable: ConnectionOutcomeConvertible {
    var connectionOutcome: ConnectionOutcome { .serviceError("credentials-unavailable", recoverable: false) }
}
