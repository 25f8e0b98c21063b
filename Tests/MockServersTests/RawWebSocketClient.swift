import Codecs
import WSFrame

/// A WebSocket client built from raw TCP and our codec's pure parts, for tests that must see a mock's frames
/// exactly: the upgrade request by hand, the response head as bytes, the frames through `WebSocketDecoder`.
struct RawWebSocketClient {
    let peer: RawTCPPeer
    let head: RawHTTPResponse

    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    /// Connects and sends the upgrade for `path`; returns once the response head arrived.
    static func connect(port: Int, path: String, headers: [(String, String)] = [], offerDeflate: Bool = false)
        async throws -> RawWebSocketClient
    {
        let peer = try await RawTCPPeer.connect(port: port)
        var all = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", key),
                   ("Sec-WebSocket-Version", "13")] + headers
        if offerDeflate { all.append(("Sec-WebSocket-Extensions", "permessage-deflate")) }
        try await peer.write(getRequest(path, headers: all))
        let bytes = await peer.received { RawHTTPResponse.find([13, 10, 13, 10], in: $0, from: 0) != nil }
        guard let head = RawHTTPResponse(bytes) else { throw TestFailure("no response head") }
        return RawWebSocketClient(peer: peer, head: head)
    }

    /// The bytes after the 101 head.
    func frameBytes(_ all: [UInt8]) -> [UInt8] {
        guard let end = RawHTTPResponse.find([13, 10, 13, 10], in: all, from: 0) else { return [] }
        return Array(all[(end + 4)...])
    }

    /// Reads until `count` data messages arrived, the server closed, or `timeout`; decodes with our client-role
    /// decoder. Returns the messages, the close frame's code, the first decoder error code, and the raw bytes.
    func read(messages count: Int, timeout: Duration = .seconds(5), deflate: PerMessageDeflateParameters? = nil)
        async -> (messages: [WebSocketMessage], close: UInt16?, error: String?, bytes: [UInt8])
    {
        var result: (messages: [WebSocketMessage], close: UInt16?, error: String?) = ([], nil, nil)
        let all = await peer.received(timeout: timeout) { bytes in
            let r = Self.decode(frameBytes(bytes), deflate: deflate, eof: false)
            return r.messages.count >= count || r.close != nil || r.error != nil
        }
        let closed = await peer.receivedUntilClose(timeout: .milliseconds(50)).closed
        result = Self.decode(frameBytes(all), deflate: deflate, eof: closed)
        return (result.messages, result.close, result.error, frameBytes(all))
    }

    static func decode(_ bytes: [UInt8], deflate: PerMessageDeflateParameters?, eof: Bool)
        -> (messages: [WebSocketMessage], close: UInt16?, error: String?)
    {
        var limits = WebSocketLimits()
        limits.maxMessageSize = 16 << 20
        limits.maxFramePayload = 16 << 20
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client, limits: limits, deflate: deflate))
        decoder.feed(bytes)
        var messages: [WebSocketMessage] = []
        do {
            while let event = try decoder.next() {
                if case .close(let code, _) = event { return (messages, code ?? 1005, nil) }
                if case .message(let message) = event { messages.append(message) }
            }
            if eof { try decoder.finish() }
        } catch {
            return (messages, nil, error.code)
        }
        return (messages, nil, nil)
    }

    /// A masked client frame (RFC 6455 §5.3).
    func send(_ opcode: WebSocketOpcode, _ payload: [UInt8]) async throws {
        var out: [UInt8] = []
        payload.withUnsafeBytes {
            WebSocketEncoder.writeFrame(opcode: opcode, payload: $0, maskingKey: WebSocketMaskingKey.random(), into: &out)
        }
        try await peer.write(out)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension WebSocketMessage {
    var bytes: [UInt8] {
        switch self {
        case .text(let s): return Array(s.utf8)
        case .binary(let b): return b
        }
    }
}
