import NIOCore
import Synchronization

/// The two channels of one proxied connection and the upstream writer once connected, shared by the task that
/// reads the client and the one that reads the upstream.
final class ProxyLink: Sendable {
    private struct State {
        var upstream: (any Channel)?
        var writer: NIOAsyncChannelOutboundWriter<ByteBuffer>?
        var failed = false
    }

    private let client: any Channel
    private let state = Mutex(State())

    init(client: any Channel) { self.client = client }

    var upstreamWriter: NIOAsyncChannelOutboundWriter<ByteBuffer>? { state.withLock { $0.writer } }
    var upstreamFailed: Bool { state.withLock { $0.failed } }

    func setUpstream(_ channel: any Channel) { state.withLock { $0.upstream = channel } }
    func setWriter(_ writer: NIOAsyncChannelOutboundWriter<ByteBuffer>) { state.withLock { $0.writer = writer } }
    func markUpstreamFailed() { state.withLock { $0.failed = true } }

    /// Closes the upstream connection (a stall: the client is left waiting).
    func closeUpstream() {
        state.withLock { $0.upstream }?.close(promise: nil)
    }

    /// Closes both connections.
    func closeAll() {
        closeUpstream()
        client.close(promise: nil)
    }
}
