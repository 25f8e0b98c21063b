import Codecs
import MockServers
import Testing
import WSFrame

/// The Stream coordinator mock (§5): auth message first, connection.ok / connection.error 40, health checks.
struct StreamMockTests {
    static func make(_ options: MockServerOptions) throws -> any MockService {
        StreamCoordinatorMock(tokens: options.tokens)
    }

    static func json(_ message: WebSocketMessage) -> JSONValue? { try? JSONValue.parse(message.bytes) }

    @Test("after the auth message the first frame is connection.ok with a connection_id, then message.new events")
    func connectionOK() async throws {
        let server = try await startMock(Self.make) { $0.count = 3 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/api/v2/connect?api_key=k")
        #expect(client.head.status == 101)
        try await client.send(.text, Array(#"{"token":"jwt","user_details":{"id":"alice"}}"#.utf8))
        let (messages, close, error, _) = await client.read(messages: 100)
        #expect(error == nil)
        let types = messages.compactMap { Self.json($0)?["type"]?.stringValue }
        #expect(types == ["connection.ok", "message.new", "message.new", "message.new"])
        #expect(Self.json(messages[0])?["connection_id"] == .string("conn-1"))
        #expect(close == 1000, "the end of the content is close 1000, Stream's 'stop for good'")
        #expect(!server.context.log.lines.joined().contains("jwt\""), "the token is never logged")
        await server.stop()
    }

    @Test("a token not in --token gets connection.error with code 40, then close 1008 (not 1000)")
    func tokenExpired() async throws {
        let server = try await startMock(Self.make) { $0.tokens = ["good"] }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/api/v2/connect")
        try await client.send(.text, Array(#"{"token":"stale","user_details":{"id":"alice"}}"#.utf8))
        let (messages, close, _, _) = await client.read(messages: 100)
        #expect(messages.count == 1)
        #expect(Self.json(messages[0])?["type"] == .string("connection.error"))
        #expect(Self.json(messages[0])?["error"]?["code"] == .number(JSONNumber(40)))
        #expect(close == 1008)
        await server.stop()
    }

    @Test("each client [{type: health.check}] gets a health.check event back")
    func healthCheck() async throws {
        let server = try await startMock(Self.make) { $0.rate = 1 }
        let client = try await RawWebSocketClient.connect(port: server.port, path: "/api/v2/connect")
        try await client.send(.text, Array(#"{"token":"t","user_details":{"id":"a"}}"#.utf8))
        _ = await client.read(messages: 1)
        try await client.send(.text, Array(#"[{"type":"health.check","client_id":"conn-1"}]"#.utf8))
        // Wait for the answer itself (bounded), not a fixed window: under load the reply may take a while.
        var types: [String] = []
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while !types.contains("health.check"), clock.now < deadline {
            types = await client.read(messages: types.count + 1, timeout: .milliseconds(200)).messages
                .compactMap { Self.json($0)?["type"]?.stringValue }
        }
        #expect(types.contains("health.check"))
        #expect(types.first == "connection.ok")
        await client.peer.close()
        await server.stop()
    }
}
