import Codecs

/// What a `WebSocketConnection` reports to its owner.
public enum WebSocketEvent: Sendable, Equatable {
    /// A complete text message.
    case text(String)
    /// A complete binary message.
    case binary([UInt8])
    /// A piece of a data message (only with `partialDelivery`).
    case fragment(WebSocketFragment)
    /// A ping arrived (already answered when `autoPong` is on).
    case ping([UInt8])
    /// A pong arrived.
    case pong([UInt8])
    /// The closing handshake completed: the peer's close code (nil for an empty close) and reason. Whoever
    /// started it, this is the peer's frame. The transport is to be closed once `shouldCloseTransport` is true.
    case closed(code: UInt16?, reason: String)
    /// The connection failed: protocol violation, timeout or abnormal end. Close the transport.
    case failed(WebSocketConnectionError)
}

/// The sans-I/O WebSocket connection (RFC 6455 §5–§7), after a successful handshake. The I/O layer feeds
/// received bytes, drains events and output bytes, and calls `tick(now:)` at `nextDeadline`; time is always a
/// parameter, never read from a clock.
///
/// Driving loop: `receive(bytes, now)` → `while let e = nextEvent()` → write `takeOutput()` → if
/// `shouldCloseTransport`, close the socket after writing → arm a timer for `nextDeadline` and call `tick(now)`.
/// On transport EOF call `receiveEOF(now:)`. Sends append to the output; call `takeOutput()` after them too.
///
/// Behaviour: pings are answered automatically; a received close is echoed with the peer's code (§5.5.1); after
/// our own close the peer has `closeTimeout` to answer; protocol violations send a close with the error's code
/// (1002/1007/1009/1011) and end the connection; the keepalive pings every `interval` and fails with 1011 when a
/// pong is `timeout` late. A server closes the transport right after the closing handshake, a client waits for
/// the server to do so (at most `closeTimeout`) (§7.1.1).
public struct WebSocketConnection: Sendable {
    /// Where the connection is in its life (§4–§7).
    public enum State: Sendable, Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's (§7.1.2).
        case closing
        /// The closing handshake completed, or the connection failed; nothing more is sent or delivered.
        case closed
    }

    public let role: WebSocketRole
    public let configuration: WebSocketConfiguration
    public private(set) var state: State = .open
    /// True once the transport should be closed (after writing `takeOutput()`).
    public private(set) var shouldCloseTransport = false
    /// The close code we sent, if any.
    public private(set) var sentCloseCode: UInt16?
    /// The peer's close frame, once received: code (nil for an empty payload) and reason.
    public private(set) var receivedClose: (code: UInt16?, reason: String)?

    var decoder: WebSocketDecoder
    let encoder: WebSocketEncoder
    var output: [UInt8] = []
    var events: [WebSocketEvent] = []
    var eventIndex = 0
    var closeDeadline: MonotonicInstant?
    var nextPing: MonotonicInstant?
    var pongDeadline: MonotonicInstant?
    var pingPayload: [UInt8] = []
    var pingCounter: UInt32 = 0

    /// A connection in the open state; `now` starts the keepalive interval (nil: at the first call with a time).
    public init(role: WebSocketRole, configuration: WebSocketConfiguration = WebSocketConfiguration(),
                now: MonotonicInstant? = nil) {
        self.role = role
        self.configuration = configuration
        decoder = WebSocketDecoder(role: role, limits: configuration.limits, deflate: configuration.deflate,
                                   partialDelivery: configuration.partialDelivery)
        encoder = WebSocketEncoder(role: role, deflate: configuration.deflate, fragmentSize: configuration.fragmentSize,
                                   compressionThreshold: configuration.compressionThreshold,
                                   maskingKeys: configuration.maskingKeys)
        if let now { armKeepalive(now) }
    }

    // MARK: Input

    /// Feeds received bytes and processes every complete frame in them.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, now: MonotonicInstant) {
        armKeepalive(now)
        guard state != .closed else { return }
        decoder.feed(bytes)
        process(now: now)
    }

    /// Feeds received bytes given as an array.
    public mutating func receive(_ bytes: [UInt8], now: MonotonicInstant) {
        bytes.withUnsafeBytes { receive($0, now: now) }
    }

    /// The transport reached end of input. Without a closing handshake this fails the connection (1006).
    public mutating func receiveEOF(now: MonotonicInstant) {
        shouldCloseTransport = true
        closeDeadline = nil
        nextPing = nil
        pongDeadline = nil
        guard receivedClose == nil, state != .closed else {
            state = .closed
            return
        }
        state = .closed
        events.append(.failed(WebSocketConnectionError(.abnormalClosure)))
    }

    /// The next event, or nil when none is pending.
    public mutating func nextEvent() -> WebSocketEvent? {
        guard eventIndex < events.count else {
            if eventIndex > 0 {
                events.removeAll(keepingCapacity: true)
                eventIndex = 0
            }
            return nil
        }
        let event = events[eventIndex]
        eventIndex &+= 1
        return event
    }

    /// Bytes to write to the transport (frames queued since the last call).
    public mutating func takeOutput() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &output)
        return taken
    }

    /// True when `takeOutput()` would return bytes.
    public var hasOutput: Bool { !output.isEmpty }

    mutating func process(now: MonotonicInstant) {
        while true {
            let message: WebSocketMessage?
            do throws(WebSocketError) {
                message = try decoder.nextMessage()
            } catch {
                fail(WebSocketConnectionError(.protocolViolation(error)), sendCode: error.closeCode)
                return
            }
            guard let message else { return }
            switch message {
            case let .text(text):
                if state != .closed { events.append(.text(text)) }
            case let .binary(bytes):
                if state != .closed { events.append(.binary(bytes)) }
            case let .fragment(piece):
                if state != .closed { events.append(.fragment(piece)) }
            case let .ping(payload):
                events.append(.ping(payload))
                if configuration.autoPong, state == .open {
                    do throws(WebSocketError) { try encoder.writePong(payload, into: &output) } catch {}
                }
            case let .pong(payload):
                events.append(.pong(payload))
                if pongDeadline != nil, payload == pingPayload {
                    pongDeadline = nil
                }
            case let .close(code, reason):
                receivedClose = (code, reason)
                if state == .open {
                    // Echo the peer's code (§5.5.1); an empty close is answered with an empty close.
                    encoder.writeClose(code: code, reason: "", into: &output)
                    sentCloseCode = code
                }
                state = .closed
                nextPing = nil
                pongDeadline = nil
                events.append(.closed(code: code, reason: reason))
                if role == .server {
                    shouldCloseTransport = true
                    closeDeadline = nil
                } else {
                    closeDeadline = now + configuration.closeTimeout
                }
                return
            }
        }
    }

    /// Fails the connection (§7.1.7): send a close with `sendCode` if none was sent, report, close the transport.
    mutating func fail(_ error: WebSocketConnectionError, sendCode: UInt16?) {
        if state == .open, let code = sendCode, WebSocketCloseCode.isValidOnWire(code) {
            encoder.writeClose(code: code, reason: "", into: &output)
            sentCloseCode = code
        }
        state = .closed
        shouldCloseTransport = true
        closeDeadline = nil
        nextPing = nil
        pongDeadline = nil
        events.append(.failed(error))
    }

    // MARK: Output

    /// Queues a text message.
    public mutating func sendText(_ text: String) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeText(text, into: &output) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a binary message.
    public mutating func sendBinary(_ bytes: [UInt8]) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeBinary(bytes, into: &output) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a binary message from borrowed bytes.
    public mutating func sendBinary(_ bytes: UnsafeRawBufferPointer) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writeMessage(.binary, payload: bytes, into: &output) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a ping (payload at most 125 bytes).
    public mutating func sendPing(_ payload: [UInt8] = []) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writePing(payload, into: &output) } catch {
            throw WebSocketConnectionError(.encodingFailed(error))
        }
    }

    /// Queues a pong (an unsolicited pong is a valid heartbeat, §5.5.3).
    public mutating func sendPong(_ payload: [UInt8] = []) throws(WebSocketConnectionError) {
        guard state == .open else { throw WebSocketConnectionError(.notOpen) }
        do throws(WebSocketError) { try encoder.writePong(payload, into: &output) } catch {
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
        encoder.writeClose(code: code, reason: reason, into: &output)
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

    /// Runs the timers: close timeout, keepalive ping and pong deadline.
    public mutating func tick(now: MonotonicInstant) {
        armKeepalive(now)
        if let deadline = closeDeadline, now >= deadline {
            closeDeadline = nil
            if receivedClose != nil {
                // Client: the server did not close the TCP connection in time; close it ourselves.
                shouldCloseTransport = true
            } else {
                fail(WebSocketConnectionError(.closeTimeout), sendCode: nil)
            }
            return
        }
        if let deadline = pongDeadline, now >= deadline {
            fail(WebSocketConnectionError(.keepaliveTimeout), sendCode: WebSocketCloseCode.internalError)
            return
        }
        if state == .open, let keepalive = configuration.keepalive, let due = nextPing, now >= due, pongDeadline == nil {
            pingCounter &+= 1
            pingPayload = withUnsafeBytes(of: pingCounter.bigEndian) { Array($0) }
            do throws(WebSocketError) { try encoder.writePing(pingPayload, into: &output) } catch {}
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
