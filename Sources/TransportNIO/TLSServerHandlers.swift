import NIOCore
import NIOSSL

extension TLSServerOptions {
    /// Adds the server side of TLS at the front of `channel`'s pipeline (on its event loop, e.g. from a child
    /// channel initializer): swift-nio-ssl's server handler presenting `identity`, ALPN answering from
    /// `applicationProtocols` when the client offers any, and the handshake timeout.
    public func addServerHandlers(to channel: any Channel, applicationProtocols: [String]) throws {
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: nioTLSConfiguration(applicationProtocols: applicationProtocols))
        } catch {
            throw TLSError.certificateSetupFailed(reason: "cannot create the TLS context: \(error)")
        }
        let sslHandler = NIOSSLServerHandler(context: context)
        let guardHandler = TLSHandshakeHandler(timeout: handshakeTimeout, slot: TLSFailureSlot(), serverHostname: "")
        try channel.pipeline.syncOperations.addHandlers([sslHandler, guardHandler], position: .first)
    }

    /// The same identity as a swift-nio-ssl server configuration (clients are not asked for certificates).
    public func nioTLSConfiguration(applicationProtocols: [String] = []) throws(TLSError) -> TLSConfiguration {
        let chain: [NIOSSLCertificateSource]
        do {
            chain = try identity.certificateChain.map {
                .certificate(try NIOSSLCertificate(bytes: $0.derBytes, format: .der))
            }
        } catch {
            throw .certificateSetupFailed(reason: "the certificate chain does not load: \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(identity.privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = applicationProtocols
        return configuration
    }
}
