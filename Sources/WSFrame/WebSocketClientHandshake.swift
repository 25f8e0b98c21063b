import Codecs

/// What a successful opening handshake settled: the subprotocol and the permessage-deflate parameters.
public struct WebSocketHandshakeResult: Sendable, Equatable {
    /// The subprotocol the server selected, nil for none.
    public var subprotocol: String?
    /// Negotiated permessage-deflate parameters, nil when not negotiated.
    public var deflate: PerMessageDeflateParameters?
    /// The other side's head fields, for callers that need more (e.g. cookies).
    public var headers: [HTTPHeaderField]

    public init(subprotocol: String? = nil, deflate: PerMessageDeflateParameters? = nil, headers: [HTTPHeaderField] = []) {
        self.subprotocol = subprotocol
        self.deflate = deflate
        self.headers = headers
    }
}

/// The client side of the opening handshake (RFC 6455 §4.1), pure: builds the upgrade request and validates the
/// server's response head against it.
public struct WebSocketClientHandshake: Sendable, Equatable {
    /// `Host` header value (host, plus `:port` when not the scheme's default).
    public var host: String
    /// Request target: path and query, e.g. `/rest/subscribe?x=1`.
    public var target: String
    public var origin: String?
    /// Subprotocols offered, in order of preference.
    public var subprotocols: [String]
    /// The permessage-deflate offer, nil to offer none.
    public var deflate: PerMessageDeflateOffer?
    /// Further headers, e.g. `Authorization: Bearer …`; values must not contain CR, LF or NUL.
    public var extraHeaders: [HTTPHeaderField]
    /// The `Sec-WebSocket-Key` sent (random 16 bytes, base64).
    public var key: String

    /// Builds a handshake; fails if any name is not a token or any value contains CR, LF or NUL.
    public init(host: String, target: String = "/", origin: String? = nil, subprotocols: [String] = [],
                deflate: PerMessageDeflateOffer? = nil, extraHeaders: [HTTPHeaderField] = [],
                key: String = WebSocketAccept.randomKey()) throws(WebSocketHandshakeError) {
        self.host = host
        self.target = target.isEmpty ? "/" : target
        self.origin = origin
        self.subprotocols = subprotocols
        self.deflate = deflate
        self.extraHeaders = extraHeaders
        self.key = key
        try Self.checkValue("Host", host)
        try Self.checkValue("request target", self.target)
        guard !self.target.utf8.contains(0x20) else { throw WebSocketHandshakeError(.invalidHeaderValue(name: "request target")) }
        if let origin { try Self.checkValue("Origin", origin) }
        for name in subprotocols where !HeaderTokenScanner.isToken(name) {
            throw WebSocketHandshakeError(.invalidHeaderValue(name: "Sec-WebSocket-Protocol"))
        }
        for field in extraHeaders {
            guard HeaderTokenScanner.isToken(field.name) else {
                throw WebSocketHandshakeError(.invalidHeaderValue(name: "header name"))
            }
            try Self.checkValue(field.name, field.value)
        }
    }

    static func checkValue(_ name: String, _ value: String) throws(WebSocketHandshakeError) {
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw WebSocketHandshakeError(.invalidHeaderValue(name: name))
        }
    }

    /// The request head bytes (§4.1): GET, Host, Upgrade, Connection, key, version 13, then the options.
    public var requestBytes: [UInt8] {
        var text = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if let origin { text += "Origin: \(origin)\r\n" }
        if !subprotocols.isEmpty { text += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        if let deflate { text += "Sec-WebSocket-Extensions: \(deflate.headerValue)\r\n" }
        for field in extraHeaders { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Validates a response head (§4.1 steps 1–6): 101, `Upgrade: websocket` and `Connection: upgrade` tokens
    /// case-insensitively, the accept value, and a subprotocol/extension only if offered. A non-101 status
    /// throws `.unexpectedStatus` with `body` attached.
    public func validate(_ response: HTTPResponseHead, body: [UInt8] = []) throws(WebSocketHandshakeError) -> WebSocketHandshakeResult {
        let headers = response.headers
        guard response.status == 101 else {
            throw WebSocketHandshakeError(.unexpectedStatus(
                status: response.status, reason: response.reason, headers: headers, body: body))
        }
        guard headers.tokens(named: "Upgrade").contains("websocket") else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Upgrade"))
        }
        guard headers.tokens(named: "Connection").contains("upgrade") else {
            throw WebSocketHandshakeError(.invalidHeader(name: "Connection"))
        }
        let accepts = headers.values(named: "Sec-WebSocket-Accept")
        guard accepts.count == 1 else { throw WebSocketHandshakeError(.invalidHeader(name: "Sec-WebSocket-Accept")) }
        guard accepts[0] == WebSocketAccept.value(forKey: key) else { throw WebSocketHandshakeError(.acceptMismatch) }
        var result = WebSocketHandshakeResult(headers: headers)
        let protocols = headers.tokens(named: "Sec-WebSocket-Protocol")
        if !protocols.isEmpty {
            let chosen = headers.values(named: "Sec-WebSocket-Protocol").joined(separator: ",")[...].trimmingSpaces()
            guard protocols.count == 1, let offered = subprotocols.first(where: { $0 == chosen }) else {
                throw WebSocketHandshakeError(.protocolNotOffered(chosen))
            }
            result.subprotocol = offered
        }
        if let value = headers.combinedValue(named: "Sec-WebSocket-Extensions") {
            guard let list = WebSocketExtension.parseList(value) else {
                throw WebSocketHandshakeError(.invalidExtension(value))
            }
            if !list.isEmpty {
                guard let offer = deflate, list.count == 1, list[0].name == "permessage-deflate" else {
                    throw WebSocketHandshakeError(.extensionNotOffered(value))
                }
                result.deflate = try offer.accept(response: list[0].headerValue)
            }
        }
        return result
    }
}

/// Reads the server's answer to a client handshake from the byte stream, incrementally: the head, and for a
/// non-101 status the body (by `Content-Length`, else to EOF, at most `maxHandshakeSize` bytes) so that the
/// `.unexpectedStatus` error carries it.
public struct WebSocketClientHandshakeReader: Sendable {
    /// The handshake completed: its result, and the bytes after the head (the first WebSocket frames).
    public struct Upgrade: Sendable, Equatable {
        public var result: WebSocketHandshakeResult
        public var leftover: [UInt8]
    }

    public let handshake: WebSocketClientHandshake
    var reader: HTTPHeadReader
    var failedHead: HTTPResponseHead?
    var body: [UInt8] = []
    let bodyLimit: Int

    public init(handshake: WebSocketClientHandshake, limits: WebSocketLimits = WebSocketLimits()) {
        self.handshake = handshake
        reader = HTTPHeadReader(limit: limits.maxHandshakeSize)
        bodyLimit = limits.maxHandshakeSize
    }

    /// Feeds bytes: nil while more are needed, the upgrade once validated; throws a handshake failure (for a
    /// non-101 status, once its body is complete).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(WebSocketHandshakeError) -> Upgrade? {
        if let head = failedHead {
            body.append(contentsOf: bytes)
            try checkBody(head)
            return nil
        }
        guard let used = try reader.feed(bytes), let headBytes = reader.head else { return nil }
        let head = try HTTPHeadReader.parseResponse(headBytes)
        let rest = Array(UnsafeRawBufferPointer(rebasing: bytes[used...]))
        if head.status != 101 {
            failedHead = head
            body = rest
            try checkBody(head)
            return nil
        }
        return Upgrade(result: try handshake.validate(head), leftover: rest)
    }

    /// Feeds bytes given as an array.
    public mutating func feed(_ bytes: [UInt8]) throws(WebSocketHandshakeError) -> Upgrade? {
        var failure: WebSocketHandshakeError?
        let upgrade: Upgrade? = bytes.withUnsafeBytes { raw in
            do throws(WebSocketHandshakeError) { return try feed(raw) } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return upgrade
    }

    /// The connection ended: a non-101 response fails with its body so far; anything else is a truncated head.
    public mutating func feedEOF() throws(WebSocketHandshakeError) {
        if let head = failedHead {
            throw WebSocketHandshakeError(.unexpectedStatus(
                status: head.status, reason: head.reason, headers: head.headers, body: Array(body.prefix(bodyLimit))))
        }
        throw WebSocketHandshakeError(.unexpectedEOF)
    }

    /// The error is thrown once the body is complete: by `Content-Length` (1*DIGIT, RFC 9112 §6.3; any other value
    /// is ignored and the body runs to EOF or the limit), at once for statuses without content (1xx, 204, 304:
    /// RFC 9110 §15.3.5, §15.4.5), whose error carries no body however the bytes after the head were chunked.
    func checkBody(_ head: HTTPResponseHead) throws(WebSocketHandshakeError) {
        let noContent = head.status < 200 || head.status == 204 || head.status == 304
        let declared = noContent ? 0 : head.headers.values(named: "Content-Length").first.flatMap(Self.contentLength)
        let complete = declared.map { body.count >= $0 } ?? false
        if complete || body.count >= bodyLimit {
            let end = min(body.count, declared ?? bodyLimit, bodyLimit)
            throw WebSocketHandshakeError(.unexpectedStatus(
                status: head.status, reason: head.reason, headers: head.headers, body: Array(body[0..<end])))
        }
    }

    /// A `Content-Length` value: 1 to 18 digits (larger cannot be a body we read), else nil.
    static func contentLength(_ value: String) -> Int? {
        let digits = value.utf8
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(value)
    }
}
