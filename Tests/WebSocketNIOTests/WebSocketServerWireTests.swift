import NIOConcurrencyHelpers
import WSFrame
import XCTest

@testable import WebSocketNIO

/// Our server against hand-built bytes from RFC 6455: what exactly goes back on the wire.
final class WebSocketServerWireTests: XCTestCase {
    /// RFC 6455 §5.7: "A single-frame masked text message" containing "Hello".
    static let maskedHello: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
    /// RFC 6455 §5.7: "A single-frame unmasked text message" containing "Hello" (what a server sends).
    static let unmaskedHello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
    /// An empty masked text frame with RSV2 set (§5.2: MUST fail when no extension defines it).
    static let rsv2Frame: [UInt8] = [0xA1, 0x80, 0x01, 0x02, 0x03, 0x04]
    /// Server close frame with status 1002 (§7.4.1), no reason.
    static let close1002: [UInt8] = [0x88, 0x02, 0x03, 0xEA]

    private func startEchoServer(bufferedMessages: Int) async throws -> WebSocketServer {
        var configuration = WebSocketServerConfiguration()
        configuration.maxBufferedMessages = bufferedMessages
        return try await WebSocketServer.start(configuration: configuration) { socket in
            do {
                for try await message in socket.messages { try await socket.send(message) }
            } catch {}
        }
    }

    /// Connects a raw peer, sends the RFC sample upgrade and returns it with the 101 head checked.
    private func upgradedPeer(port: Int) async throws -> (RawTCPPeer, headLength: Int) {
        let peer = try await RawTCPPeer.connect(port: port)
        try await peer.write(rfcSampleUpgradeRequest)
        var bytes: [UInt8] = []
        var head: Int?
        for _ in 0..<100 where head == nil {
            bytes = await peer.received(atLeast: bytes.count + 1, timeout: .milliseconds(50))
            head = endOfHead(bytes)
        }
        let headLength = try XCTUnwrap(head, "no 101 response head")
        let text = String(decoding: bytes[..<headLength], as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 101 "), text)
        // RFC 6455 §1.3: the sample key's accept value.
        XCTAssertTrue(text.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), text)
        return (peer, headLength)
    }

    func testLockstepServerEchoesGoodMessageBeforeFailingOnBadFrameBehindIt() async throws {
        let server = try await startEchoServer(bufferedMessages: 0)
        defer { Task { try? await server.stop() } }
        let (peer, headLength) = try await upgradedPeer(port: server.port)
        try await peer.write(Self.maskedHello + Self.rsv2Frame)
        let (bytes, closed) = await peer.receivedUntilClose()
        XCTAssertTrue(closed, "the server closes the TCP connection after failing (§7.1.7)")
        XCTAssertEqual(Array(bytes[headLength...]), Self.unmaskedHello + Self.close1002,
                       "echo first, then close 1002")
    }

    func testUnmaskedClientFrameFailsWith1002() async throws {
        let server = try await startEchoServer(bufferedMessages: 16)
        defer { Task { try? await server.stop() } }
        let (peer, headLength) = try await upgradedPeer(port: server.port)
        try await peer.write(Self.unmaskedHello)
        let (bytes, closed) = await peer.receivedUntilClose()
        XCTAssertTrue(closed)
        XCTAssertEqual(Array(bytes[headLength...]), Self.close1002, "§5.1: a server MUST fail on an unmasked frame")
    }

    func testFrameSplitAcrossManyWritesIsStillEchoedOnce() async throws {
        let server = try await startEchoServer(bufferedMessages: 0)
        defer { Task { try? await server.stop() } }
        let (peer, headLength) = try await upgradedPeer(port: server.port)
        for byte in Self.maskedHello {
            try await peer.write([byte])
            try await Task.sleep(for: .milliseconds(2))
        }
        let bytes = await peer.received(atLeast: headLength + Self.unmaskedHello.count)
        XCTAssertEqual(Array(bytes[headLength...]), Self.unmaskedHello)
        await peer.close()
    }

    func testMalformedUpgradeRequestGets400AndNoConnection() async throws {
        let opened = NIOLockedValueBox(false)
        let server = try await WebSocketServer.start { _ in opened.withLockedValue { $0 = true } }
        defer { Task { try? await server.stop() } }
        let peer = try await RawTCPPeer.connect(port: server.port)
        // RFC 6455 §4.2.1: no Sec-WebSocket-Key → the server must answer with an HTTP error, 400 here.
        try await peer.write(Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        let (bytes, closed) = await peer.receivedUntilClose()
        XCTAssertTrue(closed)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 400 "))
        XCTAssertFalse(opened.withLockedValue { $0 })
    }
}
