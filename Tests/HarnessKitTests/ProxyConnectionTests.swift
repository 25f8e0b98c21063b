@testable import HarnessKit
import MockServers
import Testing

/// The recording proxy's pure connection (issue 18): bytes in, actions out. Expected bytes are built from the
/// RFCs' framing by hand, not by the code under test.
struct ProxyConnectionTests {
    static func connection(_ service: RecordService, faults: [String]) throws -> ProxyConnection {
        let specs = try faults.map { try FaultSpec.parse($0) }
        return ProxyConnection(service: service, specs: specs, upstreamAuthority: "up.example:8443",
                               startMilliseconds: 0, nextAttempt: { 1 })
    }

    static let upgrade = Array(("GET /rest/subscribe HTTP/1.1\r\nHost: 127.0.0.1:9\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nAuthorization: Basic YWRtaW46cHctc2VjcmV0\r\n\r\n").utf8)
    static let switching = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".utf8)
    /// Unmasked text frames (RFC 6455 §5.2): FIN + opcode 1, 7-bit length.
    static func text(_ payload: String) -> [UInt8] { [0x81, UInt8(payload.utf8.count)] + Array(payload.utf8) }

    static func toClient(_ actions: [ProxyAction]) -> [UInt8] {
        actions.flatMap { action -> [UInt8] in if case .toClient(let bytes) = action { bytes } else { [] } }
    }

    @Test("the request goes upstream with Host set to the upstream; Basic credentials become secrets")
    func requestRewrite() throws {
        var connection = try Self.connection(.eisy, faults: [])
        let actions = connection.clientBytes(Self.upgrade, now: 1)
        let expected = Array(("GET /rest/subscribe HTTP/1.1\r\nHost: up.example:8443\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nAuthorization: Basic YWRtaW46cHctc2VjcmV0\r\n\r\n").utf8)
        #expect(actions == [.toServer(expected)])
        #expect(connection.secrets.isSuperset(of: ["Basic YWRtaW46cHctc2VjcmV0", "admin:pw-secret", "pw-secret"]))
        #expect(connection.attempt == 1)
    }

    @Test("a control-plane request gets Connection: close and is neither counted nor faulted")
    func controlRequest() throws {
        var connection = try Self.connection(.eventstreamer, faults: ["status:503"])
        let post = Array("POST /subscriptions/1/ack HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}".utf8)
        let actions = connection.clientBytes(post, now: 0)
        #expect(actions == [.toServer(Array("POST /subscriptions/1/ack HTTP/1.1\r\nHost: up.example:8443\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".utf8))])
        #expect(connection.attempt == nil)
    }

    @Test("drop-mid:1 sends message 1 whole, half of message 2's bytes, then drops both sides")
    func dropMid() throws {
        var connection = try Self.connection(.eisy, faults: ["drop-mid:1"])
        _ = connection.clientBytes(Self.upgrade, now: 0)
        let first = Self.text("<Event>1</Event>"), second = Self.text("<Event>22</Event>")
        let actions = connection.serverBytes(Self.switching + first + second + Self.text("<Event>3</Event>"), now: 5)
        #expect(Self.toClient(actions) == Self.switching + first + Array(second.prefix(second.count / 2)))
        #expect(actions.last == .dropBoth)
        #expect(connection.serverBytes(Self.text("later"), now: 6).isEmpty, "nothing after the drop")
        let record = try #require(connection.finalRecord(now: 7))
        #expect(record.reads.map { String(decoding: $0.bytes, as: UTF8.self) } == ["<Event>1</Event>"])
        #expect(record.endReason == "proxy-drop")
    }

    @Test("garbage:1 replaces message 2 with a frame that is not well-formed XML; message 3 passes unchanged")
    func garbageReplacesOneMessage() throws {
        var connection = try Self.connection(.eisy, faults: ["garbage:1"])
        _ = connection.clientBytes(Self.upgrade, now: 0)
        let one = Self.text("<Event>1</Event>"), three = Self.text("<Event>3</Event>")
        // The second message arrives split across two reads.
        let second = Self.text("<Event>2</Event>")
        var out = Self.toClient(connection.serverBytes(Self.switching + one + Array(second.prefix(5)), now: 1))
        out += Self.toClient(connection.serverBytes(Array(second.dropFirst(5)) + three, now: 2))
        #expect(out == Self.switching + one + Self.text("<Event><control>_1</control>") + three)
        #expect(connection.messagesSent == 3)
    }

    @Test("close:4001/1 sends a close frame with code 4001 (RFC 6455 §5.5.1) after message 1")
    func closeWithCode() throws {
        var connection = try Self.connection(.stream, faults: ["close:4001/1"])
        _ = connection.clientBytes(Self.upgrade, now: 0)
        let one = Self.text("{}")
        let actions = connection.serverBytes(Self.switching + one + Self.text("{\"b\":1}"), now: 1)
        #expect(Self.toClient(actions) == Self.switching + one + [0x88, 0x02, 0x0F, 0xA1])
        #expect(actions.last == .closeBoth)
        #expect(connection.finalRecord(now: 2)?.endReason == "ws-close-4001")
    }

    @Test("drop-after:1 on a chunked SSE body cuts right after event 1's blank line, inside the chunk")
    func dropAfterInsideAChunk() throws {
        var connection = try Self.connection(.sse, faults: ["drop-after:1"])
        _ = connection.clientBytes(Array("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".utf8), now: 0)
        let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let events = Array(": hi\n\ndata: a\n\ndata: b\n\n".utf8)
        let chunk = Array("18\r\n".utf8) + events + [0x0D, 0x0A]
        let actions = connection.serverBytes(head + chunk, now: 1)
        // ": hi\n\n" is a comment block (no event); the cut is after "data: a\n\n" (4 + 6 + 9 bytes in).
        #expect(Self.toClient(actions) == head + Array(chunk.prefix(4 + 6 + 9)))
        #expect(actions.last == .dropBoth)
        #expect(connection.finalRecord(now: 2)?.reads.flatMap(\.bytes) == Array(": hi\n\ndata: a\n\n".utf8))
    }

    @Test("status:503 answers the stream request itself: nothing goes upstream")
    func statusFault() throws {
        var connection = try Self.connection(.sse, faults: ["status:503,retry-after:7"])
        let actions = connection.clientBytes(Array("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".utf8), now: 0)
        #expect(!actions.contains { if case .toServer = $0 { true } else { false } })
        let response = String(decoding: Self.toClient(actions), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 503 "))
        #expect(response.contains("\r\nRetry-After: 7\r\n"))
        #expect(actions.last == .closeBoth)
    }

    @Test("a response the scanner cannot frame is passed through unchanged, and no fault fires after it")
    func unframeableStreamPassesThrough() throws {
        var connection = try Self.connection(.eisy, faults: ["drop-after:1"])
        _ = connection.clientBytes(Self.upgrade, now: 0)
        // A continuation frame outside a message: the scan stops, the bytes still go to the client.
        let bad: [UInt8] = [0x80, 0x01, 0x41, 0x81, 0x01, 0x42, 0x81, 0x01, 0x43]
        let actions = connection.serverBytes(Self.switching + bad, now: 1)
        #expect(Self.toClient(actions) == Self.switching + bad)
        #expect(!actions.contains(.dropBoth))
    }
}
