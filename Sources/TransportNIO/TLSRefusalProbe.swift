import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOTLS

extension TLSClientOptions {
    /// Names why a server's certificate was refused, by one diagnostic handshake with this package's verifier
    /// (RFC 5280 §6 path and validity dates, RFC 6125 §6 host name): for clients whose TLS stack does not say why
    /// (AsyncHTTPClient's BoringSSL verifier reports only `CERTIFICATE_VERIFY_FAILED`).
    ///
    /// Connects to `host`:`port`, runs the TLS handshake as `addClientHandlers` does with SNI `serverHostname`,
    /// and closes the connection before any application byte is sent. Returns the certificate refusal
    /// (`untrusted`, `expired`, `notYetValid`, `hostnameMismatch`, `pinMismatch`), or nil when the handshake
    /// succeeds, fails otherwise, or the server cannot be reached; at most one connect timeout and one
    /// `handshakeTimeout` long.
    public func diagnoseRefusal(host: String, port: Int, serverHostname: String) async -> TLSError? {
        let outcome = NIOLockedValueBox<EventLoopFuture<TLSError?>?>(nil)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.nanoseconds(handshakeTimeout.nanosecondsSaturating))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.addClientHandlers(to: channel, serverHostname: serverHostname, applicationProtocols: [])
                    let promise = channel.eventLoop.makePromise(of: TLSError?.self)
                    outcome.withLockedValue { $0 = promise.futureResult }
                    try channel.pipeline.syncOperations.addHandler(HandshakeOutcomeHandler(promise: promise))
                }
            }
        guard let channel = try? await bootstrap.connect(host: host, port: port).get() else { return nil }
        let result = try? await outcome.withLockedValue({ $0 })?.get()
        try? await channel.close()
        guard let refusal = result ?? nil else { return nil }
        switch refusal {
        case .untrusted, .expired, .notYetValid, .hostnameMismatch, .pinMismatch: return refusal
        default: return nil
        }
    }
}

/// Behind `TLSHandshakeHandler`: completes `promise` with nil when the handshake finished, or with the
/// `TLSError` that handler reported; a connection that ends first completes it with `closedDuringHandshake` (later completions are ignored).
private final class HandshakeOutcomeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<TLSError?>

    init(promise: EventLoopPromise<TLSError?>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { promise.succeed(nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.succeed(error as? TLSError ?? .handshakeFailed(reason: "\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(.closedDuringHandshake)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.succeed(.closedDuringHandshake)
    }
}
