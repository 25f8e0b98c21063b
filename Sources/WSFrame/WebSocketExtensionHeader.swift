/// One extension in a `Sec-WebSocket-Extensions` header (RFC 6455 §9.1): a name and its parameters in order.
public struct WebSocketExtension: Sendable, Equatable {
    /// A parameter; `value` is nil for a bare name, unquoted for a quoted-string value.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: String?
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var parameters: [Parameter]

    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// The header form, e.g. `permessage-deflate; client_max_window_bits=10`.
    public var headerValue: String {
        var text = name
        for parameter in parameters {
            text += "; " + parameter.name
            if let value = parameter.value { text += "=" + value }
        }
        return text
    }

    /// Parses a comma-separated extension list (several header lines joined with `,`); nil if malformed.
    /// Grammar (§9.1): `extension = token *( ";" token [ "=" (token | quoted-string) ] )`.
    public static func parseList(_ header: String) -> [WebSocketExtension]? {
        var result: [WebSocketExtension] = []
        var scanner = HeaderTokenScanner(Array(header.utf8))
        scanner.skipSpaces()
        if scanner.isAtEnd { return [] }
        while true {
            scanner.skipSpaces()
            guard let name = scanner.token() else { return nil }
            var current = WebSocketExtension(name: name.lowercased())
            scanner.skipSpaces()
            while scanner.consume(UInt8(ascii: ";")) {
                scanner.skipSpaces()
                guard let parameterName = scanner.token() else { return nil }
                scanner.skipSpaces()
                var value: String?
                if scanner.consume(UInt8(ascii: "=")) {
                    scanner.skipSpaces()
                    if let quoted = scanner.quotedString() {
                        // RFC 6455 §9.1: a quoted value must itself be a valid token.
                        guard HeaderTokenScanner.isToken(quoted) else { return nil }
                        value = quoted
                    } else if let token = scanner.token() {
                        value = token
                    } else {
                        return nil
                    }
                    scanner.skipSpaces()
                }
                current.parameters.append(Parameter(name: parameterName.lowercased(), value: value))
            }
            result.append(current)
            if scanner.isAtEnd { return result }
            guard scanner.consume(UInt8(ascii: ",")) else { return nil }
        }
    }
}

/// A tiny scanner for HTTP header grammar (RFC 9110 §5.6): tokens, quoted strings, optional whitespace.
struct HeaderTokenScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    mutating func token() -> String? {
        let start = index
        while index < bytes.count, Self.isTokenByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func quotedString() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var position = index + 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return String(decoding: value, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { return nil }
            }
            value.append(bytes[position])
            position += 1
        }
        return nil
    }
}
