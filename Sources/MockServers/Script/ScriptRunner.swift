import Codecs

/// Drives one connection attempt: burst, quiet gap, paced content, periodic keep-alive messages and replies,
/// with the attempt's faults applied at the right event and every message logged as `sent` (payload base64).
public struct ScriptRunner: Sendable {
    public var attempt: Int
    public var faults: AttemptFaults
    public var context: MockContext
    /// Seconds between periodic keep-alive messages (nil: none).
    public var heartbeat: Double?
    /// Seconds of idle before the sink's keep-alive (SSE comment) is written (nil: none).
    public var idleKeepAlive: Double?
    /// Seconds of quiet after the burst.
    public var quietAfterBurst: Double = 0
    /// Called once when `expire-token:N` is reached: the service revokes this connection's credential.
    public var onTokenExpired: (@Sendable () -> Void)?

    public init(attempt: Int, faults: AttemptFaults, context: MockContext) {
        self.attempt = attempt
        self.faults = faults
        self.context = context
    }

    /// Runs until the content ends, a fault ends the connection, or the peer leaves.
    public func run<Source: ScriptSource>(_ source: inout Source, sink: some EventSink) async {
        let clock = ContinuousClock()
        let log = context.log
        let rate = context.options.rate
        let interval: Duration = rate > 0 ? .nanoseconds(Int64(1e9 / rate)) : .zero
        var sent = 0
        var inBurst = true
        var contentDue = clock.now
        var heartbeatDue: ContinuousClock.Instant? = nil
        var lastWrite = clock.now

        func emit(_ make: (EventForm) -> ScriptEvent?) async -> Bool? {
            let step = faults.step(beforeEvent: sent)
            switch step {
            case .drop:
                log.record(conn: attempt, "drop", [("after_events", .int(sent))])
                await sink.drop()
                return false
            case .stall:
                log.record(conn: attempt, "stall", [("after_events", .int(sent))])
                await sink.stall()
                return false
            case .close(let code):
                log.record(conn: attempt, "close", [("code", .int(code)), ("by", .string("server"))])
                await sink.close(code: code)
                return false
            case .sendHalfThenDrop:
                guard let event = make(.normal) else { return nil }
                log.record(conn: attempt, "drop", [("after_events", .int(sent)),
                                                   ("partial", .int(event.payload.count / 2))])
                await sink.sendHalfThenDrop(event)
                return false
            case .send(let form):
                guard let event = make(form) else { return nil }
                do {
                    try await sink.send(event, form: form)
                } catch {
                    log.record(conn: attempt, "close", [("by", .string("peer"))])
                    return false
                }
                var fields = event.fields
                if form != .normal { fields.append(("form", .string(Self.name(form)))) }
                fields.append(("base64", .string(Base64.encode(event.payload))))
                log.record(conn: attempt, "sent", fields)
                sent += 1
                if let n = faults.expireToken, n == sent {
                    onTokenExpired?()
                    log.record(conn: attempt, "fault", [("fault", .string("expire-token:\(n)")),
                                                        ("token_expired", .bool(true))])
                }
                return true
            }
        }

        while sink.isActive {
            if let reply = sink.takeReply() {
                guard await emit({ _ in reply }) == true else { return }
                lastWrite = clock.now
                continue
            }
            if inBurst {
                switch await emit({ source.nextBurst($0) }) {
                case .some(true):
                    lastWrite = clock.now
                    continue
                case .some(false): return
                case .none:
                    inBurst = false
                    contentDue = clock.now + .nanoseconds(Int64(quietAfterBurst * 1e9))
                    // The quiet gap is quiet: the keep-alive schedule starts after it.
                    heartbeatDue = heartbeat.map { contentDue + .nanoseconds(Int64($0 * 1e9)) }
                }
            }
            let now = clock.now
            if let due = heartbeatDue, due <= now, let seconds = heartbeat {
                heartbeatDue = now + .nanoseconds(Int64(seconds * 1e9))
                switch await emit({ source.heartbeat($0) }) {
                case .some(true): lastWrite = clock.now
                case .some(false): return
                case .none: heartbeatDue = nil
                }
                continue
            }
            if contentDue <= now {
                switch await emit({ source.nextContent($0) }) {
                case .some(true):
                    lastWrite = clock.now
                    contentDue = contentDue + interval
                    if contentDue < now - .seconds(1) { contentDue = now }
                    continue
                case .some(false): return
                case .none:
                    log.record(conn: attempt, "close", [("by", .string("server")), ("reason", .string("count"))])
                    await sink.finish()
                    return
                }
            }
            if let idle = idleKeepAlive, now - lastWrite >= .nanoseconds(Int64(idle * 1e9)) {
                guard (try? await sink.keepAlive()) != nil else { return }
                lastWrite = clock.now
                continue
            }
            var wake = contentDue
            if let due = heartbeatDue, due < wake { wake = due }
            if let idle = idleKeepAlive {
                let keepAliveDue = lastWrite + .nanoseconds(Int64(idle * 1e9))
                if keepAliveDue < wake { wake = keepAliveDue }
            }
            let cap = now + .milliseconds(20)
            try? await Task.sleep(until: min(wake, cap), clock: clock)
        }
        log.record(conn: attempt, "close", [("by", .string("peer"))])
    }

    static func name(_ form: EventForm) -> String {
        switch form {
        case .normal: return "normal"
        case .garbage: return "garbage"
        case .oversize: return "oversize"
        case .badDeflate: return "bad-deflate"
        }
    }
}
