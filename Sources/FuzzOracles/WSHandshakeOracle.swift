import Codecs
import WSFrame

/// The WebSocket opening handshake readers on arbitrary bytes (`FuzzWSHandshake`). Byte 0 bit 0 picks the side:
/// the client reading a server's answer (`WebSocketClientHandshakeReader`) or the server reading an upgrade
/// request (`HTTPHeadReader` + `WebSocketServerHandshake.accept`). Fed whole and in input-derived pieces, both
/// give the same outcome; errors have kebab-case codes and offsets inside the input; an accepted answer holds
/// the RFC 6455 §1.3 accept value for the key sent, and its leftover is exactly the bytes after the head; an
/// accepted request's 101 response parses back with the accept value for its key.
public enum WSHandshakeOracle {
    /// RFC 6455 §1.3's sample key and the accept value it must produce.
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let acceptValue = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    static let limits: WebSocketLimits = {
        var limits = WebSocketLimits()
        limits.maxHandshakeSize = 1024
        return limits
    }()

    enum ClientOutcome: Equatable {
        case upgrade(WebSocketHandshakeResult, leftover: [UInt8])
        case failure(WebSocketHandshakeError)
    }

    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        guard let selector = input.first else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: input[1...])
        let piece = Int(selector >> 1) % 17 &+ 1
        if selector & 1 == 0 {
            let whole = client(bytes, piece: bytes.count)
            try checkClient(whole, bytes)
            let pieces = client(bytes, piece: piece)
            guard pieces == whole else { throw FuzzViolation("client: pieces of \(piece) give \(pieces), whole \(whole)") }
        } else {
            let whole = server(bytes, piece: bytes.count)
            try checkServer(whole, count: bytes.count)
            let pieces = server(bytes, piece: piece)
            guard pieces == whole else { throw FuzzViolation("server: pieces of \(piece) differ from whole") }
        }
    }

    static func client(_ bytes: UnsafeRawBufferPointer, piece: Int) -> ClientOutcome {
        let handshake: WebSocketClientHandshake
        do throws(WebSocketHandshakeError) {
            handshake = try WebSocketClientHandshake(
                host: "example.com", target: "/chat", subprotocols: ["chat", "v2"], deflate: PerMessageDeflateOffer(),
                key: key)
        } catch {
            return .failure(error)
        }
        var reader = WebSocketClientHandshakeReader(handshake: handshake, limits: limits)
        var start = 0
        let step = max(1, piece)
        do throws(WebSocketHandshakeError) {
            while start < bytes.count {
                let end = min(bytes.count, start &+ step)
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                start = end
                if let upgrade = try reader.feed(chunk) {
                    return .upgrade(upgrade.result, leftover: upgrade.leftover + Array(bytes[end...]))
                }
            }
            try reader.feedEOF()
            return .failure(WebSocketHandshakeError(.unexpectedEOF))
        } catch {
            return .failure(error)
        }
    }

    static func checkClient(_ outcome: ClientOutcome, _ bytes: UnsafeRawBufferPointer) throws(FuzzViolation) {
        switch outcome {
        case let .failure(error):
            try FastOracleChecks.code(error.code)
            if let offset = error.offset { try FastOracleChecks.offset(offset, count: bytes.count) }
            if case let .unexpectedStatus(status, _, _, body) = error.kind {
                guard (100...599).contains(status), status != 101 else { throw FuzzViolation("status \(status) reported") }
                guard body.count <= limits.maxHandshakeSize, body.count <= bytes.count else {
                    throw FuzzViolation("error body of \(body.count) bytes")
                }
            }
        case let .upgrade(result, leftover):
            let text = Array(bytes)
            guard contains(text, Array(acceptValue.utf8)) else { throw FuzzViolation("upgrade without the accept value") }
            guard leftover.count < text.count, Array(text.suffix(leftover.count)) == leftover,
                  Array(text[..<(text.count &- leftover.count)]).suffix(4) == [0x0D, 0x0A, 0x0D, 0x0A] else {
                throw FuzzViolation("leftover is not the bytes after the head")
            }
            if let subprotocol = result.subprotocol, !["chat", "v2"].contains(subprotocol) {
                throw FuzzViolation("subprotocol \(subprotocol) was not offered")
            }
            if let deflate = result.deflate {
                guard (8...15).contains(deflate.serverMaxWindowBits), (8...15).contains(deflate.clientMaxWindowBits) else {
                    throw FuzzViolation("window bits outside 8...15")
                }
            }
        }
    }

    static func server(_ bytes: UnsafeRawBufferPointer, piece: Int) -> Result<WebSocketServerHandshake.Acceptance, WebSocketHandshakeError>? {
        var reader = HTTPHeadReader(limit: limits.maxHandshakeSize)
        var start = 0
        let step = max(1, piece)
        do throws(WebSocketHandshakeError) {
            while start < bytes.count {
                let end = min(bytes.count, start &+ step)
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                start = end
                guard try reader.feed(chunk) != nil,
                      let head = reader.head else { continue }
                let request = try HTTPHeadReader.parseRequest(head)
                let handshake = WebSocketServerHandshake(
                    subprotocols: ["chat"], deflate: PerMessageDeflateServerPolicy(clientMaxWindowBits: 10))
                return .success(try handshake.accept(request))
            }
            return nil
        } catch {
            return .failure(error)
        }
    }

    static func checkServer(
        _ outcome: Result<WebSocketServerHandshake.Acceptance, WebSocketHandshakeError>?, count: Int
    ) throws(FuzzViolation) {
        switch outcome {
        case nil: return
        case let .failure(error)?:
            try FastOracleChecks.code(error.code)
            if let offset = error.offset { try FastOracleChecks.offset(offset, count: count) }
        case let .success(acceptance)?:
            let response: HTTPResponseHead
            do throws(WebSocketHandshakeError) { response = try HTTPHeadReader.parseResponse(acceptance.responseBytes) } catch {
                throw FuzzViolation("our 101 response does not parse: \(error)")
            }
            guard response.status == 101,
                  response.headers.values(named: "Sec-WebSocket-Accept") == [WebSocketAccept.value(forKey: acceptance.key)]
            else { throw FuzzViolation("101 response without the accept value") }
            if let subprotocol = acceptance.result.subprotocol, subprotocol != "chat" {
                throw FuzzViolation("subprotocol \(subprotocol) chosen")
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count &- needle.count) where haystack[start..<(start &+ needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
