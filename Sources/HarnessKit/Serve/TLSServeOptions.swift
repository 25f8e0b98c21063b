import MockServers
import NIOCore
import TransportNIO

/// The TLS options every `harness serve` mock takes (`--tls [--cert PEM --key PEM] [--cert-out PEM]`, issue 15),
/// parsed by the CLI and turned into the server's `TLSServerOptions` here, so each mock gets the same rules.
public struct TLSServeOptions: Sendable, Equatable {
    /// `--tls`: serve `wss://` / `https://`.
    public var enabled = false
    /// `--cert`: the certificate chain PEM file (leaf first); needs `--key`. Without it a self-signed certificate
    /// for 127.0.0.1 and localhost is generated at start.
    public var certificatePath: String?
    /// `--key`: the private key PEM file for `--cert`.
    public var keyPath: String?
    /// `--cert-out`: where to write the served certificate's PEM, so a client can trust exactly it.
    public var certificateOutputPath: String?

    public init() {}

    /// Why a combination of the options is refused, as one line naming the option.
    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The options' own consistency: `--cert` and `--key` together, and neither them nor `--cert-out` without
    /// `--tls`.
    public func validate() throws(UsageError) {
        if !enabled {
            for (flag, value) in [("--cert", certificatePath), ("--key", keyPath), ("--cert-out", certificateOutputPath)]
            where value != nil {
                throw UsageError(description: "\(flag): needs --tls")
            }
        }
        if (certificatePath == nil) != (keyPath == nil) {
            throw UsageError(description: certificatePath == nil ? "--key: needs --cert" : "--cert: needs --key")
        }
    }

    /// The server's TLS settings (nil without `--tls`): the given certificate and key, or a generated self-signed
    /// certificate; writes the certificate PEM to `--cert-out` when given. Call before printing the URL, so the
    /// file exists when a client reads the URL line.
    public func makeServerOptions() throws -> TLSServerOptions? {
        try validate()
        guard enabled else { return nil }
        let identity: TLSServerIdentity
        if let certificatePath, let keyPath {
            identity = try TLSServerIdentity.pemFiles(certificate: certificatePath, key: keyPath)
        } else {
            identity = try TLSServerIdentity.selfSigned()
        }
        if let certificateOutputPath { try identity.writeCertificatePEM(to: certificateOutputPath) }
        return TLSServerOptions(identity: identity)
    }
}

extension TLSServeOptions {
    /// `server` as the mock servers' TLS seam (ALPN `http/1.1`: the mocks speak HTTP/1.1 and WebSocket over it).
    public static func mockTLSProvider(_ server: TLSServerOptions) -> any MockTLSProvider {
        MockTLS(server: server)
    }
}

/// TransportNIO's server TLS behind `MockTLSProvider`.
private struct MockTLS: MockTLSProvider {
    let server: TLSServerOptions

    func addServerHandlers(to channel: any Channel) throws {
        try server.addServerHandlers(to: channel, applicationProtocols: ["http/1.1"])
    }
}
