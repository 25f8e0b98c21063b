import Codecs
import Foundation
import ISYXML
import MockServers
import Testing
import WSFrame

/// The eisy mock read by our WebSocket decoder and `ISYFrameDecoder`; faults at the frame level.
struct EisyMockTests {
    static let fixture = "isy/eisy6-api-events-subscribe"
    static let basic = [("Authorization", "Basic " + Base64.encode(Array("admin:secret".utf8)))]

    static func make(_ options: MockServerOptions) throws -> any MockService {
        try EisyMock(fixture: try FixtureInput.load(fixturesRoot + "/" + fixture), tokens: options.tokens,
                     user: options.user, password: options.password)
    }

    static func fields(_ message: WebSocketMessage) -> (seqnum: Int?, control: String, action: String)? {
        message.bytes.withUnsafeBytes { raw in
            try? ISYFrameDecoder().decode(raw) { frame -> (Int?, String, String)? in
                guard case .event(let view) = frame else { return nil }
                return (view.seqnum, view.string(.control) ?? "", view.action ?? "")
            }
        } ?? nil
    }

    @Test("the replay burst is the fixture's connect burst (as pyisyox read it) with seqnum from 0 and a _1 8 key")
    func replayBurst() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 0
            $0.quietSeconds = 0
        }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        #expect(client.head.status == 101)
        let (messages, close, error, _) = await client.read(messages: 100)
        #expect(error == nil)
        #expect(close == 1000, "with --count 0 the stream ends after the burst with close 1000")
        let decoded = messages.compactMap(Self.fields)
        #expect(decoded.count == messages.count)
        #expect(decoded.map(\.seqnum) == (0..<decoded.count).map { $0 })
        let reference = try expectedLines(Self.fixture).prefix(40).map { ($0["control"]?.stringValue ?? "", $0["action"]?.stringValue ?? "") }
        let expected = Array(reference.prefix(3)) + [("_1", "8")] + Array(reference.dropFirst(3))
        #expect(decoded.map(\.control) == expected.map(\.0))
        #expect(decoded.map(\.action) == expected.map(\.1))
        await client.peer.close()
        await server.stop()
    }

    @Test("/api/events/subscribe wraps every event in the JSON envelope; /rest/subscribe sends raw XML")
    func transports() async throws {
        let server = try await startMock(Self.make) { $0.count = 0 }
        let raw = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        let envelope = try await RawWebSocketClient.connect(port: server.port, path: "/api/events/subscribe", headers: Self.basic)
        let a = await raw.read(messages: 41).messages
        let b = await envelope.read(messages: 41).messages
        #expect(a.first?.bytes.first == UInt8(ascii: "<"))
        #expect(b.first?.bytes.first == UInt8(ascii: "{"))
        #expect(a.compactMap(Self.fields).map(\.control) == b.compactMap(Self.fields).map(\.control))
        await server.stop()
    }

    @Test("Basic must match --user/--password; a wrong one, none, or an unknown Bearer gets 401")
    func auth() async throws {
        let server = try await startMock(Self.make) {
            $0.user = "admin"
            $0.password = "secret"
            $0.tokens = ["jwt-1"]
            $0.count = 0
        }
        let wrong = [("Authorization", "Basic " + Base64.encode(Array("admin:nope".utf8)))]
        for (headers, status) in [(Self.basic, 101), (wrong, 401), ([], 401), ([("Authorization", "Bearer jwt-1")], 101),
                                  ([("Authorization", "Bearer jwt-2")], 401)] {
            let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: headers)
            #expect(client.head.status == status)
            await client.peer.close()
        }
        #expect(logLines(server).compactMap { $0["auth"]?.stringValue } == ["accepted", "rejected", "missing", "accepted", "rejected"])
        await server.stop()
    }

    @Test("drop-mid:N: the frame of event N+1 announces its whole payload, half arrives, then TCP closes (ws-unexpected-eof)")
    func dropMid() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try! FaultSpec.parse("drop-mid:5")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        let (messages, close, error, bytes) = await client.read(messages: 100)
        #expect(messages.count == 5)
        #expect(close == nil)
        #expect(error == "ws-unexpected-eof")
        let lastFrame = try #require(logEvents(server, "drop").first?["partial"])
        #expect(lastFrame != .null)
        #expect(bytes.count > 0)
        await server.stop()
    }

    @Test("garbage:N: message N+1 is not well-formed XML: our decoder reports xml-unexpected-end")
    func garbage() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 0
            $0.faults = [try! FaultSpec.parse("garbage:2")]
        }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        let messages = await client.read(messages: 41).messages
        let third = try #require(messages.count > 3 ? messages[2] : nil)
        let code = third.bytes.withUnsafeBytes { raw -> String? in
            do {
                _ = try ISYFrameDecoder().decode(raw) { _ in 0 }
                return nil
            } catch {
                return (error as? ISYEventError)?.code ?? "\(error)"
            }
        }
        #expect(code == "xml-unexpected-end")
        #expect(Self.fields(messages[3]) != nil)
        await server.stop()
    }

    @Test("bad-deflate with deflate negotiated: RSV1 on a payload that does not inflate (ws-invalid-compressed-data)")
    func badDeflate() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try! FaultSpec.parse("bad-deflate:1")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe",
                                                          headers: Self.basic, offerDeflate: true)
        let negotiated = try #require(client.head.header("Sec-WebSocket-Extensions"))
        let parameters = try PerMessageDeflateOffer().accept(response: negotiated)
        let (messages, _, error, _) = await client.read(messages: 3, deflate: parameters)
        #expect(messages.count == 1)
        #expect(error == "ws-invalid-compressed-data")
        await server.stop()
    }

    @Test("stall: after N events nothing is sent and a ping gets no pong; without stall it does")
    func stall() async throws {
        let server = try await startMock(Self.make) {
            $0.faults = [try! FaultSpec.parse("stall:2@1")]
            $0.count = 0
        }
        let stalled = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        _ = await stalled.read(messages: 2)
        try await stalled.send(.ping, [1, 2, 3])
        let after = await stalled.peer.received(timeout: .milliseconds(600)) { _ in false }
        let r = RawWebSocketClient.decode(stalled.frameBytes(after), deflate: nil, eof: false)
        #expect(r.messages.count == 2)
        #expect(!after.contains(0x8A), "no pong frame (0x8A) came back")
        await stalled.peer.close()
        await server.stop()
    }

    @Test("close:CODE/N sends N events, then a close frame with CODE")
    func closeFault() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try! FaultSpec.parse("close:4000/3")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/rest/subscribe", headers: Self.basic)
        let (messages, close, _, _) = await client.read(messages: 100)
        #expect(messages.count == 3)
        #expect(close == 4000)
        await server.stop()
    }
}
