import Codecs
import NIOCore
import WSFrame

/// The client's opening handshake on the byte stream: the request to write first, then the codec's response
/// reader fed with whatever arrives, until the upgrade (with the first frames' bytes) or a typed failure.
struct ClientHandshakeDriver {
    enum Step {
        case needMore
        case upgraded(WebSocketConnection, WebSocketNegotiated, leftover: [UInt8])
        case failed(any Error)
    }

    let requestBytes: [UInt8]
    private var reader: WebSocketClientHandshakeReader
    private let target: String
    private let connection: WebSocketConnection.Configuration

    init(url: WebSocketURL, configuration: WebSocketClientConfiguration) throws {
        let handshake = try WebSocketClientHandshake(
            host: url.hostHeader, target: url.requestTarget, origin: configuration.origin,
            subprotocols: configuration.subprotocols, deflate: configuration.deflate,
            extraHeaders: configuration.headers)
        requestBytes = handshake.requestBytes
        var limits = configuration.connection.limits
        limits.maxHandshakeSize = max(limits.maxHandshakeSize, configuration.maxRejectionBodySize)
        reader = WebSocketClientHandshakeReader(handshake: handshake, limits: limits)
        target = url.requestTarget
        connection = configuration.connection
    }

    mutating func receive(_ buffer: ByteBuffer) -> Step {
        do throws(WebSocketHandshakeError) {
            let upgrade = try buffer.withUnsafeReadableBytes { bytes throws(WebSocketHandshakeError) in
                try reader.feed(bytes)
            }
            guard let upgrade else { return .needMore }
            var configuration = connection
            configuration.deflate = upgrade.result.deflate
            configuration.partialDelivery = false
            let negotiated = WebSocketNegotiated(
                target: target, subprotocol: upgrade.result.subprotocol, deflate: upgrade.result.deflate,
                peerHeaders: upgrade.result.headers)
            let connection = WebSocketConnection(
                role: .client, configuration: configuration, now: WebSocketChannelHandler.now())
            return .upgraded(connection, negotiated, leftover: upgrade.leftover)
        } catch {
            return .failed(error)
        }
    }

    mutating func receiveEOF() -> Step {
        do throws(WebSocketHandshakeError) {
            try reader.feedEOF()
            return .failed(WebSocketClientError.connectionClosedDuringHandshake)
        } catch {
            return .failed(error)
        }
    }
}
