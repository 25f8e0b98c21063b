/// HTTP/1.1 response bytes (RFC 9112), written by hand so faults can cut them anywhere.
public enum HTTPResponseBytes {
    /// Reason phrases for the statuses the mocks use; others get "Status".
    public static func reason(_ status: Int) -> String {
        switch status {
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    /// A status line and header fields, then the blank line.
    public static func head(status: Int, headers: [(String, String)]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        for (name, value) in headers where isSafe(name, value) { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A complete response with `Content-Length`.
    public static func complete(status: Int, headers: [(String, String)], body: [UInt8], keepAlive: Bool) -> [UInt8] {
        var all = headers
        all.append(("Content-Length", String(body.count)))
        all.append(("Connection", keepAlive ? "keep-alive" : "close"))
        return head(status: status, headers: all) + body
    }

    /// A JSON response.
    public static func json(status: Int, _ body: String, headers: [(String, String)] = [], keepAlive: Bool = true)
        -> [UInt8]
    {
        complete(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8),
                 keepAlive: keepAlive)
    }

    /// One chunk of a chunked body (RFC 9112 §7.1): size in hex, CRLF, data, CRLF.
    public static func chunk(_ data: [UInt8]) -> [UInt8] {
        Array(String(data.count, radix: 16).utf8) + [0x0D, 0x0A] + data + [0x0D, 0x0A]
    }

    /// The last chunk that ends a chunked body.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// No CR, LF or NUL anywhere, no colon or space in the name (no header injection).
    static func isSafe(_ name: String, _ value: String) -> Bool {
        let bad: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
        return !name.isEmpty && !name.utf8.contains { bad($0) || $0 == 0x3A || $0 == 0x20 } && !value.utf8.contains(where: bad)
    }
}
