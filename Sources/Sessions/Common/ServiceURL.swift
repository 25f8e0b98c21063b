/// Why a service base URL or option could not be turned into a request.
public struct SessionConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code: `unsupported-url-scheme`, `url-missing-host`, `unknown-topic`, `invalid-header`.
    public let code: String
    /// A sentence naming the offending part (never a credential).
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// A base URL split the way the seed clients treat theirs: a lower-cased scheme and the rest (`host[:port]` and
/// an optional path prefix, trailing `/` removed, query and fragment kept in `rest`).
public struct ServiceBaseURL: Hashable, Sendable {
    /// `ws`, `wss`, `http` or `https`; nil when the text had no `scheme://`.
    public let scheme: String?
    /// Everything after `scheme://` (or the whole text), without trailing `/`.
    public let rest: String

    /// Splits `text`; throws when it is empty or names another scheme.
    public init(_ text: String) throws(SessionConfigurationError) {
        var trimmed = Substring(text)
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        if let range = trimmed.firstRange(of: "://") {
            let scheme = trimmed[..<range.lowerBound].lowercased()
            guard ["ws", "wss", "http", "https"].contains(scheme) else {
                throw SessionConfigurationError(
                    code: "unsupported-url-scheme", message: "scheme '\(scheme.prefix(16))' is not ws, wss, http or https")
            }
            self.scheme = scheme
            rest = String(trimmed[range.upperBound...])
        } else {
            scheme = nil
            rest = String(trimmed)
        }
        guard let first = rest.first, first != "/", first != "?" else {
            throw SessionConfigurationError(code: "url-missing-host", message: "the base URL has no host")
        }
    }

    /// `host[:port]`: `rest` up to the first `/`, `?` or `#`.
    public var authority: Substring {
        rest[..<(rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex)]
    }

    /// The path prefix (`/prefix`), empty when there is none; query and fragment cut off.
    public var path: Substring {
        let afterAuthority = rest[authority.endIndex...]
        return afterAuthority[..<(afterAuthority.firstIndex(where: { "?#".contains($0) }) ?? afterAuthority.endIndex)]
    }

    /// Whether `rest` carries a query.
    public var hasQuery: Bool { rest.contains("?") }

    /// The WebSocket scheme for the seed rule "https → wss, http → ws" (pyisyox §2.1, getstream §5.1); `ws`/`wss`
    /// stay; no scheme gives `fallback`.
    public func webSocketScheme(fallback: String) -> String {
        switch scheme {
        case "https", "wss": "wss"
        case "http", "ws": "ws"
        default: fallback
        }
    }
}
