public import Codecs

/// The sans-I/O WebSocket connection (RFC 6455 §5–§7), after a successful handshake. The I/O layer feeds
/// received bytes, takes events and output bytes, and calls `tick(now:)` at `nextDeadline`; time is always a
/// parameter, never read from a clock.
///
/// Lazy, as h11's `next_event()`: `feed(_:now:)` only buffers; each `next()` (owned event) or `next(_:)` (payload
/// lent to the closure) decodes one frame's worth, so nothing is decoded, answered or failed ahead of the caller.
/// An echo server therefore echoes a good message before it fails on the bad frame behind it, and a consumer
/// that stops pulling stops the decoding (the I/O layer stops reading). `feed(_:now:onItem:)` is the push form:
/// it decodes everything the bytes complete, reading complete frames where they lie in the caller's buffer.
/// All three give the same events, bytes written and failures under any chunking.
///
/// Driving loop: `feed(bytes, now)` → `while let e = try next()` → write `pendingWrites`, then
/// `clearPendingWrites()` → if `shouldCloseTransport`, close the socket after writing → arm a timer for
/// `nextDeadline` and call `tick(now)`. On transport EOF call `finish(now:)`, then take the remaining events.
/// Sends append to `pendingWrites` too.
///
/// Behaviour: pings are answered automatically when they are decoded; a received close is echoed with the peer's
/// code (§5.5.1); after our own close the peer has `closeTimeout` to answer; protocol violations send a close with
/// the error's code (1002/1007/1009/1011) and end the connection; the keepalive pings every `interval` and fails
/// with 1011 when a pong is `timeout` late. A server closes the transport right after the closing handshake, a
/// client waits for the server to do so (at most `closeTimeout`) (§7.1.1). A failure is thrown by the `next` or
/// push call that meets it, and again by every later one.
public struct WebSocketConnection: Sendable {
    /// Where the connection is in its life (§4–§7).
    public enum State: Sendable, Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's (§7.1.2).
        case closing
        /// The closing handshake completed, or the connection failed; nothing more is sent.
        case closed
    }

    public let role: WebSocketRole
    public let configuration: Configuration
    public private(set) var state: State = .open
    /// True once the transport should be closed (after writing `pendingWrites`).
    public private(set) var shouldCloseTransport = false
    /// The close code we sent, if any.
    public private(set) var sentCloseCode: UInt16?
    /// The peer's close frame, once decoded: code (nil for an empty payload) and reason.
    public private(set) var receivedClose: (code: UInt16?, reason: String)?
    /// Bytes to write to the transport, in order: frames queued by sends, pongs, closes and keepalive pings
    /// since the last `clearPendingWrites()`.
    public private(set) var pendingWrites: [UInt8] = []

    @usableFromInline var decoder: WebSocketDecoder
    let encoder: WebSocketEncoder
    /// The failure that ended the connection; thrown by every later `next`.
    @usableFromInline var failure: WebSocketConnectionError?
    /// The transport reached end of input (`finish(now:)`); buffered frames are still delivered.
    @usableFromInline var inputEnded = false
    /// The latest instant given by the caller; a close decoded by `next` starts the close timeout from it.
    var now: MonotonicInstant
    var closeDeadline: MonotonicInstant?
    var nextPing: MonotonicInstant?
    var pongDeadline: MonotonicInstant?
    var pingPayload: [UInt8] = []
    var pingCounter: UInt32 = 0

    /// A connection in the open state; `now` starts the keepalive interval (nil: at the first call with a time).
    public init(role: WebSocketRole, configuration: Configuration = Configuration(), now: MonotonicInstant? = nil) {
        self.role = role
        self.configuration = configuration
        decoder = WebSocketDecoder(WebSocketDecoder.Configuration(
            role: role, limits: configuration.limits, deflate: configuration.deflate,
            partialDelivery: configuration.partialDelivery))
        encoder = WebSocketEncoder(role: role, deflate: configuration.deflate, fragmentSize: configuration.fragmentSize,
                                   compressionThreshold: configuration.compressionThreshold,
                                   maskingKeys: configuration.maskingKeys)
        self.now = now ?? MonotonicInstant(nanoseconds: 0)
        if let now { armKeepalive(now) }
    }

    // MARK: Input

    /// Buffers received bytes (copied); `next` decodes them one frame at a time.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, now: MonotonicInstant) {
        advance(to: now)
        guard acceptsInput else { return }
        decoder.feed(bytes)
    }

    /// Buffers received bytes given as an array.
    public mutating func feed(_ bytes: [UInt8], now: MonotonicInstant) {
        bytes.withUnsafeBytes { feed($0, now: now) }
    }

    /// The transport reached end of input. The frames already fed are still delivered by `next`; after them,
    /// without a closing handshake, `next` fails the connection (1006, `ws-abnormal-closure`).
    public mutating func finish(now: MonotonicInstant) {
        self.now = now
        inputEnded = true
        shouldCloseTransport = true
        closeDeadline = nil
        nextPing = nil
        pongDeadline = nil
        state = .closed
    }

    /// Decodes the next event and returns it owned; nil when more input is needed (or nothing follows the close).
    public mutating func next() throws(WebSocketConnectionError) -> WebSocketEvent? {
        try next { $0.owned }
    }

    /// Decodes the next event and lends it to `body` (the payload is valid only during the call: decode it in
    /// place, e.g. a CloudEvent, or copy what you keep); nil when more input is needed. The connection's own work
    /// for the event (pong, close echo, keepalive) is queued as it returns.
    @inlinable public mutating func next<R>(_ body: (WebSocketEventView) -> R) throws(WebSocketConnectionError) -> R? {
        if let failure { throw failure }
        var reaction: Reaction?
        let decoded: R?
        do throws(WebSocketError) {
            decoded = try decoder.next { view in
                if view.kind != .text, view.kind != .binary { reaction = Reaction(view) }
                return body(view)
            }
        } catch {
            throw fail(WebSocketConnectionError(.protocolViolation(error)), sendCode: error.closeCode)
        }
        if let reaction { react(reaction) }
        if let decoded { return decoded }
        if inputEnded, receivedClose == nil {
            throw fail(WebSocketConnectionError(.abnormalClosure), sendCode: nil)
        }
        return nil
    }

    var acceptsInput: Bool { failure == nil && !inputEnded }

    mutating func advance(to now: MonotonicInstant) {
        self.now = now
        armKeepalive(now)
    }

    /// What a decoded control frame asks of the connection, taken from its lent view (control payloads are at
    /// most 125 bytes, §5.5).
    @usableFromInline enum Reaction {
        case ping([UInt8])
        case pong([UInt8])
        case close(code: UInt16?, reason: String)

        @usableFromInline init?(_ view: WebSocketEventView) {
            switch view.kind {
            case .text, .binary: return nil
            case .ping: self = .ping(Array(view.payload))
            case .pong: self = .pong(Array(view.payload))
            case .close: self = .close(code: view.closeCode, reason: String(decoding: view.closeReason, as: UTF8.self))
            }
        }
    }

    /// The connection's work for a decoded control frame: answer a ping, match a keepalive pong, echo a close.
    @usableFromInline mutating func react(_ reaction: Reaction) {
        switch reaction {
        case .ping(let payload):
            if configuration.autoPong, state == .open {
                payload.withUnsafeBytes { encoder.writeFrame(opcode: .pong, payload: $0, into: &pendingWrites) }
            }
        case .pong(let payload):
            if pongDeadline != nil, payload == pingPayload {
                pongDeadline = nil
            }
        case .close(let code, let reason):
            receivedClose = (code, reason)
            if state == .open {
                // Echo the peer's code (§5.5.1); an empty close is answered with an empty close.
                encoder.writeClose(code: code, reason: "", into: &pendingWrites)
                sentCloseCode = code
            }
            state = .closed
            nextPing = nil
            pongDeadline = nil
            if role == .server || inputEnded {
                shouldCloseTransport = true
                closeDeadline = nil
            } else {
                closeDeadline = now + configuration.closeTimeout
            }
        }
    }

    /// Fails the connection (§7.1.7): send a close with `sendCode` if none was sent, close the transport; returns
    /// the error to throw (the first failure stays the connection's failure).
    @usableFromInline mutating func fail(_ error: WebSocketConnectionError, sendCode: UInt16?) -> WebSocketConnectionError {
        if let failure { return failure }
        if state == .open, let code = sendCode, WebSocketCloseCode.isValidOnWire(code) {
            encoder.writeClose(code: code, reason: "", into: &pendingWrites)
            sentCloseCode = code
        }
        state = .closed
        shouldCloseTransport = true
        closeDeadline = nil
        nextPing = nil
        pongDeadline = nil
        failure = error
        return error
    }

    // MARK: Output

    /// Empties `pendingWrites` once they are written (keeps the capacity for the next frames).
    public mutating func clearPendingWrites() {
        pendingWrites.removeAll(keepingCapacity: true)
    }

    /// Queues a data message.
    public mutating func send(_ message: WebSocketMessage) throws(WebSocketConnectionError) {
        switch message {
        case .text(let text): try sendText(text)
        case .binary(let bytes): try sendBinary(bytes)
        }
    }

    /// Queues a text message.
    public mutating func sendText(_ text: String) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeText(text, into: &pendingWrites) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a binary message.
    public mutating func sendBinary(_ bytes: [UInt8]) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeBinary(bytes, into: &pendingWrites) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a binary message from borrowed bytes.
    public mutating func sendBinary(_ bytes: UnsafeRawBufferPointer) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeMessage(.binary, payload: bytes, into: &pendingWrites) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a ping (payload at most 125 bytes).
    public mutating func sendPing(_ payload: [UInt8] = []) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writePing(payload, into: &pendingWrites) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a pong (an unsolicited pong is a valid heartbeat, §5.5.3).
    public mutating func sendPong(_ payload: [UInt8] = []) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writePong(payload, into: &pendingWrites) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Starts the closing handshake (§7.1.2): queues a close frame and gives the peer `closeTimeout` to answer.
    /// `code` nil sends an empty close; codes not valid on the wire are refused.
    public mutating func close(code: UInt16? = WebSocketCloseCode.normalClosure, reason: String = "",
                               now: MonotonicInstant) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        if let code, !WebSocketCloseCode.isValidOnWire(code) {
            throw WebSocketConnectionError(.encodingFailed(WebSocketError(.invalidCloseCode(code), offset: nil)))
        }
        self.now = now
        encoder.writeClose(code: code, reason: reason, into: &pendingWrites)
        sentCloseCode = code
        state = .closing
        nextPing = nil
        pongDeadline = nil
        closeDeadline = now + configuration.closeTimeout
    }

    // MARK: Time

    /// The earliest instant at which `tick(now:)` has something to do, nil when no timer is armed.
    public var nextDeadline: MonotonicInstant? {
        [closeDeadline, pongDeadline, nextPing].compactMap { $0 }.min()
    }

    /// Runs the timers: close timeout, keepalive ping and pong deadline. A timeout fails the connection: the next
    /// `next` throws it.
    public mutating func tick(now: MonotonicInstant) {
        advance(to: now)
        if let deadline = closeDeadline, now >= deadline {
            closeDeadline = nil
            if receivedClose != nil {
                // Client: the server did not close the TCP connection in time; close it ourselves.
                shouldCloseTransport = true
            } else {
                _ = fail(WebSocketConnectionError(.closeTimeout), sendCode: nil)
            }
            return
        }
        if let deadline = pongDeadline, now >= deadline {
            _ = fail(WebSocketConnectionError(.keepaliveTimeout), sendCode: WebSocketCloseCode.internalError)
            return
        }
        if state == .open, let keepalive = configuration.keepalive, let due = nextPing, now >= due, pongDeadline == nil {
            pingCounter &+= 1
            pingPayload = withUnsafeBytes(of: pingCounter.bigEndian) { Array($0) }
            do throws(WebSocketError) { try encoder.writePing(pingPayload, into: &pendingWrites) } catch {}
            pongDeadline = now + keepalive.timeout
            nextPing = now + keepalive.interval
        } else if state == .open, let keepalive = configuration.keepalive, let due = nextPing, now >= due {
            nextPing = now + keepalive.interval
        }
    }

    mutating func armKeepalive(_ now: MonotonicInstant) {
        if state == .open, nextPing == nil, pongDeadline == nil, pingCounter == 0, let keepalive = configuration.keepalive {
            nextPing = now + keepalive.interval
        }
    }
}
