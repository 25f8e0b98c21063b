/// How an in-process TLS server (mock servers, tests) runs: the identity it presents and how long a client may
/// take to finish the handshake. Clients are not asked for certificates.
public struct TLSServerOptions: Sendable {
    /// The certificate chain and key presented to clients.
    public var identity: TLSServerIdentity
    /// Time allowed from TCP accept to a finished TLS handshake.
    public var handshakeTimeout: Duration

    public init(identity: TLSServerIdentity, handshakeTimeout: Duration = .seconds(10)) {
        self.identity = identity
        self.handshakeTimeout = handshakeTimeout
    }
}
