import Foundation
import Logging
import NIOConcurrencyHelpers
import TransportNIO
import WSClient

/// hummingbird-project/swift-websocket's client as its README uses it: `WebSocketClient.connect` with a handler
/// that iterates `inbound.messages(maxSize:)`; UTF-8 validation on (ours validates), no extensions, no auto-ping.
enum HummingbirdPeer {
    static func messages(url: String, roots: [TLSCertificate]?) async -> Int {
        let count = NIOLockedValueBox(0)
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20, validateUTF8: true)
        configuration.ignoreUncleanSSLShutdownErrors = true
        // WSClient refuses an IP literal as SNI; the generated certificate also names localhost.
        if roots != nil { configuration.sniHostname = "localhost" }
        do {
            let tls = try roots.map { try TLSClientOptions(trust: .additionalRoots($0)).nioTLSConfiguration() }
            try await WebSocketClient.connect(
                url: url, configuration: configuration, tlsConfiguration: tls,
                logger: Logger(label: "bench.hummingbird")
            ) { inbound, _, _ in
                var messages = 0
                var bytes = 0
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    messages &+= 1
                    switch message {
                    case .text(let text): bytes &+= text.utf8.count
                    case .binary(let buffer): bytes &+= buffer.readableBytes
                    }
                }
                let total = bytes >= 0 ? messages : 0
                count.withLockedValue { $0 = total }
            }
        } catch {
            FileHandle.standardError.write(Data("  ! WSClient: \(error)\n".utf8))
            return 0
        }
        return count.withLockedValue { $0 }
    }
}
