import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TransportNIO

/// A request as the scripted server received it.
struct ReceivedRequest: Sendable {
    /// Request line and header lines, as sent.
    var head: String
    /// The body (by Content-Length).
    var body: [UInt8]

    var requestLine: Substring { head.split(separator: "\r\n", omittingEmptySubsequences: false).first ?? "" }

    /// The first value of header `name` (case-insensitive), trimmed.
    func header(_ name: String) -> String? {
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == name.lowercased() {
                return line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            }
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

/// What the scripted server does after reading a request, in order. When the steps run out the connection
/// stays open and silent (a stall) until the client closes it or the server stops.
enum ServerStep: Sendable {
    /// Writes and flushes these bytes.
    case send([UInt8])
    /// Waits.
    case pause(milliseconds: Int)
    /// Writes `pattern` over and over while the socket accepts it (writability-driven, so a client that stops
    /// reading stops it), `total` bytes in all.
    case endless(pattern: [UInt8], total: Int)
    /// Closes the connection.
    case close

    static func text(_ string: String) -> Self { .send(Array(string.utf8)) }

    /// `bytes` one at a time, `milliseconds` apart.
    static func drip(_ bytes: [UInt8], milliseconds: Int) -> [Self] {
        bytes.flatMap { [Self.send([$0]), .pause(milliseconds: milliseconds)] }
    }

    /// A response head (status line + headers + blank line) for HTTP/1.1.
    static func head(_ status: Int, _ reason: String, _ headers: [(String, String)]) -> Self {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return .text(text + "\r\n")
    }

    /// One chunk of a chunked body (RFC 9112 §7.1).
    static func chunk(_ bytes: [UInt8]) -> Self {
        .send(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10])
    }

    /// The last chunk of a chunked body.
    static let lastChunk = Self.text("0\r\n\r\n")
}

/// What the server saw and did, shared with the test.
struct ServerRecord: Sendable {
    var requests: [ReceivedRequest] = []
    /// Bytes the kernel accepted from the server (write promises completed), over all connections.
    var bytesWritten = 0
    var connections = 0
}

/// A tiny scripted HTTP/1.1 server on 127.0.0.1 for the HTTPStreaming tests: it reads one request head (and a
/// Content-Length body), then plays the steps the script returns for it, byte-exact. Raw bytes rather than
/// NIOHTTP1's encoder, so tests can send heads that never end, cut bodies and drip single bytes.
final class ScriptedHTTPServer: Sendable {
    let channel: any Channel
    let record: NIOLockedValueBox<ServerRecord>
    let port: Int
    let scheme: String

    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    private init(channel: any Channel, record: NIOLockedValueBox<ServerRecord>, scheme: String) {
        self.channel = channel
        self.record = record
        self.port = channel.localAddress?.port ?? 0
        self.scheme = scheme
    }

    /// A server playing `script`; with `tls`, TransportNIO's TLS server handlers (ALPN `http/1.1`) run in front
    /// of the script and `url` is `https://`.
    static func start(
        tls: TLSServerOptions? = nil, _ script: @escaping @Sendable (ReceivedRequest) -> [ServerStep]
    ) async throws -> ScriptedHTTPServer {
        let record = NIOLockedValueBox(ServerRecord())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try tls.addServerHandlers(to: channel, applicationProtocols: ["http/1.1"]) }
                    try channel.pipeline.syncOperations.addHandler(ScriptedConnection(script: script, record: record))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ScriptedHTTPServer(channel: channel, record: record, scheme: tls == nil ? "http" : "https")
    }

    func stop() async {
        try? await channel.close()
    }

    var bytesWritten: Int { record.withLockedValue { $0.bytesWritten } }
    var requests: [ReceivedRequest] { record.withLockedValue { $0.requests } }
}

/// One connection's script runner; lives on its channel's event loop.
final class ScriptedConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let script: @Sendable (ReceivedRequest) -> [ServerStep]
    let record: NIOLockedValueBox<ServerRecord>
    var received: [UInt8] = []
    var started = false
    var steps: ArraySlice<ServerStep> = []
    var endlessPattern: [UInt8] = []
    var endlessRemaining = 0
    var closed = false

    init(script: @escaping @Sendable (ReceivedRequest) -> [ServerStep], record: NIOLockedValueBox<ServerRecord>) {
        self.script = script
        self.record = record
    }

    func channelActive(context: ChannelHandlerContext) {
        record.withLockedValue { $0.connections += 1 }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard !started else { return }
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let headEnd = Self.find([13, 10, 13, 10], in: received) else { return }
        let head = String(decoding: received[..<headEnd], as: UTF8.self)
        var request = ReceivedRequest(head: head, body: [])
        let length = request.header("Content-Length").flatMap { Int($0) } ?? 0
        let bodyStart = headEnd + 4
        guard received.count - bodyStart >= length else { return }
        request.body = Array(received[bodyStart..<(bodyStart + length)])
        started = true
        record.withLockedValue { $0.requests.append(request) }
        steps = script(request)[...]
        runNext(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if endlessRemaining > 0, context.channel.isWritable { pump(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func runNext(context: ChannelHandlerContext) {
        guard !closed, let step = steps.popFirst() else { return }
        switch step {
        case let .send(bytes):
            write(bytes, context: context)
            context.flush()
            runNext(context: context)
        case let .pause(milliseconds):
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                self.runNext(context: context)
            }
        case let .endless(pattern, total):
            var block: [UInt8] = []
            while block.count < 65536 { block += pattern }
            endlessPattern = block
            endlessRemaining = total
            pump(context: context)
        case .close:
            context.close(promise: nil)
        }
    }

    func pump(context: ChannelHandlerContext) {
        while endlessRemaining > 0, context.channel.isWritable, !closed {
            let count = min(endlessRemaining, endlessPattern.count)
            endlessRemaining -= count
            write(Array(endlessPattern[..<count]), context: context)
            context.flush()
        }
        if endlessRemaining == 0 { runNext(context: context) }
    }

    func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        let record = self.record
        let count = bytes.count
        promise.futureResult.whenSuccess { record.withLockedValue { $0.bytesWritten += count } }
        context.write(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: promise)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
