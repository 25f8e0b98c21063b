import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP client for tests that must see exactly what a mock put on the wire (bytes, read count, whether
/// and when the server closed), with no HTTP or WebSocket code in between.
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

    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Waits until `done(bytes)` holds, the peer closed, or `timeout` passed; returns what arrived so far.
    func received(timeout: Duration = .seconds(5), until done: ([UInt8]) -> Bool) async -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let snapshot = collector.snapshot()
            if done(snapshot.bytes) || snapshot.closed { return snapshot.bytes }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return collector.snapshot().bytes
    }

    /// Waits until the peer closed the connection (or `timeout`); returns everything received.
    func receivedUntilClose(timeout: Duration = .seconds(5)) async -> (bytes: [UInt8], closed: Bool, reads: Int) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let snapshot = collector.snapshot()
            if snapshot.closed { return snapshot }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return collector.snapshot()
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: Sendable {
        private let state = NIOLockedValueBox((bytes: [UInt8](), closed: false, reads: 0))
        func append(_ bytes: [UInt8]) {
            state.withLockedValue {
                $0.bytes += bytes
                $0.reads += 1
            }
        }
        func markClosed() { state.withLockedValue { $0.closed = true } }
        func snapshot() -> (bytes: [UInt8], closed: Bool, reads: Int) { state.withLockedValue { $0 } }
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
