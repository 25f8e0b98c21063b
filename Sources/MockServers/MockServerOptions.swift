import NIOCore

/// Adds server-side TLS handlers to an accepted channel (the `--tls` seam; TransportNIO implements it).
public protocol MockTLSProvider: Sendable {
    /// Adds the TLS server handler at the front of `channel`'s pipeline (called on its event loop).
    func addServerHandlers(to channel: any Channel) throws
}

/// Settings every mock shares (`harness serve <service> [options]`, `Docs/mock-servers.md`).
public struct MockServerOptions: Sendable {
    /// Address to listen on (loopback by default).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks an ephemeral one.
    public var port = 0
    /// TLS for `wss://` / `https://`; nil serves plain `ws://` / `http://`.
    public var tls: (any MockTLSProvider)?
    /// Credentials the mock accepts, in order (`--token`); the service says how (Bearer, `?token=`, rotation).
    /// Empty: any credential, or none, is accepted.
    public var tokens: [String] = []
    /// eisy Basic credentials (`--user`/`--password`); nil accepts any Basic credential.
    public var user: String?
    public var password: String?
    /// A fixture folder (format v1) to serve instead of the service's bundled one.
    public var fixture: String?
    /// Folder holding the bundled fixtures (default `Fixtures` in the working directory).
    public var fixturesRoot = "Fixtures"
    /// Content events per second per connection; 0 sends as fast as the peer reads. Default 2.
    public var rate: Double = 2
    /// Content events to serve in all (across connections), then each stream ends; nil: no end.
    public var count: Int?
    /// Faults, in command-line order.
    public var faults: [FaultSpec] = []
    /// Seconds between the service's own keep-alives (SSE comment, eisy `_0`, Event Streamer heartbeat line,
    /// Stream `health.check`); nil uses the service's documented cadence.
    public var heartbeatSeconds: Double?
    /// SSE: a `retry:` line (milliseconds) sent at the start of each stream.
    public var retryMilliseconds: Int?
    /// eisy: seconds of quiet between the replay burst and the live events (pyisyox promotes SYNCING to
    /// CONNECTED at a 1 s sample point with no frame since the previous one, so the gap must span one: 2.5 s).
    public var quietSeconds: Double = 2.5

    public init() {}
}
