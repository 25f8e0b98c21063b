import NIOCore
import NIOHTTP1

/// Assembles requests from NIOHTTP1's decoder (HTTP/1.1, keep-alive, chunked or sized bodies) and hands each
/// complete one to the connection's request loop. A malformed request gets a 400 and the connection closes.
final class MockHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    /// Request bodies larger than this are refused with 413 (control-plane bodies are small).
    static let maxBody = 1 << 20

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private let continuation: AsyncStream<MockRequest>.Continuation

    init(continuation: AsyncStream<MockRequest>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
            tooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > Self.maxBody {
                tooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                let bytes = HTTPResponseBytes.complete(status: 413, headers: [], body: [], keepAlive: false)
                let channel = context.channel
                context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes))).whenComplete { _ in channel.close(promise: nil) }
                return
            }
            let headers = head.headers.map { (name: $0.name, value: $0.value) }
            continuation.yield(MockRequest(method: head.method.rawValue, target: head.uri, headers: headers, body: body))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let bytes = HTTPResponseBytes.complete(status: 400, headers: [], body: Array("bad request\n".utf8),
                                               keepAlive: false)
        let channel = context.channel
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        continuation.finish()
    }
}
