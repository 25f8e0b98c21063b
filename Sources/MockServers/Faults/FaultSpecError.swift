import Codecs

/// Why a `--fault` value could not be parsed; `code` is stable, the message names the spec and the rule.
public struct FaultSpecError: CodecError, Equatable {
    /// What was wrong.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing was given.
        case empty = "fault-empty"
        /// The kind is not one of the documented kinds.
        case unknownKind = "fault-unknown-kind"
        /// The kind needs an argument (`drop-after:N`).
        case missingArgument = "fault-missing-argument"
        /// The kind takes no argument (`drip`).
        case unexpectedArgument = "fault-unexpected-argument"
        /// The argument is not a number in range, or its shape is wrong.
        case invalidArgument = "fault-invalid-argument"
        /// The part after `@` is not `K` or `K-` with K >= 1.
        case invalidAttempt = "fault-invalid-attempt"
    }

    public var kind: Kind
    /// The spec as given.
    public var spec: String
    /// What rule it broke, e.g. "drop-after needs a count N >= 0".
    public var detail: String

    public init(_ kind: Kind, spec: String, detail: String) {
        self.kind = kind
        self.spec = spec
        self.detail = detail
    }

    public var code: String { kind.rawValue }
    public var message: String { "fault '\(spec)': \(detail)" }
    public var offset: Int? { nil }
}
