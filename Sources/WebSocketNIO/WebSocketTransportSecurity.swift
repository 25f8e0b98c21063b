import NIOCore
import TransportNIO

/// The seam for `wss://`: adds TLS handlers to a freshly connected channel before the opening handshake is
/// written. `TLSClientOptions` (TransportNIO, swift-nio-ssl) implements it and is the configuration's default.
public protocol WebSocketTransportSecurity: Sendable {
    /// Adds the client-side TLS handlers for `serverHostname` (SNI and certificate check) at the pipeline's front.
    func addClientHandlers(to channel: any Channel, serverHostname: String) -> EventLoopFuture<Void>
}

/// The server side of the seam: adds TLS handlers to an accepted channel before the upgrade request is read.
/// `TLSServerOptions` (TransportNIO) implements it.
public protocol WebSocketServerTransportSecurity: Sendable {
    /// Adds the server-side TLS handlers at the pipeline's front.
    func addServerHandlers(to channel: any Channel) -> EventLoopFuture<Void>
}

extension TLSClientOptions: WebSocketTransportSecurity {
    /// TLS with these options, offering ALPN `http/1.1` (the opening handshake is an HTTP/1.1 request, RFC 6455
    /// §4.1); certificate failures surface from `connect` as `TLSError`.
    public func addClientHandlers(to channel: any Channel, serverHostname: String) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try addClientHandlers(to: channel, serverHostname: serverHostname, applicationProtocols: ["http/1.1"])
        }
    }
}

extension TLSServerOptions: WebSocketServerTransportSecurity {
    /// TLS presenting this identity, answering ALPN `http/1.1` when the client offers it.
    public func addServerHandlers(to channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try addServerHandlers(to: channel, applicationProtocols: ["http/1.1"])
        }
    }
}
