import Foundation
import MockServers
import NIOCore
import NIOPosix
import Synchronization
import TransportNIO

/// The I/O of the recording proxy (issue 18): listens (TLS with our server identity when asked), and for each
/// client connection connects to the upstream on the first byte it must forward, then pumps both directions
/// through a `ProxyConnection` and performs its actions. Reads wait for the writes they cause, so a slow
/// client slows the upstream (backpressure, no unbounded buffer). Finished stream attempts are kept in order.
final class ProxyListener: Sendable {
    /// Where and how to reach the upstream service.
    struct Upstream: Sendable {
        var host: String
        var port: Int
        /// TLS to the upstream (wss/https), nil for ws/http.
        var tls: TLSClientOptions?
        /// `host[:port]` for the forwarded `Host` header.
        var authority: String
    }

    struct State {
        var server: (any Channel)?
        var open: [ObjectIdentifier: any Channel] = [:]
        /// The live connections, by their client channel.
        var connections: [ObjectIdentifier: ProxyConnectionBox] = [:]
        var finished: [(attempt: Int, record: RecordedConnection)] = []
        var secrets: Set<String> = []
        var messages = 0
        var attempts = 0
        var stopped = false
    }

    let service: RecordService
    let upstream: Upstream
    let specs: [FaultSpec]
    private let tls: TLSServerOptions?
    private let state = Mutex(State())
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let accepting = Mutex<Task<Void, Never>?>(nil)

    init(service: RecordService, upstream: Upstream, specs: [FaultSpec], tls: TLSServerOptions?) {
        self.service = service
        self.upstream = upstream
        self.specs = specs
        self.tls = tls
        started = clock.now
    }

    /// Milliseconds since the proxy was made.
    private var now: Double {
        let duration = clock.now - started
        return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Content messages forwarded whole to clients, over all stream attempts so far.
    var messagesForwarded: Int { state.withLock { $0.messages } }

    /// Stream attempts that ended, by attempt number, and every credential seen.
    var recordings: (connections: [RecordedConnection], secrets: Set<String>) {
        state.withLock { state in (state.finished.sorted { $0.attempt < $1.attempt }.map(\.record), state.secrets) }
    }

    /// Binds `host:port` (0: ephemeral) and starts accepting; returns the bound port.
    func start(host: String, port: Int) async throws -> Int {
        let tls = self.tls
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try tls?.addServerHandlers(to: channel, applicationProtocols: ["http/1.1"])
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        state.withLock { $0.server = server.channel }
        let task = Task<Void, Never> {
            _ = try? await server.executeThenClose { inbound in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await client in inbound {
                            group.addTask { await self.serve(client) }
                        }
                    } catch {
                        // The listening socket closed (stop).
                    }
                }
            }
        }
        accepting.withLock { $0 = task }
        return server.channel.localAddress?.port ?? port
    }

    /// Stops listening, closes every proxied connection and waits until each has been recorded.
    func stop() async {
        let (channels, connections) = state.withLock { state -> ([any Channel], [ProxyConnectionBox]) in
            state.stopped = true
            return ((state.server.map { [$0] } ?? []) + Array(state.open.values), Array(state.connections.values))
        }
        let now = self.now
        for connection in connections { connection.withLock { $0.stopRequested(now: now) } }
        for channel in channels { channel.close(promise: nil) }
        await accepting.withLock { $0 }?.value
    }

    /// The next stream attempt's number.
    private func nextAttempt() -> Int {
        state.withLock { state in
            state.attempts &+= 1
            return state.attempts
        }
    }

    private func track(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.open[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    private func untrack(_ channel: any Channel) {
        _ = state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// One client connection, start to end.
    private func serve(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        guard track(client.channel) else {
            try? await client.channel.close()
            return
        }
        let connection = ProxyConnectionBox(ProxyConnection(
            service: service, specs: specs, upstreamAuthority: upstream.authority, startMilliseconds: now,
            nextAttempt: { self.nextAttempt() }))
        state.withLock { $0.connections[ObjectIdentifier(client.channel)] = connection }
        let link = ProxyLink(client: client.channel)
        try? await client.executeThenClose { clientIn, clientOut in
            await withDiscardingTaskGroup { group in
                do {
                    for try await buffer in clientIn {
                        let bytes = Array(buffer.readableBytesView)
                        let actions = connection.withLock { $0.clientBytes(bytes, now: self.now) }
                        try await perform(actions, link: link, clientOut: clientOut, connection: connection, group: &group)
                    }
                } catch {
                    // The client's connection failed or was closed by an action.
                }
                let actions = connection.withLock { $0.clientClosed(now: self.now) }
                try? await perform(actions, link: link, clientOut: clientOut, connection: connection, group: &group)
            }
        }
        untrack(client.channel)
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(client.channel)) }
        let now = self.now
        let (attempt, record, secrets) = connection.withLock { ($0.attempt, $0.finalRecord(now: now), $0.secrets) }
        state.withLock { state in
            state.secrets.formUnion(secrets)
            if let attempt, let record { state.finished.append((attempt, record)) }
        }
    }

    /// Performs `actions` in order; the first write upstream connects to it and starts the upstream reader.
    private func perform(_ actions: [ProxyAction], link: ProxyLink, clientOut: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                         connection: ProxyConnectionBox, group: inout DiscardingTaskGroup) async throws {
        for action in actions {
            switch action {
            case .toServer(let bytes):
                if link.upstreamWriter == nil, !link.upstreamFailed {
                    await connectUpstream(link: link, clientOut: clientOut, connection: connection, group: &group)
                }
                guard let writer = link.upstreamWriter else {
                    if link.upstreamFailed {
                        let failed = connection.withLock { $0.upstreamFailed(now: now) }
                        try await perform(failed, link: link, clientOut: clientOut, connection: connection, group: &group)
                    }
                    return
                }
                try await writer.write(ByteBuffer(bytes: bytes))
            case .toClient(let bytes):
                try await clientOut.write(ByteBuffer(bytes: bytes))
            case .delay(let milliseconds):
                try await Task.sleep(for: .milliseconds(milliseconds))
            case .closeBoth, .dropBoth:
                link.closeAll()
            case .stall:
                link.closeUpstream()
            }
        }
    }

    /// Connects to the upstream and starts the task that reads it; on failure marks the link failed.
    private func connectUpstream(link: ProxyLink, clientOut: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                                 connection: ProxyConnectionBox, group: inout DiscardingTaskGroup) async {
        let upstream = self.upstream
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(10))
                .connect(host: upstream.host, port: upstream.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try upstream.tls?.addClientHandlers(
                            to: channel, serverHostname: upstream.host, applicationProtocols: ["http/1.1"])
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            link.markUpstreamFailed()
            return
        }
        guard track(channel.channel) else {
            try? await channel.channel.close()
            link.markUpstreamFailed()
            return
        }
        let (writers, continuation) = AsyncStream.makeStream(of: NIOAsyncChannelOutboundWriter<ByteBuffer>.self)
        link.setUpstream(channel.channel)
        group.addTask {
            try? await channel.executeThenClose { upstreamIn, upstreamOut in
                continuation.yield(upstreamOut)
                continuation.finish()
                do {
                    for try await buffer in upstreamIn {
                        let bytes = Array(buffer.readableBytesView)
                        let now = self.now
                        let (actions, delta) = connection.withLock { connection in
                            let before = connection.messagesSent
                            let actions = connection.serverBytes(bytes, now: now)
                            return (actions, connection.messagesSent &- before)
                        }
                        if delta > 0 { self.state.withLock { $0.messages &+= delta } }
                        try await self.performServerSide(actions, link: link, clientOut: clientOut)
                    }
                } catch is ProxyClientGone {
                    // A write to the client failed: the client left first, whatever the upstream does next.
                    let actions = connection.withLock { $0.clientClosed(now: self.now) }
                    try? await self.performServerSide(actions, link: link, clientOut: clientOut)
                } catch {
                    // Upstream reset or closed by an action.
                }
                let actions = connection.withLock { $0.serverClosed(now: self.now) }
                try? await self.performServerSide(actions, link: link, clientOut: clientOut)
            }
            continuation.finish()
            self.untrack(channel.channel)
        }
        for await writer in writers {
            link.setWriter(writer)
            break
        }
        if link.upstreamWriter == nil { link.markUpstreamFailed() }
    }

    /// Actions from the upstream side (never `.toServer`).
    private func performServerSide(_ actions: [ProxyAction], link: ProxyLink,
                                   clientOut: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        for action in actions {
            switch action {
            case .toClient(let bytes):
                do { try await clientOut.write(ByteBuffer(bytes: bytes)) } catch { throw ProxyClientGone() }
            case .closeBoth, .dropBoth:
                link.closeAll()
            case .stall:
                link.closeUpstream()
            case .toServer, .delay:
                break
            }
        }
    }
}

/// A `ProxyConnection` shared by a connection's two pump tasks.
final class ProxyConnectionBox: Sendable {
    private let mutex: Mutex<ProxyConnection>

    init(_ connection: ProxyConnection) { mutex = Mutex(connection) }

    func withLock<R: Sendable>(_ body: (inout sending ProxyConnection) -> R) -> R {
        mutex.withLock { body(&$0) }
    }
}

/// A write to the client failed: it closed its connection.
struct ProxyClientGone: Error {}
