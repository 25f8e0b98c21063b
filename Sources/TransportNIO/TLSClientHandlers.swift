import NIOCore
import NIOSSL
import X509

extension TLSClientOptions {
    /// Adds the client side of TLS at the front of `channel`'s pipeline (call it on the channel's event loop,
    /// e.g. from a bootstrap's channel initializer): swift-nio-ssl's handler with SNI set to `serverHostname`
    /// (left out for IP literals, which SNI cannot carry, RFC 6066 §3), ALPN offering `applicationProtocols`
    /// (`["http/1.1"]` for WebSocket, RFC 6455 §4.1 runs over HTTP/1.1), the certificate check `trust` asks for,
    /// and a handler that reports how the handshake failed as one `TLSError` within `handshakeTimeout`.
    public func addClientHandlers(to channel: any Channel, serverHostname: String, applicationProtocols: [String])
        throws
    {
        let configuration = try nioConfiguration(applicationProtocols: applicationProtocols, forVerifier: true)
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSError.certificateSetupFailed(reason: "cannot create the TLS context: \(error)")
        }
        let sniName: String? = IPAddressBytes(serverHostname) == nil ? serverHostname : nil
        let slot = TLSFailureSlot()
        let sslHandler: NIOSSLClientHandler
        switch trust {
        case .insecure:
            logger.warning(
                "TLS certificate verification is OFF (insecure): the connection is not authenticated",
                metadata: ["host": "\(serverHostname)"])
            sslHandler = try NIOSSLClientHandler(context: context, serverHostname: sniName)
        case .system:
            let verifier = PeerCertificateVerifier(mode: .roots(extra: []), slot: slot)
            sslHandler = try NIOSSLClientHandler(
                context: context, serverHostname: sniName, customVerificationCallback: verifier.verify)
        case .additionalRoots(let roots):
            let extra = roots.compactMap { try? Certificate(derEncoded: $0.derBytes) }
            let verifier = PeerCertificateVerifier(mode: .roots(extra: extra), slot: slot)
            sslHandler = try NIOSSLClientHandler(
                context: context, serverHostname: sniName, customVerificationCallback: verifier.verify)
        case .pinned(let pin):
            let verifier = PeerCertificateVerifier(mode: .pinned(pin), slot: slot)
            sslHandler = try NIOSSLClientHandler(
                context: context, serverHostname: sniName, customVerificationCallback: verifier.verify)
        }
        let guardHandler = TLSHandshakeHandler(timeout: handshakeTimeout, slot: slot, serverHostname: serverHostname)
        try channel.pipeline.syncOperations.addHandlers([sslHandler, guardHandler], position: .first)
    }

    /// The same choices as a swift-nio-ssl client configuration, for clients that build their own TLS handlers
    /// from one (AsyncHTTPClient's `HTTPClient.Configuration.tlsConfiguration`): `.system` and
    /// `.additionalRoots` become BoringSSL's full verification against the system store (plus the roots),
    /// `.insecure` no verification (logged here at warning); `.pinned` throws `TLSError.pinNotExpressible`, as a
    /// pin needs `addClientHandlers`. Failures such a client reports can be named with `TLSError(classifying:)`.
    public func nioTLSConfiguration() throws(TLSError) -> TLSConfiguration {
        if case .pinned = trust { throw .pinNotExpressible }
        if case .insecure = trust {
            logger.warning("TLS certificate verification is OFF (insecure): connections are not authenticated")
        }
        return try nioConfiguration(applicationProtocols: [], forVerifier: false)
    }

    /// The swift-nio-ssl configuration; `forVerifier` leaves the chain check to `PeerCertificateVerifier` (no
    /// trust roots loaded into BoringSSL), host names still checked by swift-nio-ssl where `trust` wants them.
    private func nioConfiguration(applicationProtocols: [String], forVerifier: Bool) throws(TLSError)
        -> TLSConfiguration
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = applicationProtocols
        switch trust {
        case .system:
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = forVerifier ? .certificates([]) : .default
        case .additionalRoots(let roots):
            configuration.certificateVerification = .fullVerification
            if forVerifier {
                configuration.trustRoots = .certificates([])
            } else {
                configuration.trustRoots = .default
                configuration.additionalTrustRoots = [.certificates(try roots.map { certificate throws(TLSError) in
                    do {
                        return try NIOSSLCertificate(bytes: certificate.derBytes, format: .der)
                    } catch {
                        throw .invalidPEM(source: "an additional root")
                    }
                })]
            }
        case .pinned:
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates([])
        case .insecure:
            configuration.certificateVerification = .none
        }
        return configuration
    }
}

extension TLSError {
    /// Names an error a swift-nio-ssl-based client reported for a handshake (host name mismatch, protocol
    /// failure, early close); nil when `error` is not a TLS error. BoringSSL's own verifier does not say why it
    /// refused a chain, so its `CERTIFICATE_VERIFY_FAILED` becomes `.untrusted` with that reason name.
    public init?(classifying error: any Error, serverHostname: String) {
        if let error = error as? TLSError {
            self = error
            return
        }
        guard error is NIOSSLError || error is NIOSSLExtraError else { return nil }
        let classified = TLSHandshakeHandler.classify(error, recorded: nil, serverHostname: serverHostname)
        if case .handshakeFailed(let reason) = classified, reason.contains("CERTIFICATE_VERIFY_FAILED") {
            self = .untrusted(reason: reason)
        } else {
            self = classified
        }
    }
}
