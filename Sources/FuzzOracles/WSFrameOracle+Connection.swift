import Codecs
import WSFrame

extension WSFrameOracle {
    /// One way of taking a `WebSocketConnection`'s events.
    enum ConnectionForm: CaseIterable { case owned, lent, push }

    /// What a connection did with an input: events (as decoder items), bytes it wrote, and its failure.
    struct ConnectionOutcome: Equatable {
        var items: [Item] = []
        var writes: [UInt8] = []
        var failure: WebSocketConnectionError?
    }

    /// The lazy connection against the decoder: owned `next()` on the whole input gives the decoder's items up to
    /// its close or error, and fails with the decoder's error (a stream ending without a close: 1006); the lent
    /// `next(_:)` and push `feed(_:now:onItem:)` forms (whose in-place decoding is the fast path; owned `next()`
    /// is its reference) give the same events, writes and failure at the input-derived splits.
    static func checkConnection(
        _ bytes: UnsafeRawBufferPointer, role: WebSocketRole, deflate: PerMessageDeflateParameters?, splits: [Int],
        decoded: Outcome
    ) throws(FuzzViolation) {
        let whole = connect(bytes, role: role, deflate: deflate, splits: [], form: .owned)
        guard whole.items == decoded.items else {
            throw FuzzViolation("connection gives \(whole.items.count) events, decoder \(decoded.items.count) items")
        }
        let endsWithClose: Bool = if case .close? = decoded.items.last { true } else { false }
        let expected: WebSocketConnectionError?
        if let error = decoded.error, error.kind != .unexpectedEOF {
            expected = WebSocketConnectionError(.protocolViolation(error))
        } else {
            expected = endsWithClose ? nil : WebSocketConnectionError(.abnormalClosure)
        }
        guard whole.failure == expected else {
            throw FuzzViolation("connection fails with \(whole.failure?.code ?? "none"), expected \(expected?.code ?? "none")")
        }
        for form in ConnectionForm.allCases {
            let other = connect(bytes, role: role, deflate: deflate, splits: splits, form: form)
            guard other == whole else {
                throw FuzzViolation("connection \(form) at splits \(splits) differs from owned next() on the whole input")
            }
        }
    }

    static func connect(
        _ bytes: UnsafeRawBufferPointer, role: WebSocketRole, deflate: PerMessageDeflateParameters?, splits: [Int],
        form: ConnectionForm
    ) -> ConnectionOutcome {
        let configuration = WebSocketConnection.Configuration(
            limits: limits, deflate: deflate, maskingKeys: { WebSocketMaskingKey(1, 2, 3, 4) })
        var connection = WebSocketConnection(role: role, configuration: configuration)
        let now = MonotonicInstant(nanoseconds: 0)
        var outcome = ConnectionOutcome()
        var events: [WebSocketEvent] = []
        var start = 0
        do throws(WebSocketConnectionError) {
            for end in splits + [bytes.count] where end >= start {
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                start = end
                switch form {
                case .owned:
                    connection.feed(chunk, now: now)
                    while let event = try connection.next() { events.append(event) }
                case .lent:
                    connection.feed(chunk, now: now)
                    while let event = try connection.next({ $0.owned }) { events.append(event) }
                case .push:
                    try connection.feed(chunk, now: now) { events.append($0.owned) }
                }
            }
            connection.finish(now: now)
            while let event = try connection.next() { events.append(event) }
        } catch {
            outcome.failure = error
        }
        var pending: [UInt8] = []
        var assembled = Outcome()
        for event in events { assembled.append(event, pending: &pending) }
        outcome.items = assembled.items
        outcome.writes = connection.pendingWrites
        return outcome
    }
}
