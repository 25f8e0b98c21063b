/// What the supervisor does after a connection attempt or a live connection ended.
public enum Disposition: String, Hashable, Sendable, CaseIterable {
    /// Reconnect after the policy's delay (or the server-directed delay when the outcome carries one).
    case retry
    /// Reconnect at once if this is the first retry of the outage, else after the policy's delay: the SSE rule
    /// for a clean end of body (WHATWG HTML §9.2.3 reestablishes the connection; LaunchDarkly reconnects at once
    /// and then backs off). Never a hot loop: a second consecutive end waits.
    case retryImmediately = "retry-immediately"
    /// Ask for fresh credentials, then reconnect; at most once between two successful opens, so a second
    /// rejection right after a refresh gives up (the credentials are wrong, not stale).
    case refreshCredentialsThenRetry = "refresh-credentials-then-retry"
    /// The service said to stop for good (Stream close 1000, SSE 204): status `stopped(reason)`.
    case stopForGood = "stop-for-good"
    /// A failure that retrying cannot fix (TLS, 403, an unrecoverable service error): status `failed(reason)`.
    case giveUp = "give-up"
}
