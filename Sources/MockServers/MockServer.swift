import NIOCore

/// A service a mock server speaks: routes each HTTP request (stream requests, WebSocket upgrades and the
/// service's control plane) on one port.
public protocol MockService: Sendable {
    /// `ws` or `http` (`wss`/`https` with TLS).
    var scheme: String { get }
    /// Answers `request` on `connection`; returns when the request (or the stream it opened) is over.
    func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async
}

/// A running mock server: one service on one loopback port, its log, and its base URL.
public final class MockServer: Sendable {
    public let context: MockContext
    public let service: any MockService
    private let listener: MockListener

    private init(context: MockContext, service: any MockService, listener: MockListener) {
        self.context = context
        self.service = service
        self.listener = listener
    }

    /// The port bound (useful with port 0).
    public var port: Int { listener.port }

    /// The base URL, e.g. `http://127.0.0.1:8080` or `wss://127.0.0.1:8443`.
    public var url: String {
        let scheme = service.scheme + (context.options.tls == nil ? "" : "s")
        let host = listener.host.contains(":") ? "[\(listener.host)]" : listener.host
        return "\(scheme)://\(host):\(port)"
    }

    /// Binds and starts serving `service`.
    public static func start(_ service: any MockService, options: MockServerOptions, log: ServerLog) async throws
        -> MockServer
    {
        let listener = MockListener(host: options.host, tls: options.tls)
        let context = MockContext(options: options, log: log, listener: listener)
        listener.setRoute { request, connection in
            await service.handle(request, on: connection, context: context)
        }
        do {
            try await listener.bind(port: options.port)
        } catch {
            throw MockServerError(.bindFailed, "cannot listen on \(options.host):\(options.port): \(error)")
        }
        return MockServer(context: context, service: service, listener: listener)
    }

    /// Stops listening (open connections end when their peers leave or their streams end).
    public func stop() async {
        await listener.stop()
    }
}
