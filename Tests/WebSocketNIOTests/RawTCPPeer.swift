import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP client for tests that must put exact bytes on the wire (hand-built frames from RFC 6455) and see
/// exactly what comes back, without any WebSocket code in between.
final class RawTCPPeer: Sendable {
    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> RawTCPPeer {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawTCPPeer(channel: channel, collector: collector)
    }

    /// Writes `bytes` in one write.
    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Waits until at least `count` bytes arrived (or the peer closed, or `timeout` passed) and returns all so far.
    func received(atLeast count: Int, timeout: Duration = .seconds(5)) async -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let (bytes, closed) = collector.snapshot()
            if bytes.count >= count || closed { return bytes }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return collector.snapshot().0
    }

    /// Waits until the peer closed the connection; returns everything received.
    func receivedUntilClose(timeout: Duration = .seconds(5)) async -> (bytes: [UInt8], closed: Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let snapshot = collector.snapshot()
            if snapshot.1 { return snapshot }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return collector.snapshot()
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: Sendable {
        private let state = NIOLockedValueBox(([UInt8](), false))
        func append(_ bytes: [UInt8]) { state.withLockedValue { $0.0 += bytes } }
        func markClosed() { state.withLockedValue { $0.1 = true } }
        func snapshot() -> ([UInt8], Bool) { state.withLockedValue { $0 } }
    }

    private final class CollectingHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let collector: Collector
        init(collector: Collector) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            collector.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }

        func channelInactive(context: ChannelHandlerContext) {
            collector.markClosed()
            context.fireChannelInactive()
        }
    }
}

/// The sample upgrade request of RFC 6455 §1.3 (key "dGhlIHNhbXBsZSBub25jZQ==").
let rfcSampleUpgradeRequest = Array(
    ("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)

/// Index just past the response head's CRLF CRLF, nil while incomplete.
func endOfHead(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
        return index + 4
    }
    return nil
}
