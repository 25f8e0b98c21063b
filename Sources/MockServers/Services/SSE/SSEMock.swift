import NIOConcurrencyHelpers
import SSE

/// The SSE mock (ctfy-style platforms, service-profiles §4.2): any `GET` path serves `text/event-stream`
/// (chunked, keep-alive), first `": connected"`, an optional `retry:`, then the fixture's events looping, each
/// with `id: <position>` (1, 2, 3, … across the server's life, so ids never repeat); `": keepalive"` comments
/// after `heartbeatSeconds` (default 15) without a frame. `Last-Event-ID` (header, or `?last_event_id=`)
/// resumes after that position: nothing lost, nothing repeated. Auth (`--token`): `?token=` or
/// `Authorization: Bearer`; a wrong or missing token gets 401 (without `--token` every request is served).
public final class SSEMock: MockService {
    public let scheme = "http"
    /// The fixture's events in order: (type, data).
    public let events: [(type: String, data: String)]
    let tokens: TokenBook
    /// Highest position sent by any connection (a fresh connection starts after it: a live stream).
    private let highest = NIOLockedValueBox(0)

    /// Serves the events of the SSE fixture at `fixture`.
    public init(fixture: FixtureInput, tokens: [String]) throws(MockServerError) {
        guard fixture.codec == "sse" else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) is a \(fixture.codec) fixture, not sse")
        }
        var decoder = SSEDecoder()
        fixture.input.withUnsafeBytes { decoder.feed($0) }
        decoder.finish()
        var events: [(type: String, data: String)] = []
        while let item = try? decoder.next() {
            if case .event(let event) = item { events.append((event.type, event.data)) }
        }
        guard !events.isEmpty else { throw MockServerError(.fixtureUnusable, "\(fixture.directory) has no events") }
        self.events = events
        self.tokens = TokenBook(tokens, allValid: true)
    }

    /// The event at `position` (1-based) in `form`, as its exact wire bytes.
    func render(position: Int, form: EventForm) -> ScriptEvent {
        let event = events[(position - 1) % events.count]
        let encoder = SSEEncoder()
        var bytes: [UInt8] = []
        switch form {
        case .normal, .badDeflate:
            try? encoder.encodeEvent(data: event.data, type: event.type, id: String(position), into: &bytes)
        case .garbage:
            // Not UTF-8: decoders replace the bytes with U+FFFD (WHATWG §9.2.6 decodes with replacement).
            bytes = Array("id: \(position)\nevent: \(event.type)\ndata: ".utf8) + [0xFF, 0xFE, 0xC3, 0x28] + [0x0A, 0x0A]
        case .oversize:
            bytes = Array("id: \(position)\nevent: \(event.type)\ndata: ".utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: MockLimits.oversizeBytes) + [0x0A, 0x0A]
        }
        return ScriptEvent(payload: bytes, fields: [("id", .string(String(position)))])
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        guard request.method == "GET" else {
            try? await connection.write(HTTPResponseBytes.json(status: 405, #"{"detail":"GET only"}"#))
            return
        }
        guard let (attempt, faults) = await context.beginAttempt(request, on: connection) else { return }
        let log = context.log
        let bearer = request.header("authorization").flatMap(bearerToken)
        let presented = request.queryValue("token") ?? bearer
        var auth = AuthOutcome.missing
        var tokenIndex: Int?
        if let presented {
            tokenIndex = tokens.check(presented)
            auth = tokenIndex != nil ? .accepted : (tokens.isOpen ? .accepted : .rejected)
        } else if tokens.isOpen {
            auth = .missing
        }
        let lastEventID = request.header("last-event-id") ?? request.queryValue("last_event_id")
        let refused = !tokens.isOpen && tokenIndex == nil
        var fields = context.requestFields(request)
        fields.append(("status", .int(refused ? 401 : 200)))
        fields.append(("auth", .string(refused && presented == nil ? "missing" : auth.rawValue)))
        if let tokenIndex { fields.append(("token", .int(tokenIndex))) }
        fields.append(("last_event_id", lastEventID.map { .string($0) } ?? .null))
        log.record(conn: attempt, refused ? "reject" : "request", fields)
        if refused {
            try? await connection.write(HTTPResponseBytes.json(
                status: 401, #"{"detail":"invalid or missing token"}"#,
                headers: [("WWW-Authenticate", "Bearer")], keepAlive: false))
            await connection.close()
            return
        }
        let head = HTTPResponseBytes.head(status: 200, headers: [
            ("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"),
            ("X-Accel-Buffering", "no"), ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked"),
        ])
        var preamble = Array(": connected\n\n".utf8)
        if let retry = context.options.retryMilliseconds {
            try? SSEEncoder().encodeRetry(milliseconds: retry, into: &preamble)
            preamble.append(0x0A)
        }
        do {
            try await connection.write(head)
            try await connection.write(HTTPResponseBytes.chunk(preamble))
        } catch {
            return
        }
        let resume = lastEventID.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        let start = (resume ?? highest.withLockedValue { $0 }) + 1
        var source = SSESource(mock: self, next: start, count: context.options.count)
        var runner = ScriptRunner(attempt: attempt, faults: faults, context: context)
        runner.idleKeepAlive = context.options.heartbeatSeconds ?? 15
        if let index = tokenIndex, !tokens.isOpen {
            let tokens = self.tokens
            runner.onTokenExpired = { tokens.expire(index) }
        }
        let sink = ChunkedBodySink(connection: connection, keepAliveBytes: Array(": keepalive\n\n".utf8))
        await runner.run(&source, sink: sink)
    }

    func noteSent(_ position: Int) {
        highest.withLockedValue { $0 = max($0, position) }
    }
}

/// Positions from `next` on, up to `count`.
struct SSESource: ScriptSource {
    let mock: SSEMock
    var next: Int
    let count: Int?

    mutating func nextBurst(_ form: EventForm) -> ScriptEvent? { nil }

    mutating func nextContent(_ form: EventForm) -> ScriptEvent? {
        if let count, next > count { return nil }
        let event = mock.render(position: next, form: form)
        mock.noteSent(next)
        next += 1
        return event
    }

    mutating func heartbeat(_ form: EventForm) -> ScriptEvent? { nil }
}

/// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, RFC 6750 §2.1).
func bearerToken(_ authorization: String) -> String? {
    let parts = authorization.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    return String(parts[1]).trimmingSpaces()
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
