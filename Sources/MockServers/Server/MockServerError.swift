import Codecs

/// A mock server could not start or was misconfigured; `code` is stable.
public struct MockServerError: CodecError, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// `--log` could not be opened.
        case logUnwritable = "log-unwritable"
        /// `--fixture` could not be read or holds nothing this service can serve.
        case fixtureUnusable = "fixture-unusable"
        /// An option value is out of range or does not fit the service.
        case invalidOption = "invalid-option"
        /// The listening socket could not be bound.
        case bindFailed = "bind-failed"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var code: String { kind.rawValue }
    public var offset: Int? { nil }
}
