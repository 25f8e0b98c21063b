/// Negotiated permessage-deflate parameters (RFC 7692 §7.1), as they stand after the handshake. The same
/// value describes both directions; `inflate…(for:)` / `deflate…(for:)` pick the side that applies to a role.
public struct PerMessageDeflateParameters: Sendable, Equatable {
    /// The server resets its compression context after each message (§7.1.1.1).
    public var serverNoContextTakeover = false
    /// The client resets its compression context after each message (§7.1.1.2).
    public var clientNoContextTakeover = false
    /// LZ77 window the server compresses with, 8–15 (§7.1.2.1).
    public var serverMaxWindowBits = 15
    /// LZ77 window the client compresses with, 8–15 (§7.1.2.2).
    public var clientMaxWindowBits = 15

    public init(serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
                serverMaxWindowBits: Int = 15, clientMaxWindowBits: Int = 15) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Parses a negotiated (response) extension value such as `permessage-deflate; server_max_window_bits=10`:
    /// exactly one permessage-deflate element, known parameters only, no duplicates, window bits 8–15.
    public init(negotiated value: String) throws(WebSocketHandshakeError) {
        guard let list = WebSocketExtension.parseList(value), list.count == 1, list[0].name == "permessage-deflate"
        else { throw WebSocketHandshakeError(.invalidExtension(value)) }
        self.init()
        var seen: Set<String> = []
        for parameter in list[0].parameters {
            guard seen.insert(parameter.name).inserted else { throw WebSocketHandshakeError(.invalidExtension(value)) }
            switch parameter.name {
            case "server_no_context_takeover":
                guard parameter.value == nil else { throw WebSocketHandshakeError(.invalidExtension(value)) }
                serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard parameter.value == nil else { throw WebSocketHandshakeError(.invalidExtension(value)) }
                clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let bits = Self.windowBits(parameter.value) else {
                    throw WebSocketHandshakeError(.invalidExtension(value))
                }
                serverMaxWindowBits = bits
            case "client_max_window_bits":
                guard let bits = Self.windowBits(parameter.value) else {
                    throw WebSocketHandshakeError(.invalidExtension(value))
                }
                clientMaxWindowBits = bits
            default:
                throw WebSocketHandshakeError(.invalidExtension(value))
            }
        }
    }

    /// A window-bits value: 1–2 decimal digits, no leading zero, 8…15 (§7.1.2).
    static func windowBits(_ text: String?) -> Int? {
        guard let text, let first = text.utf8.first, first != UInt8(ascii: "0"), text.utf8.count <= 2,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let bits = Int(text), (8...15).contains(bits) else { return nil }
        return bits
    }

    /// The response header value a server sends for these parameters.
    public var headerValue: String {
        var text = "permessage-deflate"
        if serverNoContextTakeover { text += "; server_no_context_takeover" }
        if clientNoContextTakeover { text += "; client_no_context_takeover" }
        if serverMaxWindowBits != 15 { text += "; server_max_window_bits=\(serverMaxWindowBits)" }
        if clientMaxWindowBits != 15 { text += "; client_max_window_bits=\(clientMaxWindowBits)" }
        return text
    }

    /// Window bits of the peer's compressor, which our inflater must cover.
    public func inflateWindowBits(for role: WebSocketRole) -> Int {
        role == .client ? serverMaxWindowBits : clientMaxWindowBits
    }

    /// Whether the peer resets its context per message (so our inflater must too).
    public func inflateNoContextTakeover(for role: WebSocketRole) -> Bool {
        role == .client ? serverNoContextTakeover : clientNoContextTakeover
    }

    /// Window bits our compressor may use.
    public func deflateWindowBits(for role: WebSocketRole) -> Int {
        role == .client ? clientMaxWindowBits : serverMaxWindowBits
    }

    /// Whether we must reset our compression context per message.
    public func deflateNoContextTakeover(for role: WebSocketRole) -> Bool {
        role == .client ? clientNoContextTakeover : serverNoContextTakeover
    }
}

/// What a client offers for permessage-deflate (RFC 7692 §7.1) and how it checks the server's answer.
public struct PerMessageDeflateOffer: Sendable, Equatable {
    /// `client_max_window_bits` in an offer: absent, present without a value (we support any the server
    /// picks), or a limit.
    public enum ClientWindowBits: Sendable, Equatable {
        case absent
        case noValue
        case bits(Int)
    }

    /// Ask the server to reset its context per message.
    public var serverNoContextTakeover = false
    /// Tell the server we reset our context per message.
    public var clientNoContextTakeover = false
    /// Limit on the server's window (8–15), or nil for none.
    public var serverMaxWindowBits: Int?
    /// Our own window offer.
    public var clientMaxWindowBits: ClientWindowBits = .noValue

    public init(serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
                serverMaxWindowBits: Int? = nil, clientMaxWindowBits: ClientWindowBits = .noValue) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// The `Sec-WebSocket-Extensions` value to send.
    public var headerValue: String {
        var text = "permessage-deflate"
        if serverNoContextTakeover { text += "; server_no_context_takeover" }
        if clientNoContextTakeover { text += "; client_no_context_takeover" }
        if let bits = serverMaxWindowBits { text += "; server_max_window_bits=\(bits)" }
        switch clientMaxWindowBits {
        case .absent: break
        case .noValue: text += "; client_max_window_bits"
        case let .bits(bits): text += "; client_max_window_bits=\(bits)"
        }
        return text
    }

    /// Checks the server's response value against this offer (§7.1): the server may only tighten what was
    /// offered, must echo `server_no_context_takeover` if asked, and may send `client_max_window_bits` only if
    /// offered. Returns the parameters in force.
    public func accept(response value: String) throws(WebSocketHandshakeError) -> PerMessageDeflateParameters {
        var parameters = try PerMessageDeflateParameters(negotiated: value)
        let names = Set((WebSocketExtension.parseList(value)?.first?.parameters ?? []).map(\.name))
        if serverNoContextTakeover, !parameters.serverNoContextTakeover {
            throw WebSocketHandshakeError(.extensionNotOffered(value))
        }
        if let limit = serverMaxWindowBits {
            if names.contains("server_max_window_bits") {
                guard parameters.serverMaxWindowBits <= limit else {
                    throw WebSocketHandshakeError(.extensionNotOffered(value))
                }
            } else {
                throw WebSocketHandshakeError(.extensionNotOffered(value))
            }
        }
        switch clientMaxWindowBits {
        case .absent:
            if names.contains("client_max_window_bits") { throw WebSocketHandshakeError(.extensionNotOffered(value)) }
        case .noValue:
            break
        case let .bits(limit):
            parameters.clientMaxWindowBits = min(parameters.clientMaxWindowBits, limit)
        }
        if clientNoContextTakeover { parameters.clientNoContextTakeover = true }
        return parameters
    }
}

/// How a server answers permessage-deflate offers (RFC 7692 §7.1): which limits it imposes, and which offer
/// it accepts (the first acceptable one, in the client's order of preference).
public struct PerMessageDeflateServerPolicy: Sendable, Equatable {
    /// Reset our compression context per message even if the client did not ask.
    public var serverNoContextTakeover = false
    /// Ask the client to reset its context per message.
    public var clientNoContextTakeover = false
    /// Our own window limit (8–15), applied when tighter than the client's request.
    public var serverMaxWindowBits: Int?
    /// A limit on the client's window, used only when the client offered `client_max_window_bits`.
    public var clientMaxWindowBits: Int?

    public init(serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
                serverMaxWindowBits: Int? = nil, clientMaxWindowBits: Int? = nil) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Picks the first acceptable permessage-deflate offer in `extensions` (the request's parsed list) and
    /// returns the parameters and the response value, or nil to decline (offers with unknown, duplicate or
    /// invalid parameters are skipped, §7.1).
    public func negotiate(_ extensions: [WebSocketExtension]) -> PerMessageDeflateParameters? {
        offers: for offer in extensions where offer.name == "permessage-deflate" {
            var parameters = PerMessageDeflateParameters()
            var seen: Set<String> = []
            var clientWindowOffered = false
            var clientWindowLimit = 15
            for parameter in offer.parameters {
                guard seen.insert(parameter.name).inserted else { continue offers }
                switch parameter.name {
                case "server_no_context_takeover":
                    guard parameter.value == nil else { continue offers }
                    parameters.serverNoContextTakeover = true
                case "client_no_context_takeover":
                    guard parameter.value == nil else { continue offers }
                    parameters.clientNoContextTakeover = true
                case "server_max_window_bits":
                    guard let bits = PerMessageDeflateParameters.windowBits(parameter.value) else { continue offers }
                    parameters.serverMaxWindowBits = bits
                case "client_max_window_bits":
                    clientWindowOffered = true
                    if let value = parameter.value {
                        guard let bits = PerMessageDeflateParameters.windowBits(value) else { continue offers }
                        clientWindowLimit = bits
                    }
                default:
                    continue offers
                }
            }
            if serverNoContextTakeover { parameters.serverNoContextTakeover = true }
            if clientNoContextTakeover { parameters.clientNoContextTakeover = true }
            if let ours = serverMaxWindowBits {
                parameters.serverMaxWindowBits = min(parameters.serverMaxWindowBits, ours)
            }
            if clientWindowOffered {
                parameters.clientMaxWindowBits = min(clientWindowLimit, clientMaxWindowBits ?? 15)
            }
            return parameters
        }
        return nil
    }
}
