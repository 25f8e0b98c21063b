import NIOConcurrencyHelpers
import WSFrame

/// A mock's WebSocket as an event sink: one event = one data frame built by our `WebSocketEncoder` (text, or
/// binary for Central; compressed when permessage-deflate was negotiated) and written raw. `drop-mid` writes the
/// frame header (announcing the whole payload) and half the payload; `bad-deflate` sets RSV1 on a payload that
/// is not a deflate stream; `close` and the clean end are the codec's closing handshake.
public struct WebSocketSink: EventSink {
    public let socket: MockWebSocket
    let encoder: WebSocketEncoder
    /// Replies the inbound side queued (Stream `health.check` answers), sent before the next scripted event.
    public let replies: ReplyQueue
    /// The close code when the content is over (1000; Stream after `connection.error`: 1008).
    public var finishCode: UInt16

    public init(socket: MockWebSocket, replies: ReplyQueue = ReplyQueue(), finishCode: UInt16 = 1000) {
        self.socket = socket
        self.encoder = socket.makeEncoder()
        self.replies = replies
        self.finishCode = finishCode
    }

    public var isActive: Bool { socket.connection.isActive }

    func frame(_ event: ScriptEvent, form: EventForm) throws -> [UInt8] {
        var out: [UInt8] = []
        let opcode: WebSocketOpcode = event.binary ? .binary : .text
        if form == .badDeflate {
            // RSV1 = "compressed" (RFC 7692 §6), but 0xFF… is no deflate block type: inflating it must fail.
            let junk: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01]
            junk.withUnsafeBytes { WebSocketEncoder.writeFrame(opcode: opcode, rsv1: true, payload: $0, maskingKey: nil, into: &out) }
            return out
        }
        try event.payload.withUnsafeBytes { try encoder.writeMessage(opcode, payload: $0, into: &out) }
        return out
    }

    public func send(_ event: ScriptEvent, form: EventForm) async throws {
        try await socket.connection.write(try frame(event, form: form))
    }

    public func sendHalfThenDrop(_ event: ScriptEvent) async {
        guard let bytes = try? frame(event, form: .normal), bytes.count >= 2 else {
            await drop()
            return
        }
        let lengthCode = bytes[1] & 0x7F
        let header = lengthCode < 126 ? 2 : lengthCode == 126 ? 4 : 10
        let payload = bytes.count - header
        try? await socket.connection.write(Array(bytes.prefix(header + payload / 2)))
        await drop()
    }

    public func drop() async { await socket.connection.close() }

    public func stall() async {
        await socket.stall()
        await socket.connection.waitClosed()
    }

    public func close(code: Int) async { await socket.close(code: UInt16(clamping: code)) }

    public func finish() async { await socket.close(code: finishCode, reason: finishCode == 1000 ? "end of stream" : "") }

    public func takeReply() -> ScriptEvent? { replies.pop() }
}

/// Messages to send as soon as possible (answers to what the peer sent), filled by the inbound reader.
public final class ReplyQueue: Sendable {
    private let queue = NIOLockedValueBox<[ScriptEvent]>([])

    public init() {}

    public func push(_ event: ScriptEvent) { queue.withLockedValue { $0.append(event) } }

    public func pop() -> ScriptEvent? {
        queue.withLockedValue { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
