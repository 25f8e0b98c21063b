/// One HTTP header field as received or to be sent, in wire order, with the name's case kept; names compare
/// case-insensitively via `lowercasedName`.
///
/// Why not swift-http-types' `HTTPFields` (which AsyncHTTPClient and NIO's `HTTPHeaders` interoperate with):
/// WSFrame is a sans-I/O codec module and imports only the standard library, `Codecs` and the C shims
/// (ARCHITECTURE.md), so it takes no package dependency; and the handshake reports the peer's head exactly as
/// it was on the wire (duplicates, order, name case; `HTTPField` turns invalid value bytes into spaces and
/// `HTTPField.Name` refuses non-token names), which a rejected-upgrade report
/// (`WebSocketHandshakeError.unexpectedStatus`) and the header-injection checks need. The conversion to `HTTPFields`/`HTTPHeaders` belongs
/// to the I/O layers (WebSocketNIO, HTTP streaming), one line per field, where those types are spoken.
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The name in lower case, for case-insensitive lookups (RFC 9110 §5.1).
    public var lowercasedName: String { name.lowercased() }
}

extension Array where Element == HTTPHeaderField {
    /// Every value of the header `name` (case-insensitive), in order.
    public func values(named name: String) -> [String] {
        let wanted = name.lowercased()
        return filter { $0.lowercasedName == wanted }.map(\.value)
    }

    /// The values of `name` joined with ", " (RFC 9110 §5.3), or nil when absent.
    public func combinedValue(named name: String) -> String? {
        let all = values(named: name)
        return all.isEmpty ? nil : all.joined(separator: ", ")
    }

    /// The comma-separated tokens of `name` across all its lines, trimmed and lower-cased.
    public func tokens(named name: String) -> [String] {
        caseSensitiveTokens(named: name).map { $0.lowercased() }
    }

    /// The comma-separated tokens of `name` across all its lines, trimmed, with their case kept (subprotocol
    /// names compare case-sensitively, RFC 6455 §4.1 and §11.5).
    public func caseSensitiveTokens(named name: String) -> [String] {
        values(named: name).flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
