import Codecs
import WSFrame

/// The WebSocket opening handshake of a mock (RFC 6455 §4.2): our `WebSocketServerHandshake` validates the
/// request and negotiates permessage-deflate; the service decides first whether to accept (auth) and logs the
/// outcome as `upgrade` or `reject`.
public enum WebSocketUpgrade {
    /// Validates `request`; on success writes the 101 and returns the open socket, else answers 400 and
    /// returns nil (logged as `reject`). `fields` are the service's extra log fields (auth, token).
    public static func accept(_ request: MockRequest, on connection: MockConnection, context: MockContext,
                              attempt: Int, fields: [(String, LogValue)], acceptDeflate: Bool = true,
                              configuration: WebSocketConnection.Configuration = WebSocketConnection.Configuration()) async
        -> MockWebSocket?
    {
        let head = HTTPRequestHead(method: request.method, target: request.target,
                                   headers: request.headers.map { HTTPHeaderField(name: $0.name, value: $0.value) })
        let handshake = WebSocketServerHandshake(deflate: acceptDeflate ? PerMessageDeflateServerPolicy() : nil)
        let acceptance: WebSocketServerHandshake.Acceptance
        do {
            acceptance = try handshake.accept(head)
        } catch {
            context.log.record(conn: attempt, "reject", context.requestFields(request) + fields + [
                ("status", .int(400)), ("error", .string(error.code)),
            ])
            try? await connection.write(HTTPResponseBytes.complete(
                status: 400, headers: [], body: Array((error.message + "\n").utf8), keepAlive: false))
            await connection.close()
            return nil
        }
        var extra = fields
        if let deflate = acceptance.result.deflate { extra.append(("deflate", .string(deflate.headerValue))) }
        context.log.record(conn: attempt, "upgrade", context.requestFields(request) + [("status", .int(101))] + extra)
        var configuration = configuration
        configuration.deflate = acceptance.result.deflate
        configuration.partialDelivery = false
        return try? await connection.upgrade(response: acceptance.responseBytes, configuration: configuration,
                                             log: context.log, attempt: attempt)
    }

    /// Answers a refused upgrade (e.g. 401 with `WWW-Authenticate`) and logs it as `reject`.
    public static func reject(_ request: MockRequest, on connection: MockConnection, context: MockContext,
                              attempt: Int, status: Int, fields: [(String, LogValue)],
                              headers: [(String, String)] = [], body: String) async {
        context.log.record(conn: attempt, "reject", context.requestFields(request) + [("status", .int(status))] + fields)
        try? await connection.write(HTTPResponseBytes.complete(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8),
            keepAlive: false))
        await connection.close()
    }

    /// Logs what the peer sends (`received`; the peer's close as `close` with its code) and hands data
    /// messages to `onMessage`; returns when the connection ends.
    public static func readInbound(_ socket: MockWebSocket, context: MockContext, attempt: Int,
                                   onMessage: (MockWebSocketInbound) -> [(String, LogValue)]?) async {
        for await item in socket.inbound {
            switch item {
            case .closed(let code):
                context.log.record(conn: attempt, "close", [("code", code.map { .int(Int($0)) } ?? .null),
                                                            ("by", .string("peer"))])
            case .failed(let code):
                context.log.record(conn: attempt, "close", [("error", .string(code)), ("by", .string("peer"))])
            case .ping(let payload):
                context.log.record(conn: attempt, "received", [("opcode", .string("ping")),
                                                               ("base64", .string(Base64.encode(payload)))])
            case .text, .binary:
                if let fields = onMessage(item) { context.log.record(conn: attempt, "received", fields) }
            }
        }
    }
}
