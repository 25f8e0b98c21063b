/// A token, password or `Authorization` value. Every rendering — `description`, `debugDescription`, string
/// interpolation, `dump`, `Mirror` reflection, and so any error or log line that embeds it — is redacted:
/// `Bearer …(redacted, 8 chars)` for a value with an HTTP auth scheme (RFC 9110 §11.6.2), `…(redacted, 8
/// chars)` otherwise. The value is read only through `revealed`, at the one place it goes on the wire.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret itself. Read it only to put it on the wire (a header, a query, a login body); never log it.
    public var revealed: String { value }

    /// Whether the secret is empty (an absent token), without revealing anything else.
    public var isEmpty: Bool { value.isEmpty }

    /// The same secret with an auth scheme in front: `Secret("abc").prefixed(by: "Bearer")` is `Bearer abc`.
    public func prefixed(by scheme: String) -> Secret { Secret(scheme + " " + value) }

    /// Whether two secrets hold the same value (a refresh that returned the same token).
    public func hasSameValue(as other: Secret) -> Bool { value == other.value }

    public var description: String { Self.redacted(value) }

    public var debugDescription: String { "Secret(\(Self.redacted(value)))" }

    /// No children: `dump` and `Mirror` see only the redacted summary.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Auth schemes shown in clear in front of the redaction (they say what kind of secret it is, nothing more).
    private static let schemes: Set<String> = ["bearer", "basic", "token", "jwt", "digest", "apikey"]

    static func redacted(_ value: String) -> String {
        if let space = value.firstIndex(of: " ") {
            let scheme = value[..<space]
            if schemes.contains(scheme.lowercased()) {
                let rest = value[value.index(after: space)...]
                return "\(scheme) …(redacted, \(rest.count) chars)"
            }
        }
        return "…(redacted, \(value.count) chars)"
    }
}

/// A credential provider: returns the current credentials, and fresh ones when called again after a
/// rejection (a static token is a provider that always returns it). Clients take one of these, never a bare
/// token, so a refresh can fetch a new token (issue 16).
public typealias CredentialProvider = @Sendable () async throws -> Secret
