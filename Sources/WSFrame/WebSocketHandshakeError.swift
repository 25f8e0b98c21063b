public import Codecs

/// A failed opening handshake (RFC 6455 §4). An HTTP status other than 101 is `.unexpectedStatus` and keeps the
/// status, headers and body so a client can decide between refreshing credentials and giving up.
public struct WebSocketHandshakeError: CodecError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The server answered with a status other than 101.
        case unexpectedStatus(status: Int, reason: String, headers: [HTTPHeaderField], body: [UInt8])
        /// The HTTP head is not well-formed (status line, header line, obsolete folding).
        case malformedHead(String)
        /// The head exceeds `maxHandshakeSize`.
        case headTooLarge(limit: Int)
        /// A required header is missing or has a wrong value (`Upgrade`, `Connection`, version, key).
        case invalidHeader(name: String)
        /// `Sec-WebSocket-Accept` does not match the key we sent.
        case acceptMismatch
        /// The server chose a subprotocol we did not offer.
        case protocolNotOffered(String)
        /// The server answered an extension we did not offer, or with parameters outside our offer.
        case extensionNotOffered(String)
        /// An extension header value we cannot parse.
        case invalidExtension(String)
        /// A header value we were asked to send contains CR, LF or NUL (header injection).
        case invalidHeaderValue(name: String)
        /// The request method is not GET or the HTTP version is below 1.1 (server side).
        case invalidRequestLine
        /// The input ended before the head was complete.
        case unexpectedEOF
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int? = nil) {
        self.kind = kind
        self.offset = offset
    }

    /// The HTTP status of an `.unexpectedStatus` failure.
    public var status: Int? {
        if case let .unexpectedStatus(status, _, _, _) = kind { return status }
        return nil
    }

    public var code: String {
        switch kind {
        case .unexpectedStatus: "ws-handshake-status"
        case .malformedHead: "http-malformed-head"
        case .headTooLarge: "http-head-too-large"
        case .invalidHeader: "ws-handshake-invalid-header"
        case .acceptMismatch: "ws-handshake-accept-mismatch"
        case .protocolNotOffered: "ws-handshake-protocol-not-offered"
        case .extensionNotOffered: "ws-handshake-extension-not-offered"
        case .invalidExtension: "ws-handshake-invalid-extension"
        case .invalidHeaderValue: "ws-handshake-invalid-header-value"
        case .invalidRequestLine: "ws-handshake-invalid-request-line"
        case .unexpectedEOF: "http-unexpected-eof"
        }
    }

    public var message: String {
        switch kind {
        case let .unexpectedStatus(status, _, headers, body):
            "server answered \(status) (\(headers.count) headers, \(body.count) body bytes) instead of 101"
        case let .malformedHead(what): "malformed HTTP head: \(what)"
        case let .headTooLarge(limit): "HTTP head exceeds \(limit) bytes"
        case let .invalidHeader(name): "missing or invalid \(name) header"
        case .acceptMismatch: "Sec-WebSocket-Accept does not match the key sent"
        case .protocolNotOffered: "server selected a subprotocol that was not offered"
        case .extensionNotOffered: "server accepted an extension or parameter that was not offered"
        case .invalidExtension: "unparseable or unsupported Sec-WebSocket-Extensions value"
        case let .invalidHeaderValue(name): "value of \(name) contains CR, LF or NUL"
        case .invalidRequestLine: "request line is not 'GET <target> HTTP/1.1'"
        case .unexpectedEOF: "input ended inside the HTTP head"
        }
    }
}
