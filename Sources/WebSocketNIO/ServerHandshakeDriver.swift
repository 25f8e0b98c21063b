import Codecs
import NIOCore
import WSFrame

/// The server's opening handshake on the byte stream: collects the request head, lets the codec validate it
/// and pick subprotocol and deflate parameters, asks the application's `decideUpgrade`, and yields the response
/// bytes plus, when accepted, the open connection.
struct ServerHandshakeDriver {
    enum Step {
        case needMore
        /// Write `response`; then run `connection` (nil: close after writing).
        case respond([UInt8], WebSocketConnection?, WebSocketNegotiated, leftover: [UInt8])
    }

    private var reader: HTTPHeadReader
    private let configuration: WebSocketServerConfiguration

    init(configuration: WebSocketServerConfiguration) {
        self.configuration = configuration
        reader = HTTPHeadReader(limit: configuration.connection.limits.maxHandshakeSize)
    }

    mutating func receive(_ buffer: ByteBuffer) -> Step {
        let empty = WebSocketNegotiated(target: "", subprotocol: nil, deflate: nil, peerHeaders: [])
        do throws(WebSocketHandshakeError) {
            let fed = try buffer.withUnsafeReadableBytes { bytes throws(WebSocketHandshakeError) -> (Int, [UInt8])? in
                guard let used = try reader.feed(bytes) else { return nil }
                return (used, Array(UnsafeRawBufferPointer(rebasing: bytes[used...])))
            }
            guard let (_, leftover) = fed, let head = reader.head else { return .needMore }
            let request = try HTTPHeadReader.parseRequest(head)
            let handshake = WebSocketServerHandshake(
                subprotocols: configuration.subprotocols,
                deflate: configuration.acceptDeflate ? configuration.deflatePolicy : nil)
            let acceptance = try handshake.accept(request)
            let negotiated = WebSocketNegotiated(
                target: request.target, subprotocol: acceptance.result.subprotocol,
                deflate: acceptance.result.deflate, peerHeaders: request.headers)
            let decision = configuration.decideUpgrade?(
                WebSocketUpgradeRequest(target: request.target, headers: request.headers)) ?? .accept()
            switch decision {
            case .accept(let headers):
                var response = acceptance.responseBytes
                if !headers.isEmpty {
                    // Extra fields go before the head's final blank line.
                    response.removeLast(2)
                    for field in headers where Self.isSafe(field) {
                        response += Array("\(field.name): \(field.value)\r\n".utf8)
                    }
                    response += [0x0D, 0x0A]
                }
                var connection = configuration.connection
                connection.deflate = acceptance.result.deflate
                connection.partialDelivery = false
                let open = WebSocketConnection(
                    role: .server, configuration: connection, now: WebSocketChannelHandler.now())
                return .respond(response, open, negotiated, leftover: leftover)
            case .reject(let status, let reason, let headers, let body):
                return .respond(
                    Self.rejection(status: status, reason: reason, headers: headers, body: body), nil, negotiated,
                    leftover: [])
            }
        } catch {
            let status = error.code == "http-head-too-large" ? 431 : 400
            let reason = status == 431 ? "Request Header Fields Too Large" : "Bad Request"
            return .respond(
                WebSocketServerHandshake.errorResponse(status: status, reason: reason, body: error.message + "\n"),
                nil, empty, leftover: [])
        }
    }

    /// An HTTP error response with the application's headers and body (mock servers answer 401/403/5xx so).
    static func rejection(status: Int, reason: String, headers: [HTTPHeaderField], body: [UInt8]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for field in headers where isSafe(field) { text += "\(field.name): \(field.value)\r\n" }
        text += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(text.utf8) + body
    }

    /// Application header fields with CR, LF, NUL or a colon in the name are dropped (no header injection).
    static func isSafe(_ field: HTTPHeaderField) -> Bool {
        let bad: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
        return !field.name.isEmpty && !field.name.utf8.contains(where: { bad($0) || $0 == 0x3A || $0 == 0x20 })
            && !field.value.utf8.contains(where: bad)
    }
}
