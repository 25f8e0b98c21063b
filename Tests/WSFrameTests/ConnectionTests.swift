import Codecs
import XCTest
import WSFrame

/// The sans-I/O connection: closing handshake (RFC 6455 §7.1), automatic pong (§5.5.2), keepalive and failure.
final class ConnectionTests: XCTestCase {
    static func at(_ seconds: Double) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    /// Decodes what `connection` wrote, as its peer would, and clears it.
    func peerReads(_ connection: inout WebSocketConnection) -> [String] {
        let peerRole: WebSocketRole = connection.role == .client ? .server : .client
        defer { connection.clearPendingWrites() }
        return decodeAll(connection.pendingWrites, role: peerRole, eof: false)
    }

    /// An event taken from the connection, or the failure `next()` threw.
    enum Outcome: Equatable {
        case event(WebSocketEvent)
        case failed(WebSocketConnectionError)

        static func text(_ text: String) -> Outcome { .event(.message(.text(text))) }
        static func closed(code: UInt16?, reason: String) -> Outcome { .event(.close(code: code, reason: reason)) }
    }

    /// Everything `next()` gives until it needs bytes, ending with the failure if it throws.
    func events(_ connection: inout WebSocketConnection) -> [Outcome] {
        var list: [Outcome] = []
        do throws(WebSocketConnectionError) {
            while let event = try connection.next() { list.append(.event(event)) }
        } catch {
            list.append(.failed(error))
        }
        return list
    }

    let key = WebSocketMaskingKey(1, 2, 3, 4)

    func testServerEchoesPeerCloseCodeAndClosesTransport() {
        var server = WebSocketConnection(role: .server)
        server.feed(frame(0x81, masked: key, Array("hi".utf8)) + closeFrame(1001, Array("away".utf8), masked: key),
                       now: Self.at(1))
        XCTAssertEqual(events(&server), [.text("hi"), .closed(code: 1001, reason: "away")])
        XCTAssertEqual(peerReads(&server), ["close:1001:"])
        XCTAssertEqual(server.state, .closed)
        XCTAssertTrue(server.shouldCloseTransport)
    }

    func testEmptyCloseIsAnsweredWithEmptyClose() {
        var server = WebSocketConnection(role: .server)
        server.feed(frame(0x88, masked: key, []), now: Self.at(1))
        XCTAssertEqual(events(&server), [.closed(code: nil, reason: "")])
        XCTAssertEqual(peerReads(&server), ["close:none:"])
    }

    func testClientInitiatedCloseWaitsForServerThenForTransportClose() throws {
        var client = WebSocketConnection(role: .client)
        try client.close(code: 1000, reason: "done", now: Self.at(0))
        XCTAssertEqual(peerReads(&client), ["close:1000:done"])
        XCTAssertEqual(client.state, .closing)
        XCTAssertEqual(client.nextDeadline, Self.at(10))
        XCTAssertThrowsError(try client.sendText("late"))
        client.feed(frame(0x81, Array("in flight".utf8)) + closeFrame(1000), now: Self.at(1))
        XCTAssertEqual(events(&client), [.text("in flight"), .closed(code: 1000, reason: "")])
        XCTAssertTrue(client.pendingWrites.isEmpty, "the closing handshake is complete; no second close")
        XCTAssertFalse(client.shouldCloseTransport, "a client waits for the server to close TCP")
        client.tick(now: Self.at(5))
        XCTAssertFalse(client.shouldCloseTransport)
        client.tick(now: Self.at(11))
        XCTAssertTrue(client.shouldCloseTransport)
        XCTAssertEqual(events(&client), [])
    }

    func testCloseTimeoutFailsTheConnection() throws {
        var client = WebSocketConnection(role: .client,
                                         configuration: WebSocketConnection.Configuration(closeTimeout: .seconds(3)))
        try client.close(code: 1000, now: Self.at(0))
        client.clearPendingWrites()
        client.tick(now: Self.at(2.9))
        XCTAssertEqual(events(&client), [])
        client.tick(now: Self.at(3))
        XCTAssertEqual(events(&client), [.failed(WebSocketConnectionError(.closeTimeout))])
        XCTAssertTrue(client.shouldCloseTransport)
    }

    func testPingIsAnsweredAutomatically() {
        var client = WebSocketConnection(role: .client)
        client.feed(frame(0x89, Array("beat".utf8)), now: Self.at(0))
        XCTAssertEqual(events(&client), [.event(.ping(Array("beat".utf8)))])
        XCTAssertEqual(peerReads(&client), ["pong:beat"])
    }

    func testKeepaliveCentralTenSecondsFiveSeconds() {
        let configuration = WebSocketConnection.Configuration(keepalive: .init(interval: .seconds(10), timeout: .seconds(5)))
        var client = WebSocketConnection(role: .client, configuration: configuration, now: Self.at(0))
        XCTAssertEqual(client.nextDeadline, Self.at(10))
        client.tick(now: Self.at(10))
        let ping = client.pendingWrites
        client.clearPendingWrites()
        var decoder = makeDecoder(role: .server)
        decoder.feed(ping)
        guard case let .ping(payload)? = try? decoder.next() else { return XCTFail("expected a ping") }
        XCTAssertEqual(client.nextDeadline, Self.at(15))
        // Answered in time: no failure, next ping at 20 s.
        client.feed(frame(0x8A, payload), now: Self.at(12))
        XCTAssertEqual(events(&client), [.event(.pong(payload))])
        client.tick(now: Self.at(15))
        XCTAssertEqual(events(&client), [])
        XCTAssertEqual(client.nextDeadline, Self.at(20))
        // Not answered: fails with 1011 at 25 s.
        client.tick(now: Self.at(20))
        client.clearPendingWrites()
        client.tick(now: Self.at(24.9))
        XCTAssertEqual(events(&client), [])
        client.tick(now: Self.at(25))
        XCTAssertEqual(events(&client), [.failed(WebSocketConnectionError(.keepaliveTimeout))])
        XCTAssertEqual(peerReads(&client), ["close:1011:"])
        XCTAssertTrue(client.shouldCloseTransport)
    }

    func testProtocolViolationSendsTheErrorsCloseCode() {
        let cases: [([UInt8], UInt16)] = [
            (frame(0x83, []), 1002),
            (frame(0x81, [0xFF]), 1007),
            (frame(0x82, [UInt8](repeating: 0, count: 2 << 20)), 1009),
        ]
        for (input, code) in cases {
            var client = WebSocketConnection(role: .client)
            client.feed(input, now: Self.at(0))
            let list = events(&client)
            guard case let .failed(error)? = list.last else { return XCTFail("expected failure for \(code)") }
            XCTAssertEqual(error.closeCode, code)
            XCTAssertEqual(peerReads(&client), ["close:\(code):"])
            XCTAssertTrue(client.shouldCloseTransport)
            XCTAssertEqual(client.state, .closed)
        }
    }

    func testEOFWithoutCloseIsAbnormal() {
        var client = WebSocketConnection(role: .client)
        client.feed(frame(0x81, Array("x".utf8)), now: Self.at(0))
        client.finish(now: Self.at(1))
        XCTAssertEqual(events(&client), [.text("x"), .failed(WebSocketConnectionError(.abnormalClosure))])
    }

    func testClientMasksWithFreshKeysAndServerDoesNot() throws {
        var client = WebSocketConnection(role: .client)
        try client.sendText("a")
        try client.sendText("a")
        let bytes = client.pendingWrites
        XCTAssertEqual(bytes.count, 14)
        XCTAssertEqual(bytes[1] & 0x80, 0x80)
        XCTAssertNotEqual(Array(bytes[2..<6]), Array(bytes[9..<13]), "each frame gets its own key")
        var server = WebSocketConnection(role: .server)
        try server.sendBinary([1, 2, 3])
        XCTAssertEqual(server.pendingWrites, [0x82, 0x03, 1, 2, 3])
    }
}
