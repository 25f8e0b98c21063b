/// A stable, kebab-case code naming why a connection ended or why the supervisor stopped: `tcp-refused`,
/// `http-401`, `ws-close-1011`, `idle-timeout`, `retries-exhausted`. Status lines, errors and logs carry it;
/// tests and scripts match on it, so a code never changes meaning once published.
public struct ReasonCode: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code itself: lowercase ASCII letters, digits and `-`, at most `maximumLength` bytes.
    public let rawValue: String

    /// Longest code kept; longer input is cut (a code is a name, not a message).
    public static let maximumLength = 64

    /// A code from any text: ASCII letters are lowercased, every run of other bytes becomes one `-`, leading and
    /// trailing `-` are dropped and the result is cut to `maximumLength`; empty input gives `unknown`. Use it
    /// for codes that come from a peer or another module, so a status line never carries arbitrary text.
    public init(_ text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, Self.maximumLength))
        var pendingDash = false
        for byte in text.utf8 {
            if bytes.count >= Self.maximumLength { break }
            let lowered: UInt8? = switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
            default: nil
            }
            guard let lowered else {
                pendingDash = !bytes.isEmpty
                continue
            }
            if pendingDash, bytes.count < Self.maximumLength - 1 { bytes.append(UInt8(ascii: "-")) }
            pendingDash = false
            bytes.append(lowered)
        }
        rawValue = bytes.isEmpty ? "unknown" : String(decoding: bytes, as: UTF8.self)
    }

    /// A code written in source, normalised like `init(_:)`.
    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { rawValue }
}

extension ReasonCode {
    /// `stop()` was called by our side.
    public static let stopRequested: ReasonCode = "stop-requested"
    /// The attempt and reconnect limits of the policy were used up.
    public static let retriesExhausted: ReasonCode = "retries-exhausted"
    /// The credential provider failed when asked for fresh credentials.
    public static let credentialsRefreshFailed: ReasonCode = "credentials-refresh-failed"
    /// A connection from a replaced generation reported in; it is closed and ignored.
    public static let staleGeneration: ReasonCode = "stale-generation"
}
