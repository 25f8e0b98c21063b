import Codecs

/// A parsed HTTP/1.1 response head (RFC 9112 §4): status line and header fields.
public struct HTTPResponseHead: Sendable, Equatable {
    public var version: String
    public var status: Int
    public var reason: String
    public var headers: [HTTPHeaderField]

    public init(version: String = "HTTP/1.1", status: Int, reason: String, headers: [HTTPHeaderField]) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}

/// A parsed HTTP/1.1 request head (RFC 9112 §3): request line and header fields.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: String
    public var headers: [HTTPHeaderField]

    public init(method: String, target: String, version: String = "HTTP/1.1", headers: [HTTPHeaderField]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }
}

/// Collects an HTTP head incrementally until the blank line, within a size limit. It remembers where it last
/// searched, so bytes dripping in one at a time are scanned once. Bytes after the head are left to the caller.
public struct HTTPHeadReader: Sendable {
    public let limit: Int
    var bytes: [UInt8] = []
    var searchFrom = 0
    /// The head's bytes including the final CRLF CRLF, once complete.
    public private(set) var head: [UInt8]?

    public init(limit: Int = WebSocketLimits().maxHandshakeSize) { self.limit = limit }

    /// Feeds bytes; returns how many of them belong to the head once it completes (the rest follow it), nil
    /// while more are needed.
    public mutating func feed(_ input: UnsafeRawBufferPointer) throws(WebSocketHandshakeError) -> Int? {
        guard head == nil else { return 0 }
        let start = bytes.count
        bytes.append(contentsOf: input)
        var index = max(0, searchFrom &- 3)
        while index &+ 3 < bytes.count {
            if bytes[index] == 0x0D, bytes[index &+ 1] == 0x0A, bytes[index &+ 2] == 0x0D, bytes[index &+ 3] == 0x0A {
                let end = index &+ 4
                guard end <= limit else { throw WebSocketHandshakeError(.headTooLarge(limit: limit), offset: limit) }
                head = Array(bytes[0..<end])
                bytes = []
                return end &- start
            }
            index &+= 1
        }
        searchFrom = bytes.count
        guard bytes.count <= limit else { throw WebSocketHandshakeError(.headTooLarge(limit: limit), offset: limit) }
        return nil
    }

    /// Splits a complete head into its start line and header fields (no obsolete line folding, names are
    /// tokens, values trimmed, CRLF line ends).
    static func lines(_ head: [UInt8]) throws(WebSocketHandshakeError) -> (String, [HTTPHeaderField]) {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index &+ 1 < head.count {
            if head[index] == 0x0D, head[index &+ 1] == 0x0A {
                lines.append(head[start..<index])
                start = index &+ 2
                index = start
            } else {
                if head[index] == 0x0D || head[index] == 0x0A || head[index] == 0 {
                    throw WebSocketHandshakeError(.malformedHead("stray CR, LF or NUL"), offset: index)
                }
                index &+= 1
            }
        }
        guard let first = lines.first, !first.isEmpty else {
            throw WebSocketHandshakeError(.malformedHead("empty start line"), offset: 0)
        }
        var fields: [HTTPHeaderField] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let first = line.first, first != 0x20, first != 0x09 else {
                throw WebSocketHandshakeError(.malformedHead("obsolete line folding"), offset: line.startIndex)
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(HeaderTokenScanner.isTokenByte) else {
                throw WebSocketHandshakeError(.malformedHead("invalid header line"), offset: line.startIndex)
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)[...].trimmingSpaces()
            fields.append(HTTPHeaderField(name: name, value: value))
        }
        return (String(decoding: first, as: UTF8.self), fields)
    }

    /// Parses a complete response head.
    public static func parseResponse(_ head: [UInt8]) throws(WebSocketHandshakeError) -> HTTPResponseHead {
        let (line, fields) = try lines(head)
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].utf8.count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else {
            throw WebSocketHandshakeError(.malformedHead("invalid status line"), offset: 0)
        }
        return HTTPResponseHead(version: String(parts[0]), status: status,
                                reason: parts.count > 2 ? String(parts[2]) : "", headers: fields)
    }

    /// Parses a complete request head.
    public static func parseRequest(_ head: [UInt8]) throws(WebSocketHandshakeError) -> HTTPRequestHead {
        let (line, fields) = try lines(head)
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts[2].hasPrefix("HTTP/") else {
            throw WebSocketHandshakeError(.invalidRequestLine, offset: 0)
        }
        return HTTPRequestHead(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]),
                               headers: fields)
    }
}
