import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import TransportNIO

/// How `HTTPEventStream.clientConfiguration(timeouts:tls:)` applies TransportNIO's `TLSClientOptions` to
/// AsyncHTTPClient, which builds its own swift-nio-ssl handlers from a `TLSConfiguration`:
///
/// - `.system` and `.additionalRoots`: BoringSSL's full verification (RFC 5280 §6 path, RFC 6125 §6 host name)
///   against the system store plus the extra roots (`TLSClientOptions.nioTLSConfiguration()`).
/// - `.pinned`: no chain or host name check in BoringSSL; AsyncHTTPClient's per-connection initializers (they run
///   after the handshake and before the pool hands the connection to any request, so not one request byte goes
///   to an unpinned server) compare the leaf's SHA-256 with the pin and fail the connection with
///   `TLSError.pinMismatch`.
/// - `.insecure`: no verification, logged at warning by TransportNIO.
///
/// Options that cannot be turned into a configuration (an extra root BoringSSL cannot load) fail closed: nothing
/// is trusted, so every `https://` connection fails `tls-untrusted`.
enum HTTPStreamTLS {
    static func apply(_ options: TLSClientOptions, to configuration: inout HTTPClient.Configuration) {
        switch options.trust {
        case .pinned(let pin):
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            tls.certificateVerification = .none
            configuration.tlsConfiguration = tls
            let check: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
                checkPin(pin, on: channel)
            }
            configuration.http1_1ConnectionDebugInitializer = check
            configuration.http2ConnectionDebugInitializer = check
        case .system, .additionalRoots, .insecure:
            do {
                configuration.tlsConfiguration = try options.nioTLSConfiguration()
            } catch {
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.minimumTLSVersion = .tlsv12
                tls.trustRoots = .certificates([])
                configuration.tlsConfiguration = tls
            }
        }
    }

    /// Succeeds when `channel` is plain HTTP (no TLS handler) or its peer's leaf certificate hashes to `pin`.
    static func checkPin(_ pin: TLSFingerprint, on channel: any Channel) -> EventLoopFuture<Void> {
        channel.pipeline.handler(type: NIOSSLHandler.self).flatMap { handler -> EventLoopFuture<Void> in
            guard let certificate = handler.peerCertificate, let der = try? certificate.toDERBytes() else {
                return channel.eventLoop.makeFailedFuture(TLSError.untrusted(reason: "the server sent no certificate"))
            }
            let presented = TLSFingerprint(derBytes: der)
            guard presented == pin else {
                return channel.eventLoop.makeFailedFuture(TLSError.pinMismatch(expected: pin, presented: presented))
            }
            return channel.eventLoop.makeSucceededVoidFuture()
        }.flatMapError { error in
            if error is TLSError { return channel.eventLoop.makeFailedFuture(error) }
            // No NIOSSLHandler: an `http://` connection, which a pin does not cover.
            return channel.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// The host of an absolute URL, as TLS host name checks compare it (IPv6 literals without brackets).
    static func host(of url: String) -> String {
        guard let host = URLComponents(string: url)?.host else { return "" }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host
    }
}
