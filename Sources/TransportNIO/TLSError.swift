import Codecs
import Foundation

/// Why a TLS connection could not be set up, or why TLS options could not be built. Certificate failures name
/// their reason (RFC 5280 §6 path validation, RFC 6125 §6 host name check) and are never retryable: the same
/// server will present the same certificate again. They are never reported as generic I/O errors.
public enum TLSError: CodecError, Hashable {
    /// The server's certificate does not chain to a trusted root (system store plus any extra roots); the
    /// reason says what the path validation found.
    case untrusted(reason: String)
    /// The certificate is valid and trusted, but is not for the host we connected to (RFC 6125 §6.4 DNS names,
    /// §6.2.1 IP addresses in the subject alternative names).
    case hostnameMismatch(host: String)
    /// A certificate on the only chains to a trusted root is past its `notAfter` (RFC 5280 §4.1.2.5).
    case expired(notValidAfter: Date)
    /// A certificate on the only chains to a trusted root is before its `notBefore` (RFC 5280 §4.1.2.5).
    case notYetValid(notValidBefore: Date)
    /// The server's certificate is not the pinned one (`TLSClientOptions.Trust.pinned`).
    case pinMismatch(expected: TLSFingerprint, presented: TLSFingerprint)
    /// The peer broke the TLS handshake (garbage instead of a ServerHello, no common version or cipher, an alert);
    /// `reason` is BoringSSL's reason name, e.g. `WRONG_VERSION_NUMBER`.
    case handshakeFailed(reason: String)
    /// The handshake did not complete within `handshakeTimeout` (e.g. a server that accepts TCP and says nothing).
    case handshakeTimeout(Duration)
    /// The peer closed or reset the connection before the handshake completed.
    case closedDuringHandshake
    /// A fingerprint string is not 32 hex-encoded bytes (colons between bytes allowed).
    case invalidFingerprint(String)
    /// A certificate or key file could not be read.
    case unreadableFile(path: String)
    /// A file or string holds no usable PEM certificate or private key.
    case invalidPEM(source: String)
    /// A server certificate could not be generated or loaded into the TLS library.
    case certificateSetupFailed(reason: String)
    /// A pinned certificate cannot be expressed as a plain `NIOSSL.TLSConfiguration` (it needs our verifier).
    case pinNotExpressible

    public var code: String {
        switch self {
        case .untrusted: return "tls-untrusted"
        case .hostnameMismatch: return "tls-hostname-mismatch"
        case .expired: return "tls-expired"
        case .notYetValid: return "tls-not-yet-valid"
        case .pinMismatch: return "tls-pin-mismatch"
        case .handshakeFailed: return "tls-handshake-failed"
        case .handshakeTimeout: return "tls-handshake-timeout"
        case .closedDuringHandshake: return "tls-closed-during-handshake"
        case .invalidFingerprint: return "tls-invalid-fingerprint"
        case .unreadableFile: return "tls-unreadable-file"
        case .invalidPEM: return "tls-invalid-pem"
        case .certificateSetupFailed: return "tls-certificate-setup-failed"
        case .pinNotExpressible: return "tls-pin-not-expressible"
        }
    }

    public var message: String {
        switch self {
        case .untrusted(let reason): return "server certificate is not trusted: \(reason)"
        case .hostnameMismatch(let host): return "server certificate is not valid for \(host)"
        case .expired(let date): return "server certificate expired at \(Self.render(date))"
        case .notYetValid(let date): return "server certificate is not valid before \(Self.render(date))"
        case .pinMismatch(let expected, let presented):
            return "server certificate SHA-256 \(presented) is not the pinned \(expected)"
        case .handshakeFailed(let reason): return "TLS handshake failed: \(reason)"
        case .handshakeTimeout(let timeout): return "TLS handshake did not complete within \(timeout)"
        case .closedDuringHandshake: return "connection closed or reset during the TLS handshake"
        case .invalidFingerprint(let text):
            return "fingerprint must be 64 hex digits, optionally with colons between bytes (got \(text.count) characters)"
        case .unreadableFile(let path): return "cannot read \(path)"
        case .invalidPEM(let source): return "no usable PEM certificate or key in \(source)"
        case .certificateSetupFailed(let reason): return "TLS certificate setup failed: \(reason)"
        case .pinNotExpressible: return "a pinned certificate needs TransportNIO's verifier, not a TLSConfiguration"
        }
    }

    public var offset: Int? { nil }

    /// Whether trying the same connection again can succeed: true only for a handshake that timed out or was cut
    /// off; certificate, protocol and configuration failures repeat on every attempt.
    public var isRetryable: Bool {
        switch self {
        case .handshakeTimeout, .closedDuringHandshake: return true
        default: return false
        }
    }

    /// Whether the peer's certificate was refused (untrusted, expired, not yet valid, wrong host, pin mismatch).
    public var isCertificateFailure: Bool {
        switch self {
        case .untrusted, .hostnameMismatch, .expired, .notYetValid, .pinMismatch: return true
        default: return false
        }
    }

    private static func render(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
