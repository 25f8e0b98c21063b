/// One HTTP request as a mock sees it: method, path, decoded query parameters (in order), headers, body.
public struct MockRequest: Sendable {
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    /// The path, percent-decoded.
    public var path: String
    /// The query string's parameters, `+` and percent escapes decoded, in order (repeats kept).
    public var query: [(String, String)]
    /// Header fields in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = URLComponentDecoding.decode(parts.first.map(String.init) ?? "", plusIsSpace: false)
        query = parts.count > 1 ? URLComponentDecoding.parseQuery(String(parts[1])) : []
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// True for a WebSocket upgrade request (`Upgrade: websocket`, RFC 6455 §4.1).
    public var isWebSocketUpgrade: Bool { header("upgrade")?.lowercased() == "websocket" }

    /// The query as a log object; values of `token`, `api_key` and `access_token` are replaced by `"(redacted)"`.
    public var loggedQuery: [(String, String)] {
        query.map { key, value in
            ["token", "api_key", "access_token"].contains(key) ? (key, "(redacted)") : (key, value)
        }
    }
}

/// `application/x-www-form-urlencoded` and URL path decoding (WHATWG URL §5.1): `%XX` escapes (invalid ones
/// left as they are) and, in queries, `+` as space; invalid UTF-8 becomes U+FFFD.
enum URLComponentDecoding {
    static func parseQuery(_ query: String) -> [(String, String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(kv[0]), plusIsSpace: true)
            let value = kv.count > 1 ? decode(String(kv[1]), plusIsSpace: true) : ""
            return (key, value)
        }
    }

    static func decode(_ text: String, plusIsSpace: Bool) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
