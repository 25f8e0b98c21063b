/// Why a `--backoff` specification was refused.
public struct BackoffSpecificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code: `backoff-unknown-kind`, `backoff-invalid-seconds`, `backoff-wrong-arity`,
    /// `backoff-unknown-jitter`, `backoff-cap-below-base`, `backoff-too-long`.
    public let code: ReasonCode
    /// A human sentence; it quotes at most the offending field, cut to 32 characters.
    public let message: String

    public var description: String { "\(code): \(message)" }
}

extension Backoff {
    /// The longest specification accepted, and the most schedule steps.
    public static let maximumSpecificationLength = 1024

    /// Parses the `--backoff` grammar shared by every `harness connect` service (issue 16):
    ///
    ///     fixed:S                    → .fixed(S)
    ///     schedule:S,S,…             → .schedule([S, S, …])          (at least one step)
    ///     exponential:BASE,CAP[,J]   → .exponential(base: BASE, factor: 2, cap: CAP, jitter: J)
    ///
    /// `S`, `BASE` and `CAP` are seconds as non-negative decimals (`5`, `0.25`, `.5`; at most 9 fraction digits,
    /// at most 10 integer digits), read exactly. `J` is `none` (the default), `full`, `equal`, `proportional`,
    /// or `jitter`, which means `full`. No spaces.
    public init(specification: String) throws(BackoffSpecificationError) {
        guard specification.utf8.count <= Self.maximumSpecificationLength else {
            throw BackoffSpecificationError(code: "backoff-too-long", message: "specification over 1024 bytes")
        }
        guard let colon = specification.firstIndex(of: ":") else {
            throw BackoffSpecificationError(
                code: "backoff-unknown-kind", message: "expected fixed:S, schedule:S,S,... or exponential:BASE,CAP"
            )
        }
        let kind = specification[..<colon]
        let fields = specification[specification.index(after: colon)...]
            .split(separator: ",", omittingEmptySubsequences: false)
        switch kind {
        case "fixed":
            guard fields.count == 1 else { throw Self.arity("fixed takes one value") }
            self = try .fixed(Self.seconds(fields[0]))
        case "schedule":
            self = try .schedule(fields.map { field throws(BackoffSpecificationError) in try Self.seconds(field) })
        case "exponential":
            guard fields.count == 2 || fields.count == 3 else {
                throw Self.arity("exponential takes BASE,CAP[,jitter]")
            }
            let base = try Self.seconds(fields[0])
            let cap = try Self.seconds(fields[1])
            guard cap >= base else {
                throw BackoffSpecificationError(code: "backoff-cap-below-base", message: "CAP is below BASE")
            }
            var jitter = Jitter.none
            if fields.count == 3 {
                let name = fields[2] == "jitter" ? "full" : String(fields[2])
                guard let parsed = Jitter(rawValue: name) else {
                    throw BackoffSpecificationError(
                        code: "backoff-unknown-jitter",
                        message: "jitter \"\(Self.quoted(fields[2]))\" is not none, full, equal or proportional"
                    )
                }
                jitter = parsed
            }
            self = .exponential(base: base, factor: 2, cap: cap, jitter: jitter)
        default:
            throw BackoffSpecificationError(
                code: "backoff-unknown-kind", message: "kind \"\(Self.quoted(kind))\" is not fixed, schedule or exponential"
            )
        }
    }

    private static func arity(_ message: String) -> BackoffSpecificationError {
        BackoffSpecificationError(code: "backoff-wrong-arity", message: message)
    }

    private static func quoted(_ text: Substring) -> String { String(text.prefix(32)) }

    /// Exact decimal seconds to a `Duration`.
    private static func seconds(_ field: Substring) throws(BackoffSpecificationError) -> Duration {
        let invalid = BackoffSpecificationError(
            code: "backoff-invalid-seconds", message: "\"\(quoted(field))\" is not a number of seconds"
        )
        let parts = field.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        let isDigits = { (text: Substring) in text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        guard !(whole.isEmpty && fraction.isEmpty), whole.utf8.count <= 10, fraction.utf8.count <= 9,
              isDigits(whole), isDigits(fraction), !(parts.count == 2 && fraction.isEmpty) else { throw invalid }
        var seconds: Int64 = 0
        for byte in whole.utf8 { seconds = seconds * 10 + Int64(byte - UInt8(ascii: "0")) }
        var nanoseconds: Int64 = 0
        var scale: Int64 = 100_000_000
        for byte in fraction.utf8 {
            nanoseconds += Int64(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return .seconds(seconds) + .nanoseconds(nanoseconds)
    }
}
