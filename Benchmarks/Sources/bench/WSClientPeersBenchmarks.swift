import NIOCore
import NIOPosix
import TransportNIO
import WebSocketNIO

/// WebSocket messages per second received by three clients from the same loopback server, plain and TLS, in
/// the same run (issue 14 "Benchmark"): our `WebSocketClient` (WebSocketNIO) against hummingbird-project's
/// swift-websocket `WSClient` 1.6.2 and vapor's websocket-kit 2.16.2. The server (in this process, shared by every
/// contender, so its CPU time and allocations are in every figure alike) answers the upgrade, writes `count`
/// prebuilt server frames and a close (1000), and closes TCP when the client answers the close. Each contender
/// connects, takes every message as its users get it (ours: `for try await` over `messages`, owned `String`
/// or `[UInt8]`; WSClient: `for try await` over `inbound.messages(maxSize:)`, UTF-8 validated as ours is;
/// websocket-kit: `onText`/`onBinary` callbacks on the event loop), counts them and returns after the close.
/// TLS: TransportNIO's server handlers with a generated P-256 certificate; every client trusts exactly it
/// (ours via `TLSClientOptions.additionalRoots`, the peers via the same options' `nioTLSConfiguration()`).
///
/// A peer case per peer, so `ours` runs once per pair (two figures per size and transport: their spread is
/// the run's noise).
enum WSClientPeersBenchmarks {
    static let suite = BenchmarkSuite(codec: "ws-clients") {
        guard let identity = try? TLSServerIdentity.selfSigned() else { return [] }
        var cases: [BenchmarkCase] = []
        for tls in [false, true] {
            for (size, count, text) in [(32, 100_000, true), (1024, 30_000, false)] {
                let stream = WSConnectionBenchmarks.serverStream(size: size, count: count, text: text)
                let server = PushServer.start(stream: stream, tls: tls ? TLSServerOptions(identity: identity) : nil)
                let port = server?.port ?? 0
                let url = "\(tls ? "wss" : "ws")://127.0.0.1:\(port)/"
                let roots = identity.certificateChain
                let label = "\(tls ? "wss" : "ws") \(count / 1000)k \(size) B \(text ? "text" : "binary")"
                let ours = Contender(name: "WebSocketClient (ours)") {
                    runBlocking { await oursMessages(url: url, roots: tls ? roots : nil) }
                }
                cases.append(BenchmarkCase(
                    codec: "ws-clients", name: "\(label) vs WSClient", bytes: stream.count, items: count,
                    ours: ours,
                    peer: Contender(name: "swift-websocket WSClient") {
                        runBlocking { await HummingbirdPeer.messages(url: url, roots: tls ? roots : nil) }
                    }))
                cases.append(BenchmarkCase(
                    codec: "ws-clients", name: "\(label) vs websocket-kit", bytes: stream.count, items: count,
                    ours: ours,
                    peer: Contender(name: "websocket-kit") {
                        VaporPeer.messages(port: port, tls: tls, roots: roots)
                    }))
            }
        }
        return cases
    }

    /// Our client: connect, drain `messages` (owned values), wait for the close.
    static func oursMessages(url: String, roots: [TLSCertificate]?) async -> Int {
        var configuration = WebSocketClientConfiguration()
        configuration.deflate = nil
        if let roots { configuration.transportSecurity = TLSClientOptions(trust: .additionalRoots(roots)) }
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

    /// The shared server: `WSConnectionBenchmarks.StreamWriter` (upgrade, then the prebuilt stream in one write)
    /// behind TransportNIO's TLS server handlers when `tls` is set.
    final class PushServer: Sendable {
        let port: Int
        let channel: any Channel

        init(port: Int, channel: any Channel) {
            self.port = port
            self.channel = channel
        }

        static func start(stream: [UInt8], tls: TLSServerOptions?) -> PushServer? {
            let payload = ByteBuffer(bytes: stream)
            let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls { try tls.addServerHandlers(to: channel, applicationProtocols: ["http/1.1"]) }
                        try channel.pipeline.syncOperations.addHandler(
                            WSConnectionBenchmarks.StreamWriter(stream: payload))
                    }
                }
            guard let channel = try? bootstrap.bind(host: "127.0.0.1", port: 0).wait() else { return nil }
            return PushServer(port: channel.localAddress?.port ?? 0, channel: channel)
        }
    }
}
