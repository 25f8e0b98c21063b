import NIOConcurrencyHelpers

/// The configured credentials (`--token`) and which are valid now: the first is valid at start, `issueNext`
/// (a refresh) makes the next one valid, `expire` revokes one (`expire-token:N`). Never logs a secret: callers
/// log the 0-based index.
public final class TokenBook: Sendable {
    public let tokens: [String]
    private let state: NIOLockedValueBox<(valid: Set<Int>, issued: Int)>

    public init(_ tokens: [String], allValid: Bool = false) {
        self.tokens = tokens
        let valid: Set<Int> = allValid ? Set(tokens.indices) : (tokens.isEmpty ? [] : [0])
        state = NIOLockedValueBox((valid, allValid ? tokens.count : min(1, tokens.count)))
    }

    /// True when no tokens are configured (any credential passes).
    public var isOpen: Bool { tokens.isEmpty }

    /// The index of `token` if it is configured and valid now.
    public func check(_ token: String) -> Int? {
        guard let index = tokens.firstIndex(of: token) else { return nil }
        return state.withLockedValue { $0.valid.contains(index) } ? index : nil
    }

    /// Makes the next configured token valid and returns its index (nil when all were issued).
    public func issueNext() -> Int? {
        state.withLockedValue { state -> Int? in
            guard state.issued < tokens.count else { return nil }
            let index = state.issued
            state.issued += 1
            state.valid.insert(index)
            return index
        }
    }

    /// Revokes token `index`.
    public func expire(_ index: Int) {
        _ = state.withLockedValue { $0.valid.remove(index) }
    }
}

/// How a request's credential fared, for the log's `auth` field.
public enum AuthOutcome: String, Sendable {
    case accepted
    case rejected
    case missing
}
