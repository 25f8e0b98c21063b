import Logging

/// How a TLS client checks the server (`wss://`, `https://`). Verification is on by default: the certificate must
/// chain to a root in the system trust store (RFC 5280 §6) and name the host of the URL (RFC 6125 §6). Every
/// weaker choice is an explicit, named opt-in.
public struct TLSClientOptions: Sendable {
    /// Which server certificates are accepted.
    public enum Trust: Sendable, Hashable {
        /// The system trust store (`/etc/ssl/certs/ca-certificates.crt` and the like); host name checked.
        case system
        /// The system trust store plus these certificates as roots (a mock server's or a LAN device's
        /// self-signed certificate, e.g. from `TLSCertificate.loadPEMFile`); host name checked.
        case additionalRoots([TLSCertificate])
        /// Only the certificate with this SHA-256 fingerprint (eisy on a LAN). The pin replaces path validation,
        /// the host name check and the validity dates: it names exactly one certificate, which is the whole
        /// trust decision (a device's self-signed certificate names no usable host).
        case pinned(TLSFingerprint)
        /// No checks at all: any certificate from anyone, so the connection is encrypted but not authenticated
        /// and a man in the middle can read and change it. For diagnosis only; every connection made with it logs
        /// a warning.
        case insecure
    }

    /// Which certificates are accepted; `.system` unless set.
    public var trust: Trust
    /// Time allowed from TCP connect to a finished TLS handshake; a peer that says nothing fails with
    /// `TLSError.handshakeTimeout` when it runs out.
    public var handshakeTimeout: Duration
    /// Where the `insecure` warning goes.
    public var logger: Logger

    /// Options with `trust` (default: the system trust store), a 10 s handshake timeout and the default logger.
    public init(trust: Trust = .system, handshakeTimeout: Duration = .seconds(10),
                logger: Logger = Logger(label: "StreamCodecs.TLS")) {
        self.trust = trust
        self.handshakeTimeout = handshakeTimeout
        self.logger = logger
    }
}
