import Codecs
import NIOCore
import WSFrame

/// The codec's `WebSocketConnection` as the channel handler uses it: maps its events to data messages and close
/// state, and in lockstep mode feeds it one frame at a time.
///
/// Lockstep: the codec processes every complete frame it is given at once, so a protocol fault right behind a
/// message would be answered (close frame written, sends refused) before the application could handle that
/// message. Handing the codec one frame per call (boundaries from the codec's own `WebSocketFrameHeader.parse`)
/// and holding the rest until the application asks for the next message keeps wire order: e.g. an echo server
/// echoes the good message before it fails on the bad frame behind it (Autobahn 3.2, 4.x, 5.15 strict).
struct ConnectionDriver {
    enum Event {
        case message(WebSocketDataMessage)
        case pong
        case closed(code: UInt16?, reason: String)
        case failed(WebSocketConnectionError)
    }

    private var connection: WebSocketConnection
    private let lockstep: Bool
    /// Received bytes not yet given to the codec (lockstep only).
    private var held: [UInt8] = []
    private var heldStart = 0
    /// Bytes of the current frame still to give the codec; 0 at a frame boundary.
    private var frameRemaining = 0
    /// Stop splitting (the header parser refused the stream; the codec will fail on the same bytes).
    private var passthrough = false
    private var streamOffset = 0

    /// `now` starts the keepalive interval, so an idle connection pings even before any byte arrives.
    init(role: WebSocketRole, configuration: WSFrame.WebSocketConfiguration, lockstep: Bool, now: MonotonicInstant) {
        connection = WebSocketConnection(role: role, configuration: configuration, now: now)
        self.lockstep = lockstep
    }

    var isOpen: Bool { connection.state == .open }
    var shouldCloseTransport: Bool { connection.shouldCloseTransport }
    var nextDeadline: MonotonicInstant? { connection.nextDeadline }
    var hasHeldBytes: Bool { heldStart < held.count }

    /// Takes received bytes: straight to the codec, or (lockstep) held until `nextEvent` feeds them.
    mutating func receive(_ bytes: UnsafeRawBufferPointer, now: MonotonicInstant) {
        if lockstep && !passthrough {
            held.append(contentsOf: bytes)
        } else {
            connection.receive(bytes, now: now)
        }
    }

    /// The transport ended: the codec gets any held bytes first, then EOF.
    mutating func receiveEOF(now: MonotonicInstant) {
        if hasHeldBytes {
            let rest = Array(held[heldStart...])
            held = []
            heldStart = 0
            connection.receive(rest, now: now)
        }
        connection.receiveEOF(now: now)
    }

    /// The next event; in lockstep mode feeds the codec the next held frame when it has none. Nil: more bytes
    /// are needed.
    mutating func nextEvent(now: MonotonicInstant) -> Event? {
        while true {
            if let event = connection.nextEvent() {
                switch event {
                case .text(let text): return .message(.text(text))
                case .binary(let bytes): return .message(.binary(bytes))
                case .fragment, .ping: continue
                case .pong: return .pong
                case .closed(let code, let reason): return .closed(code: code, reason: reason)
                case .failed(let error): return .failed(error)
                }
            }
            guard lockstep, hasHeldBytes, connection.state != .closed else {
                return nil
            }
            guard feedNextFrame(now: now) else { return nil }
        }
    }

    /// Gives the codec the held bytes up to the end of the current frame; false when a frame header is still
    /// incomplete (wait for bytes).
    private mutating func feedNextFrame(now: MonotonicInstant) -> Bool {
        if passthrough {
            feedHeld(count: held.count - heldStart, now: now)
            return true
        }
        if frameRemaining == 0 {
            let start = heldStart
            let offset = streamOffset
            let parsed = held.withUnsafeBytes { raw -> Result<WebSocketFrameHeader?, WebSocketError> in
                Result { () throws(WebSocketError) in
                    try WebSocketFrameHeader.parse(UnsafeRawBufferPointer(rebasing: raw[start...]), offset: offset)
                }
            }
            guard case .success(let header) = parsed else {
                passthrough = true
                feedHeld(count: held.count - heldStart, now: now)
                return true
            }
            guard let header else { return false }
            let (total, overflow) = header.headerLength.addingReportingOverflow(header.payloadLength)
            frameRemaining = overflow ? Int.max : total
        }
        feedHeld(count: min(frameRemaining, held.count - heldStart), now: now)
        return true
    }

    private mutating func feedHeld(count: Int, now: MonotonicInstant) {
        guard count > 0 else { return }
        let end = heldStart + count
        held.withUnsafeBytes { raw in
            connection.receive(UnsafeRawBufferPointer(rebasing: raw[heldStart..<end]), now: now)
        }
        heldStart = end
        streamOffset &+= count
        if frameRemaining != Int.max { frameRemaining -= min(count, frameRemaining) }
        if heldStart == held.count {
            held.removeAll(keepingCapacity: true)
            heldStart = 0
        } else if heldStart > 1 << 16 && heldStart * 2 > held.count {
            held.removeFirst(heldStart)
            heldStart = 0
        }
    }

    mutating func takeOutput() -> [UInt8] { connection.takeOutput() }

    mutating func tick(now: MonotonicInstant) { connection.tick(now: now) }

    mutating func send(_ message: WebSocketDataMessage) throws(WebSocketConnectionError) {
        switch message {
        case .text(let text): try connection.sendText(text)
        case .binary(let bytes): try connection.sendBinary(bytes)
        }
    }

    mutating func ping(_ payload: [UInt8]) throws(WebSocketConnectionError) {
        try connection.sendPing(payload)
    }

    mutating func close(code: UInt16, reason: String, now: MonotonicInstant) throws(WebSocketConnectionError) {
        try connection.close(code: code, reason: reason, now: now)
    }
}
