import NIOCore

/// The seam for `wss://`: adds TLS handlers to a freshly connected channel before the opening handshake is
/// written. swift-nio-ssl implements it in a later issue; without one, `wss://` fails with `.tlsUnavailable`.
public protocol WebSocketTransportSecurity: Sendable {
    /// Adds the client-side TLS handlers for `serverHostname` (SNI and certificate check) at the pipeline's front.
    func addClientHandlers(to channel: any Channel, serverHostname: String) -> EventLoopFuture<Void>
}
