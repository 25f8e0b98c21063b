import Codecs
import NIOCore
import NIOPosix
import NIOWebSocket
import WSFrame
import WebSocketNIO

/// Messages per second through the shipped paths: the sans-I/O `WebSocketConnection` (what the NIO layer drives)
/// fed 64 KiB reads, and a `WebSocketClient` reading from a loopback server that writes a prebuilt frame stream.
/// The connection's peer is the bare decoder's push API on the same input (the floor the connection adds its
/// close, ping and keepalive bookkeeping to); the client's peer is a NIO channel running NIOWebSocket's
/// `WebSocketFrameDecoder` on the same server stream (framing only: no UTF-8 check, no assembly).
enum WSConnectionBenchmarks {
    static let suite = BenchmarkSuite(codec: "ws") {
        [
            connection(size: 32, count: 100_000, text: true),
            connection(size: 300, count: 100_000, text: false),
            connection(size: 32, count: 100_000, text: true, form: .lent),
            connection(size: 300, count: 100_000, text: false, form: .lent),
            connection(size: 300, count: 100_000, text: false, form: .push),
            client(size: 32, count: 100_000, text: true),
            client(size: 300, count: 100_000, text: false),
        ]
    }

    static let readSize = 64 << 10

    /// `count` server frames of `size` bytes followed by a close frame (1000).
    static func serverStream(size: Int, count: Int, text: Bool) -> [UInt8] {
        var stream: [UInt8] = []
        let alphabet = Array("{\"event\":\"state\",\"id\":42,\"value\":\"on\"} ".utf8)
        let payload = (0..<size).map { alphabet[$0 % alphabet.count] }
        payload.withUnsafeBytes { raw in
            for _ in 0..<count {
                WebSocketEncoder.writeFrame(opcode: text ? .text : .binary, payload: raw, maskingKey: nil, into: &stream)
            }
        }
        let close: [UInt8] = [0x03, 0xE8]
        close.withUnsafeBytes { WebSocketEncoder.writeFrame(opcode: .close, payload: $0, maskingKey: nil, into: &stream) }
        return stream
    }

    // MARK: WebSocketConnection

    /// How the connection's events are taken: owned `next()`, lent `next(_:)`, or push `feed(_:now:onItem:)`.
    enum Form: String { case owned, lent, push }

    static func connection(size: Int, count: Int, text: Bool, form: Form = .owned) -> BenchmarkCase {
        let input = WSBenchmarks.pinned(serverStream(size: size, count: count, text: text))
        let ours: Contender = switch form {
        case .owned: Contender(name: "WebSocketConnection.next()") { connectionOwned(input) }
        case .lent: Contender(name: "WebSocketConnection.next(_:)") { connectionLent(input) }
        case .push: Contender(name: "WebSocketConnection.feed(onItem:)") { connectionPushed(input) }
        }
        return BenchmarkCase(
            codec: "ws",
            name: "WebSocketConnection, 100k \(size) B \(text ? "text" : "binary") msgs, \(form.rawValue)",
            bytes: input.count, items: count, ours: ours,
            peer: Contender(name: "WebSocketDecoder.feed(onItem:)") { decoderPushed(input) })
    }

    /// Owned messages out of the connection, as an application that keeps them gets them.
    static func connectionOwned(_ input: UnsafeRawBufferPointer) -> Int {
        var connection = WebSocketConnection(role: .client)
        let now = MonotonicInstant(nanoseconds: 0)
        var messages = 0
        var bytes = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            connection.feed(UnsafeRawBufferPointer(rebasing: input[start..<end]), now: now)
            start = end
            while let event = try? connection.next() {
                switch event {
                case .message(.text(let text)):
                    messages &+= 1
                    bytes &+= text.utf8.count
                case .message(.binary(let data)):
                    messages &+= 1
                    bytes &+= data.count
                default: break
                }
            }
        }
        connection.clearPendingWrites()
        return bytes >= 0 ? messages : 0
    }

    /// Payloads lent by the lazy connection (what a session decoding in place uses).
    static func connectionLent(_ input: UnsafeRawBufferPointer) -> Int {
        var connection = WebSocketConnection(role: .client)
        let now = MonotonicInstant(nanoseconds: 0)
        var messages = 0
        var bytes = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            connection.feed(UnsafeRawBufferPointer(rebasing: input[start..<end]), now: now)
            start = end
            while let size = try? connection.next({ $0.isMessage ? $0.payload.count : -1 }) {
                if size >= 0 {
                    messages &+= 1
                    bytes &+= size
                }
            }
        }
        connection.clearPendingWrites()
        return bytes >= 0 ? messages : 0
    }

    /// The connection's push form: complete frames read where they lie in each read.
    static func connectionPushed(_ input: UnsafeRawBufferPointer) -> Int {
        var connection = WebSocketConnection(role: .client)
        let now = MonotonicInstant(nanoseconds: 0)
        var messages = 0
        var bytes = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            do {
                try connection.feed(UnsafeRawBufferPointer(rebasing: input[start..<end]), now: now) { view in
                    if view.isMessage {
                        messages &+= 1
                        bytes &+= view.payload.count
                    }
                }
            } catch {
                return 0
            }
            start = end
        }
        connection.clearPendingWrites()
        return bytes >= 0 ? messages : 0
    }

    /// The decoder's push API: the benchmarked zero-copy path, without connection semantics.
    static func decoderPushed(_ input: UnsafeRawBufferPointer) -> Int {
        var decoder = WebSocketDecoder(WebSocketDecoder.Configuration(role: .client))
        var messages = 0
        var bytes = 0
        var start = 0
        while start < input.count {
            let end = min(input.count, start &+ readSize)
            do {
                try decoder.feed(UnsafeRawBufferPointer(rebasing: input[start..<end])) { item in
                    if item.kind == .text || item.kind == .binary {
                        messages &+= 1
                        bytes &+= item.payload.count
                    }
                }
            } catch {
                return 0
            }
            start = end
        }
        return bytes >= 0 ? messages : 0
    }

    // MARK: WebSocketClient over loopback

    static func client(size: Int, count: Int, text: Bool) -> BenchmarkCase {
        let stream = serverStream(size: size, count: count, text: text)
        // Without its loopback server the case reports 0 items ("not measured").
        let port = StreamServer.start(stream: stream)?.port ?? 0
        let url = "ws://127.0.0.1:\(port)/"
        return BenchmarkCase(
            codec: "ws",
            name: "WebSocketClient loopback, 100k \(size) B \(text ? "text" : "binary") msgs",
            bytes: stream.count, items: count,
            ours: Contender(name: "WebSocketClient.messages") {
                runBlocking { await clientMessages(url: url) }
            },
            peer: Contender(name: "NIO channel+WebSocketFrameDecoder") {
                runBlocking { await nioFrames(port: port) }
            })
    }

    static func clientMessages(url: String) async -> Int {
        var configuration = WebSocketClientConfiguration()
        configuration.deflate = nil
        do {
            let socket = try await WebSocketClient(configuration: configuration).connect(to: url)
            var messages = 0
            var bytes = 0
            for try await message in socket.messages {
                messages &+= 1
                bytes &+= message.byteCount
            }
            _ = try await socket.closed()
            return bytes >= 0 ? messages : 0
        } catch {
            return 0
        }
    }

    /// The peer: the same handshake request, the response head skipped, then NIOWebSocket's frame decoder; ends at
    /// the close frame.
    static func nioFrames(port: Int) async -> Int {
        guard let handshake = try? WebSocketClientHandshake(host: "127.0.0.1:\(port)", target: "/") else { return 0 }
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.next().makePromise(of: Int.self)
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HeadSkipper())
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
                    try channel.pipeline.syncOperations.addHandler(FrameCounter(done: done))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
            try await channel.writeAndFlush(ByteBuffer(bytes: handshake.requestBytes)).get()
            let frames = try await done.futureResult.get()
            try? await channel.close().get()
            return frames
        } catch {
            done.fail(error)
            return 0
        }
    }

    /// Drops the HTTP response head, then passes the rest of the stream on.
    final class HeadSkipper: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        var matched = 0
        var inHead = true

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            if inHead {
                let end: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
                while inHead, let byte = buffer.readInteger(as: UInt8.self) {
                    matched = byte == end[matched] ? matched + 1 : (byte == 0x0D ? 1 : 0)
                    if matched == 4 { inHead = false }
                }
                guard buffer.readableBytes > 0 else { return }
            }
            context.fireChannelRead(wrapInboundOut(buffer))
        }
    }

    /// Counts data frames; completes at the close frame.
    final class FrameCounter: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        let done: EventLoopPromise<Int>
        var frames = 0
        init(done: EventLoopPromise<Int>) { self.done = done }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text, .binary: frames &+= 1
            case .connectionClose: done.succeed(frames)
            default: break
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.succeed(frames)
        }
    }

    /// A loopback server that answers every upgrade (no extensions) and then writes `stream` in one go; it closes
    /// the TCP connection once the client sends anything after its request (its close frame).
    final class StreamServer: Sendable {
        let port: Int
        let channel: any Channel

        init(port: Int, channel: any Channel) {
            self.port = port
            self.channel = channel
        }

        static func start(stream: [UInt8]) -> StreamServer? {
            let payload = ByteBuffer(bytes: stream)
            let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(StreamWriter(stream: payload))
                    }
                }
            guard let channel = try? bootstrap.bind(host: "127.0.0.1", port: 0).wait() else { return nil }
            return StreamServer(port: channel.localAddress?.port ?? 0, channel: channel)
        }
    }

    final class StreamWriter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let stream: ByteBuffer
        var reader = HTTPHeadReader()
        var upgraded = false

        init(stream: ByteBuffer) { self.stream = stream }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            if upgraded {
                context.close(promise: nil)
                return
            }
            let used = try? buffer.withUnsafeReadableBytes { try reader.feed($0) }
            guard let used, used != nil, let head = reader.head,
                  let request = try? HTTPHeadReader.parseRequest(head),
                  let acceptance = try? WebSocketServerHandshake().accept(request) else { return }
            upgraded = true
            var out = context.channel.allocator.buffer(capacity: 256)
            out.writeBytes(acceptance.responseBytes)
            context.write(wrapOutboundOut(out), promise: nil)
            context.writeAndFlush(wrapOutboundOut(stream), promise: nil)
        }
    }
}
