import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TransportNIO
import WebSocketKit

/// vapor/websocket-kit's client as its README uses it: `WebSocket.connect(to:configuration:on:)` with `onText` /
/// `onBinary` callbacks (run on the channel's event loop), waiting for `onClose`.
enum VaporPeer {
    static func messages(port: Int, tls: Bool, roots: [TLSCertificate]) -> Int {
        let counts = EventLoopCounts()
        let closed = NIOLockedValueBox<EventLoopFuture<Void>?>(nil)
        var configuration = WebSocketClient.Configuration(maxFrameSize: 1 << 20)
        do {
            if tls {
                configuration.tlsConfiguration = try TLSClientOptions(trust: .additionalRoots(roots))
                    .nioTLSConfiguration()
            }
            try WebSocket.connect(
                scheme: tls ? "wss" : "ws", host: "127.0.0.1", port: port, path: "/", configuration: configuration,
                on: MultiThreadedEventLoopGroup.singleton
            ) { socket in
                socket.onText { _, text in
                    counts.messages &+= 1
                    counts.bytes &+= text.utf8.count
                }
                socket.onBinary { _, buffer in
                    counts.messages &+= 1
                    counts.bytes &+= buffer.readableBytes
                }
                closed.withLockedValue { $0 = socket.onClose }
            }.wait()
            try closed.withLockedValue { $0 }?.wait()
        } catch {
            FileHandle.standardError.write(Data("  ! websocket-kit: \(error)\n".utf8))
            return 0
        }
        return counts.bytes >= 0 ? counts.messages : 0
    }

    /// Counts written only by the connection's callbacks, all on its one event loop, and read after `onClose`
    /// completed (the future orders the reads after the writes); no lock per message, as a websocket-kit user
    /// counting on the event loop would not take one.
    final class EventLoopCounts: @unchecked Sendable {
        var messages = 0
        var bytes = 0
    }
}
