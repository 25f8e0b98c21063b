import Codecs
import NIOConcurrencyHelpers
import WSFrame
import XCTest

@testable import WebSocketNIO

/// Client and server against each other in-process, on loopback with an ephemeral port.
final class WebSocketLoopbackTests: XCTestCase {
    /// Starts a server whose connections echo every message, recording what each upgrade request carried.
    private func startEchoServer(
        _ configure: (inout WebSocketServerConfiguration) -> Void = { _ in }
    ) async throws -> (WebSocketServer, NIOLockedValueBox<[WebSocketUpgradeRequest]>) {
        let requests = NIOLockedValueBox<[WebSocketUpgradeRequest]>([])
        var configuration = WebSocketServerConfiguration()
        configuration.decideUpgrade = { request in
            requests.withLockedValue { $0.append(request) }
            return .accept()
        }
        configure(&configuration)
        let server = try await WebSocketServer.start(configuration: configuration) { socket in
            do {
                for try await message in socket.messages { try await socket.send(message) }
            } catch {}
        }
        return (server, requests)
    }

    func testUpgradeRequestCarriesBearerHeaderAndSelectsOfferedSubprotocol() async throws {
        let (server, requests) = try await startEchoServer { $0.subprotocols = ["v2.events", "v1.events"] }
        defer { Task { try? await server.stop() } }
        var configuration = WebSocketClientConfiguration()
        configuration.headers = [HTTPHeaderField(name: "Authorization", value: "Bearer token-123")]
        configuration.subprotocols = ["v1.events"]
        let socket = try await WebSocketClient(configuration: configuration).connect(to: server.url + "/stream?topic=audit")
        let seen = try XCTUnwrap(requests.withLockedValue { $0.first })
        XCTAssertEqual(seen.header("authorization"), "Bearer token-123")
        XCTAssertEqual(seen.target, "/stream?topic=audit")
        XCTAssertEqual(socket.negotiated.subprotocol, "v1.events")
        try await socket.close()
    }

    func testEchoKeepsTypeAndPayloadOfTextAndBinaryMessages() async throws {
        let (server, _) = try await startEchoServer()
        defer { Task { try? await server.stop() } }
        let socket = try await WebSocketClient.connect(to: server.url)
        let sent: [WebSocketMessage] = [
            .text("hello"), .binary([0, 1, 2, 255]), .text(""), .binary([]), .text("µ-€-𝄞"),
            .binary((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        ]
        var iterator = socket.messages.makeAsyncIterator()
        for message in sent {
            try await socket.send(message)
            let echoed = try await iterator.next()
            XCTAssertEqual(echoed, message)
        }
        let info = try await socket.close(code: 1000, reason: "done")
        XCTAssertEqual(info.code, 1000)
        XCTAssertTrue(info.wasClean)
    }

    func testDeflateIsNegotiatedWhenOfferedAndAcceptedAndMessagesRoundTrip() async throws {
        let (server, requests) = try await startEchoServer()
        defer { Task { try? await server.stop() } }
        let socket = try await WebSocketClient.connect(to: server.url)
        let offer = requests.withLockedValue { $0.first?.header("Sec-WebSocket-Extensions") }
        XCTAssertEqual(offer?.hasPrefix("permessage-deflate"), true)
        XCTAssertNotNil(socket.negotiated.deflate)
        let text = String(repeating: "compressible audit event; ", count: 4000)
        var iterator = socket.messages.makeAsyncIterator()
        for _ in 0..<3 {
            try await socket.send(text: text)
            let echoed = try await iterator.next()
            XCTAssertEqual(echoed, .text(text))
        }
        try await socket.close()
    }

    func testDeflateIsNotNegotiatedWhenServerDeclinesOrClientDoesNotOffer() async throws {
        let (declining, _) = try await startEchoServer { $0.acceptDeflate = false }
        defer { Task { try? await declining.stop() } }
        let first = try await WebSocketClient.connect(to: declining.url)
        XCTAssertNil(first.negotiated.deflate)
        try await first.close()

        let (accepting, requests) = try await startEchoServer()
        defer { Task { try? await accepting.stop() } }
        var configuration = WebSocketClientConfiguration()
        configuration.deflate = nil
        let second = try await WebSocketClient(configuration: configuration).connect(to: accepting.url)
        XCTAssertNil(second.negotiated.deflate)
        XCTAssertNil(requests.withLockedValue { $0.first?.header("Sec-WebSocket-Extensions") })
        try await second.close()
    }

    func testClientCloseCodeAndReasonReachServerAndServerEchoesTheCode() async throws {
        let serverSide = NIOLockedValueBox<WebSocketCloseInfo?>(nil)
        let server = try await WebSocketServer.start { socket in
            do { for try await _ in socket.messages {} } catch {}
            let info = try? await socket.closed()
            serverSide.withLockedValue { $0 = info }
        }
        defer { Task { try? await server.stop() } }
        let socket = try await WebSocketClient.connect(to: server.url)
        let info = try await socket.close(code: 4000, reason: "bye")
        XCTAssertEqual(info.code, 4000, "§5.5.1: the server echoes the close code it received")
        XCTAssertTrue(info.wasClean)
        try await Task.sleep(for: .milliseconds(200))
        let seen = try XCTUnwrap(serverSide.withLockedValue { $0 })
        XCTAssertEqual(seen.code, 4000)
        XCTAssertEqual(seen.reason, "bye")
        XCTAssertTrue(seen.wasClean)
    }

    func testServerInitiatedCloseEndsClientMessagesWithoutError() async throws {
        let server = try await WebSocketServer.start { socket in
            try? await socket.send(text: "last words")
            _ = try? await socket.close(code: 1001, reason: "going away")
        }
        defer { Task { try? await server.stop() } }
        let socket = try await WebSocketClient.connect(to: server.url)
        var received: [WebSocketMessage] = []
        for try await message in socket.messages { received.append(message) }
        XCTAssertEqual(received, [.text("last words")])
        let info = try await socket.closed()
        XCTAssertEqual(info.code, 1001)
        XCTAssertEqual(info.reason, "going away")
        XCTAssertTrue(info.wasClean)
    }

    func testUnauthorizedUpgradeSurfacesStatusHeadersAndBody() async throws {
        var configuration = WebSocketServerConfiguration()
        let body = Array(#"{"error":"token expired"}"#.utf8)
        configuration.decideUpgrade = { _ in
            .reject(status: 401, reason: "Unauthorized",
                    headers: [HTTPHeaderField(name: "WWW-Authenticate", value: #"Bearer error="invalid_token""#),
                              HTTPHeaderField(name: "Content-Type", value: "application/json")],
                    body: body)
        }
        let server = try await WebSocketServer.start(configuration: configuration) { _ in
            XCTFail("a rejected upgrade must not open a connection")
        }
        defer { Task { try? await server.stop() } }
        do {
            _ = try await WebSocketClient.connect(to: server.url)
            XCTFail("connect must fail on 401")
        } catch let error as WebSocketHandshakeError {
            guard case let .unexpectedStatus(status, reason, headers, receivedBody) = error.kind else {
                return XCTFail("expected unexpectedStatus, got \(error)")
            }
            XCTAssertEqual(status, 401)
            XCTAssertEqual(reason, "Unauthorized")
            XCTAssertEqual(headers.values(named: "www-authenticate"), [#"Bearer error="invalid_token""#])
            XCTAssertEqual(receivedBody, body)
        }
    }

    func testSlowConsumerStopsReadsAndBufferStaysAtCapacity() async throws {
        try await checkStalledConsumerStopsReads(capacity: 2, byteCapacity: 1 << 30, mostBuffered: 2)
    }

    /// The byte bound stops reads whatever the count: 64 KiB messages against 200 KiB hold at most 4 (the
    /// producer stops once 192 KiB + one message ≥ 200 KiB: the bound plus one message).
    func testSlowConsumerStopsReadsAtTheByteBound() async throws {
        try await checkStalledConsumerStopsReads(capacity: 256, byteCapacity: 200 << 10, mostBuffered: 4)
    }

    /// Lockstep (capacity 0): the lazy connection decodes nothing while no consumer waits, so not one message is
    /// decoded ahead, reads stop, and the sender is pushed back by TCP.
    func testLockstepConsumerThatDoesNotPullStopsReadsWithNothingDecodedAhead() async throws {
        try await checkStalledConsumerStopsReads(capacity: 0, byteCapacity: 1 << 20, mostBuffered: 0)
    }

    /// A client with both bounds set that does not iterate for 800 ms: at most `mostBuffered` messages are decoded,
    /// the server's sends stall (socket reads stopped), then every message arrives in order.
    private func checkStalledConsumerStopsReads(capacity: Int, byteCapacity: Int, mostBuffered: Int) async throws {
        let total = 600
        let payload = [UInt8](repeating: 0xAB, count: 64 << 10)
        let sentCount = NIOLockedValueBox(0)
        var serverConfiguration = WebSocketServerConfiguration()
        serverConfiguration.acceptDeflate = false
        let server = try await WebSocketServer.start(configuration: serverConfiguration) { socket in
            for index in 0..<total {
                var message = payload
                message[0] = UInt8(truncatingIfNeeded: index)
                guard (try? await socket.send(binary: message)) != nil else { return }
                sentCount.withLockedValue { $0 += 1 }
            }
            _ = try? await socket.close()
        }
        defer { Task { try? await server.stop() } }
        var configuration = WebSocketClientConfiguration()
        configuration.maxBufferedMessages = capacity
        configuration.maxBufferedBytes = byteCapacity
        configuration.deflate = nil
        let socket = try await WebSocketClient(configuration: configuration).connect(to: server.url)
        try await Task.sleep(for: .milliseconds(800))
        let buffered = try await socket.bufferedMessageCount
        XCTAssertLessThanOrEqual(buffered, mostBuffered, "decoded-ahead messages are bounded by both limits")
        let sentWhileStalled = sentCount.withLockedValue { $0 }
        XCTAssertLessThan(sentWhileStalled, total, "a consumer that does not read must stop the sender (TCP pushback)")
        var received = 0
        for try await message in socket.messages {
            guard case .binary(let bytes) = message else { return XCTFail("expected binary") }
            XCTAssertEqual(bytes.count, payload.count)
            XCTAssertEqual(bytes[0], UInt8(truncatingIfNeeded: received), "messages arrive in order")
            received += 1
        }
        XCTAssertEqual(received, total)
    }

    func testUnansweredKeepalivePingFailsConnectionWith1011() async throws {
        var serverConfiguration = WebSocketServerConfiguration()
        serverConfiguration.connection.autoPong = false
        let serverSide = NIOLockedValueBox<WebSocketCloseInfo?>(nil)
        let server = try await WebSocketServer.start(configuration: serverConfiguration) { socket in
            do { for try await _ in socket.messages {} } catch {}
            let info = try? await socket.closed()
            serverSide.withLockedValue { $0 = info }
        }
        defer { Task { try? await server.stop() } }
        var configuration = WebSocketClientConfiguration()
        configuration.connection.keepalive = .init(interval: .milliseconds(100), timeout: .milliseconds(150))
        let socket = try await WebSocketClient(configuration: configuration).connect(to: server.url)
        do {
            for try await _ in socket.messages {}
            XCTFail("the connection must fail when the pong does not come")
        } catch let error as WebSocketConnectionError {
            XCTAssertEqual(error.kind, .keepaliveTimeout)
            XCTAssertEqual(error.closeCode, 1011)
        }
        _ = try? await socket.closed()
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(serverSide.withLockedValue { $0?.code }, 1011, "the server received close 1011")
    }

    func testKeepaliveAnsweredByPeerKeepsConnectionOpen() async throws {
        let (server, _) = try await startEchoServer()
        defer { Task { try? await server.stop() } }
        var configuration = WebSocketClientConfiguration()
        configuration.connection.keepalive = .init(interval: .milliseconds(50), timeout: .milliseconds(200))
        let socket = try await WebSocketClient(configuration: configuration).connect(to: server.url)
        try await Task.sleep(for: .milliseconds(600))
        var iterator = socket.messages.makeAsyncIterator()
        try await socket.send(text: "still here")
        let echoed = try await iterator.next()
        XCTAssertEqual(echoed, .text("still here"))
        try await socket.close()
    }

    func testSendAfterCloseFailsWithNotOpen() async throws {
        let (server, _) = try await startEchoServer()
        defer { Task { try? await server.stop() } }
        let socket = try await WebSocketClient.connect(to: server.url)
        try await socket.close()
        do {
            try await socket.send(text: "late")
            XCTFail("send after close must fail")
        } catch let error as WebSocketClientError {
            XCTAssertEqual(error, .notOpen)
        }
    }

    func testConnectToClosedPortFails() async throws {
        let (server, _) = try await startEchoServer()
        let url = server.url
        try await server.stop()
        do {
            _ = try await WebSocketClient.connect(to: url)
            XCTFail("connect to a closed port must fail")
        } catch {}
    }
}
