import Codecs
import MockServers
import Protobuf
import Sessions
import Testing
import WSFrame

/// The Central mock (service-profiles §1.8) read by our WebSocket decoder and protobuf views; auth and token
/// refresh (§1.3); faults at the frame level. Expected dicts are the reference's (`expected.ndjson`, python
/// protobuf `MessageToDict`).
struct CentralMockTests {
    static let fixture = "central/audit-trail-stream"
    static let path = "/network-services/v1alpha1/audit-trail-events"
    static let bearer = [("Authorization", "Bearer tok-a")]

    static func make(_ options: MockServerOptions) throws -> any MockService {
        try CentralMock(fixture: try FixtureInput.load(fixturesRoot + "/" + fixture), tokens: options.tokens)
    }

    /// What pycentral hands its callback for one binary message, as our decoder renders it.
    static func dict(_ bytes: [UInt8]) throws -> JSONValue {
        let event = try CloudEventView.decode(bytes)
        let trail = try AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([]))
        var writer = JSONWriter()
        try DictRenderer.write(trail, into: &writer)
        return try JSONValue.parse(writer.bytes)
    }

    static func decodeError(_ bytes: [UInt8]) -> String? {
        do {
            _ = try dict(bytes)
            return nil
        } catch {
            return (error as? ProtobufError)?.code ?? "\(error)"
        }
    }

    static func fixtureMessages() throws -> [[UInt8]] {
        try FixtureInput.load(fixturesRoot + "/" + fixture).messagePayloads()
    }

    @Test("each binary message is the fixture's CloudEvent byte for byte; our decoder reads the reference's dicts")
    func contentIsTheFixture() async throws {
        let server = try await startMock(Self.make) { $0.count = 48 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(client.head.status == 101)
        // Bounded generously: the whole fixture and the close, on a loaded machine.
        let (messages, close, error, _) = await client.read(messages: 100, timeout: .seconds(30))
        #expect(error == nil)
        #expect(close == 1000, "the end of --count is a clean close")
        let expected = try expectedLines(Self.fixture)
        try #require(messages.count == expected.count)
        #expect(messages.allSatisfy { if case .binary = $0 { true } else { false } }, "§1.4: binary messages")
        #expect(messages.map(\.bytes) == (try Self.fixtureMessages()))
        for (message, want) in zip(messages, expected) {
            #expect(try Self.dict(message.bytes) == want)
        }
        let sent = logEvents(server, "sent").compactMap { $0["base64"]?.stringValue }
        #expect(sent.count == messages.count)
        #expect(sent == messages.map { Base64.encode($0.bytes) }, "the log's base64 is each message's exact bytes")
        await server.stop()
    }

    @Test("a second pass serves the same payloads with fresh CloudEvent ids: no id repeats")
    func loopingGivesFreshIDs() async throws {
        let server = try await startMock(Self.make) { $0.count = 100 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let messages = await client.read(messages: 100, timeout: .seconds(30)).messages
        try #require(messages.count == 100)
        let events = try messages.map { try CloudEventView.decode($0.bytes) }
        #expect(Set(events.map(\.id.string)).count == 100)
        #expect(events[48].id.string == events[0].id.string + ".2")
        #expect(events[48].protoData?.value.bytes == events[0].protoData?.value.bytes)
        await server.stop()
    }

    static let routes = CentralTopic.all.map(\.path) + ["/prefix/network-monitoring/v1alpha1/ap-events",
                                                        "/a/b/network-notifications/v1/alert-events/"]

    @Test("every topic pycentral knows is routed, after any path prefix", arguments: routes)
    func everyTopicIsRouted(path: String) async throws {
        let server = try await startMock(Self.make) { $0.count = 1 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: path, headers: Self.bearer)
        #expect(client.head.status == 101)
        #expect(await client.read(messages: 1).messages.count == 1)
        let topic = logEvents(server, "upgrade").first?["topic"]?.stringValue
        #expect(topic.map { path.contains($0) } == true)
        await server.stop()
    }

    @Test("an unknown stream path gets 404 and is not a connection attempt",
          arguments: ["/network-services/v1alpha1/nope", "/xnetwork-services/v1alpha1/location", "/"])
    func unknownPathIs404(path: String) async throws {
        let server = try await startMock(Self.make)
        let (response, _, _, _) = try await exchange(server.port, getRequest(path, headers: Self.bearer + [("Connection", "close")]))
        #expect(response?.status == 404)
        #expect(logEvents(server, "connect").isEmpty)
        await server.stop()
    }

    @Test("event-types is recorded as pycentral sends it (quote_plus of the comma-joined list)")
    func eventTypesRecorded() async throws {
        let server = try await startMock(Self.make) { $0.count = 0 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path + "?event-types=A%2CB+C",
                                                          headers: Self.bearer)
        #expect(client.head.status == 101)
        let upgrade = try #require(logEvents(server, "upgrade").first)
        #expect(upgrade["event_types"] == .array([.string("A"), .string("B C")]))
        #expect(upgrade["query"]?["event-types"] == .string("A,B C"))
        await server.stop()
    }

    @Test("Bearer: the first --token is valid at start; a missing, unknown or not-yet-issued one gets 401")
    func bearerChecked() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 0
            $0.tokens = ["tok-a", "tok-b"]
        }
        let cases: [([(String, String)], Int)] = [
            (Self.bearer, 101), ([], 401), ([("Authorization", "Bearer nope")], 401),
            ([("Authorization", "Bearer tok-b")], 401), ([("Authorization", "Basic dTpw")], 401),
        ]
        for (headers, status) in cases {
            let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: headers)
            #expect(client.head.status == status)
            if status == 401 { #expect(client.head.header("WWW-Authenticate")?.hasPrefix("Bearer") == true) }
            await client.peer.close()
        }
        let lines = logLines(server).filter { $0["event"] == .string("upgrade") || $0["event"] == .string("reject") }
        #expect(lines.map { $0["auth"]?.stringValue } == ["accepted", "missing", "rejected", "rejected", "rejected"])
        #expect(lines.map { $0["token"] } == [.number(JSONNumber(0)), nil, nil, .number(JSONNumber(1)), nil])
        #expect(!server.context.log.lines.joined().contains("tok-"), "no secret in the log")
        await server.stop()
    }

    static func tokenRequest(_ body: String, basic: Bool = true) -> [UInt8] {
        var text = "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        if basic { text += "Authorization: Basic " + Base64.encode(Array("cid:csecret".utf8)) + "\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        return Array(text.utf8)
    }

    @Test("POST /token (client credentials) issues the next --token, which the next handshake may use")
    func refreshIssuesTheNextToken() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 0
            $0.tokens = ["tok-a", "tok-b"]
        }
        let first = try await exchange(server.port, Self.tokenRequest("grant_type=client_credentials"))
        #expect(first.response?.status == 200)
        let body = try JSONValue.parse(try #require(first.response).body)
        #expect(body["access_token"] == .string("tok-b"))
        #expect(body["token_type"] == .string("Bearer"))
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path,
                                                          headers: [("Authorization", "Bearer tok-b")])
        #expect(client.head.status == 101)
        let exhausted = try await exchange(server.port, Self.tokenRequest("grant_type=client_credentials"))
        #expect(exhausted.response?.status == 400)
        let noClient = try await exchange(server.port, Self.tokenRequest("grant_type=client_credentials", basic: false))
        #expect(noClient.response?.status == 401)
        let wrongGrant = try await exchange(server.port, Self.tokenRequest("grant_type=password"))
        #expect(wrongGrant.response?.status == 400)
        let refreshes = logEvents(server, "request")
        #expect(refreshes.map { $0["status"] } == [200, 400, 401, 400].map { .number(JSONNumber($0)) })
        #expect(refreshes.first?["token"] == .number(JSONNumber(1)))
        #expect(logEvents(server, "upgrade").first?["token"] == .number(JSONNumber(1)))
        #expect(!server.context.log.lines.joined().contains("tok-"), "no secret in the log")
        await server.stop()
    }

    @Test("expire-token:N: after N events the token is revoked and the next handshake with it gets 401")
    func expireToken() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 3
            $0.tokens = ["tok-a", "tok-b"]
            $0.faults = [try FaultSpec.parse("expire-token:2@1")]
        }
        let first = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(await first.read(messages: 100).messages.count == 3, "the open connection goes on")
        let second = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(second.head.status == 401)
        await server.stop()
    }

    @Test("drop-after:N: N messages, then TCP closes with no close frame")
    func dropAfter() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try FaultSpec.parse("drop-after:4")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let (messages, close, error, _) = await client.read(messages: 100)
        #expect(messages.count == 4)
        #expect(close == nil)
        #expect(error == "ws-unexpected-eof" || error == nil)
        await server.stop()
    }

    @Test("drop-mid:N: message N+1's frame header announces its whole payload, half of it arrives, then TCP closes")
    func dropMid() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try FaultSpec.parse("drop-mid:2")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let (messages, close, error, bytes) = await client.read(messages: 100)
        #expect(messages.count == 2)
        #expect(close == nil)
        #expect(error == "ws-unexpected-eof")
        let third = try Self.fixtureMessages()[2]
        var whole: [UInt8] = []
        third.withUnsafeBytes { WebSocketEncoder.writeFrame(opcode: .binary, payload: $0, maskingKey: nil, into: &whole) }
        let header = whole.count - third.count
        #expect(bytes.suffix(header + third.count / 2) == whole.prefix(header + third.count / 2)[...],
                "the cut is inside message 3's payload, after its full header")
        await server.stop()
    }

    @Test("garbage:N: message N+1 is 0a ff ff, which our decoder rejects; the next message is normal")
    func garbage() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 3
            $0.faults = [try FaultSpec.parse("garbage:1")]
        }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let messages = await client.read(messages: 100).messages
        #expect(messages.map(\.bytes)[1] == [0x0A, 0xFF, 0xFF])
        #expect(Self.decodeError(messages[1].bytes) == "truncated-message")
        #expect(Self.decodeError(messages[2].bytes) == nil)
        #expect(logEvents(server, "sent")[1]["form"] == .string("garbage"))
        await server.stop()
    }

    @Test("oversize:N: message N+1 is a valid CloudEvent above 8 MiB")
    func oversize() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 2
            $0.faults = [try FaultSpec.parse("oversize:1")]
        }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let messages = await client.read(messages: 2, timeout: .seconds(20)).messages
        #expect(messages.count == 2)
        #expect(messages.last.map { $0.bytes.count > MockLimits.oversizeBytes } == true)
        await server.stop()
    }

    @Test("close:CODE/N: N messages, then a close frame with CODE")
    func closeFault() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try FaultSpec.parse("close:1011/2")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let (messages, close, _, _) = await client.read(messages: 100)
        #expect(messages.count == 2)
        #expect(close == 1011)
        await server.stop()
    }

    @Test("pings get a pong echoing the payload; under stall they do not")
    func pingsAnswered() async throws {
        let server = try await startMock(Self.make) {
            $0.rate = 0.01
            $0.faults = [try FaultSpec.parse("stall@2")]
        }
        let live = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(await live.read(messages: 1).messages.count == 1, "one event, the next is 100 s away")
        try await live.send(.ping, [7, 8, 9])
        let pong = await live.peer.received(timeout: .seconds(2)) { $0.suffix(5) == [0x8A, 0x03, 7, 8, 9][...] }
        #expect(pong.suffix(5) == [0x8A, 0x03, 7, 8, 9][...], "an unmasked pong with the ping's payload")
        let stalled = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(await waitForLog(server) { $0["event"] == .string("stall") })
        try await Task.sleep(for: .milliseconds(100))  // the stall is logged just before it reaches the event loop
        try await stalled.send(.ping, [7, 8, 9])
        let none = await stalled.peer.received(timeout: .milliseconds(600)) { _ in false }
        #expect(stalled.frameBytes(none).isEmpty, "nothing at all comes back")
        await live.peer.close()
        await stalled.peer.close()
        await server.stop()
    }

    @Test("bad-deflate without negotiation: RSV1 set on a binary frame, which our decoder refuses")
    func badDeflate() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try FaultSpec.parse("bad-deflate:1")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        let (messages, _, error, _) = await client.read(messages: 3)
        #expect(messages.count == 1)
        #expect(error != nil)
        await server.stop()
    }

    @Test("status:CODE answers the upgrade with CODE and a JSON body with Content-Length (websocket-client reads it)")
    func statusFault() async throws {
        let server = try await startMock(Self.make) { $0.faults = [try FaultSpec.parse("status:403")] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: Self.path, headers: Self.bearer)
        #expect(client.head.status == 403)
        #expect(client.head.header("Content-Length") != nil)
        #expect(logEvents(server, "reject").first?["status"] == .number(JSONNumber(403)))
        await server.stop()
    }
}
