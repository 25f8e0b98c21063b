/// The deadlines of one streaming request. Durations are measured on the clock given to `HTTPEventStream`
/// (except `connect`, which AsyncHTTPClient applies on the event loop's clock).
public struct HTTPStreamTimeouts: Sendable, Hashable {
    /// TCP connect plus TLS handshake, for a new connection: AsyncHTTPClient gives both one connection deadline
    /// (`HTTPClient.Configuration.Timeout.connect`); the error names the phase that ran out
    /// (`connect-timeout`, `tls-handshake-timeout`). 10 s, AsyncHTTPClient's own default.
    public var connect: Duration
    /// From sending the request (waiting for a pooled connection included) to the end of the response head: a
    /// server that accepts TCP and says nothing, or drips a head that never ends, fails with `head-timeout`.
    /// 30 s: a healthy server answers a streaming request's head at once; data may come later.
    public var responseHead: Duration
    /// Longest wait for the next body bytes while the consumer is ready for them (time the consumer spends on
    /// items does not count, so a slow consumer is never taken for a dead connection); any bytes reset it, SSE
    /// comments and NDJSON heartbeats included. Fails with `idle-timeout`. nil: no limit. 300 s (LaunchDarkly's
    /// SSE read timeout); services with known heartbeats set a few of their intervals.
    public var idleRead: Duration?

    /// Timeouts with the defaults documented on each field.
    public init(connect: Duration = .seconds(10), responseHead: Duration = .seconds(30), idleRead: Duration? = .seconds(300)) {
        self.connect = connect
        self.responseHead = responseHead
        self.idleRead = idleRead
    }
}
