/// The server side of the opening handshake (RFC 6455 §4.2), pure: validates an upgrade request and builds the
/// 101 response (or an error response).
public struct WebSocketServerHandshake: Sendable, Equatable {
    /// Subprotocols we speak, in our order of preference; the first one the client also offers is chosen.
    public var subprotocols: [String]
    /// How we answer permessage-deflate offers; nil declines them.
    public var deflate: PerMessageDeflateServerPolicy?

    public init(subprotocols: [String] = [], deflate: PerMessageDeflateServerPolicy? = nil) {
        self.subprotocols = subprotocols
        self.deflate = deflate
    }

    /// An accepted request: what to answer and what was negotiated.
    public struct Acceptance: Sendable, Equatable {
        public var key: String
        public var result: WebSocketHandshakeResult

        /// The 101 response head bytes (§4.2.2 step 5).
        public var responseBytes: [UInt8] {
            var text = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            text += "Sec-WebSocket-Accept: \(WebSocketAccept.value(forKey: key))\r\n"
            if let subprotocol = result.subprotocol { text += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
            if let deflate = result.deflate { text += "Sec-WebSocket-Extensions: \(deflate.headerValue)\r\n" }
            text += "\r\n"
            return Array(text.utf8)
        }
    }

    /// Checks a request (§4.2.1): GET over HTTP/1.1 or later, Host, `Upgrade: websocket`, `Connection: upgrade`
    /// tokens, a 16-byte key and version 13; then picks a subprotocol and deflate parameters.
    public func accept(_ request: HTTPRequestHead) throws(WebSocketHandshakeError) -> Acceptance {
        guard request.method == "GET", request.version == "HTTP/1.1" || request.version.hasPrefix("HTTP/2")
            || request.version.hasPrefix("HTTP/1.") && request.version != "HTTP/1.0" else {
            throw WebSocketHandshakeError(.invalidRequestLine)
        }
        let headers = request.headers
        guard headers.values(named: "Host").count == 1 else { throw WebSocketHandshakeError(.invalidHeader(name: "Host")) }
        guard headers.tokens(named: "Upgrade").contains("websocket") else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Upgrade"))
        }
        guard headers.tokens(named: "Connection").contains("upgrade") else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Connection"))
        }
        let keys = headers.values(named: "Sec-WebSocket-Key")
        guard keys.count == 1, WebSocketAccept.isValidKey(keys[0]) else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Sec-WebSocket-Key"))
        }
        guard headers.values(named: "Sec-WebSocket-Version") == ["13"] else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Sec-WebSocket-Version"))
        }
        var result = WebSocketHandshakeResult(headers: headers)
        let offered = headers.caseSensitiveTokens(named: "Sec-WebSocket-Protocol")
        result.subprotocol = subprotocols.first { offered.contains($0) }
        if let policy = deflate, let value = headers.combinedValue(named: "Sec-WebSocket-Extensions"),
           let list = WebSocketExtension.parseList(value) {
            result.deflate = policy.negotiate(list)
        }
        return Acceptance(key: keys[0], result: result)
    }

    /// A plain error response (e.g. 400 for a bad upgrade request, §4.2.1), with `Sec-WebSocket-Version: 13`.
    public static func errorResponse(status: Int, reason: String, body: String = "") -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\nSec-WebSocket-Version: 13\r\nContent-Length: \(body.utf8.count)\r\n"
        text += "Connection: close\r\n\r\n" + body
        return Array(text.utf8)
    }

    /// An error response with further header fields, e.g. `WWW-Authenticate` on a 401 from a mock service;
    /// fails if a name is not a token or a value or the reason contains CR, LF or NUL.
    public static func errorResponse(
        status: Int, reason: String, headers: [HTTPHeaderField], body: String = ""
    ) throws(WebSocketHandshakeError) -> [UInt8] {
        try WebSocketClientHandshake.checkValue("reason phrase", reason)
        var text = "HTTP/1.1 \(status) \(reason)\r\nSec-WebSocket-Version: 13\r\n"
        for field in headers {
            guard HeaderTokenScanner.isToken(field.name) else {
                throw WebSocketHandshakeError(.invalidHeaderValue(name: "header name"))
            }
            try WebSocketClientHandshake.checkValue(field.name, field.value)
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        return Array(text.utf8)
    }
}
