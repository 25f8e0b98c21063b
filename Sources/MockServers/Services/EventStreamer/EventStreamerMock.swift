import Codecs
import EventStreamer
import NIOConcurrencyHelpers
import NIOCore

/// The Event Streamer mock (service-profiles §3): `GET /subscriptions/{id}/stream[?resume_token=]` answers 200
/// with `X-Connection-Id` and a chunked NDJSON body, one line per chunk: the fixture's `event_batch`es looping
/// with fresh `batch_id` (`batch_<p>`), `resume_token` (`rt_<p>`), `response_id` and this connection's id, and a
/// `heartbeat` line every `heartbeatSeconds` (default 30). A resume token `rt_N` continues at batch N+1 (nothing
/// lost, nothing repeated); an unknown one gets an `error` line `INVALID_RESUME_TOKEN` (not recoverable) and the
/// end of the body. Control plane (recorded as `ack` lines): bulk and single batch acks, client heartbeat,
/// processing status, health. A connection id is known while its stream is open and 5 s after; later calls get
/// 404 `{"detail":"Connection not found"}`, which the SDK reads as CONNECTION_LOST. The stream carries no
/// credential, so `expire-token:N` revokes the one the control plane uses: after N events the connection id is
/// forgotten while its stream goes on (a service that lost its connection table), so the next heartbeat or ack 404s.
public final class EventStreamerMock: MockService {
    public let scheme = "http"
    /// The fixture's batches in order.
    public let batches: [StreamingEventBatch]
    private let state = NIOLockedValueBox(State())

    struct State {
        var highest = 0
        /// Connection id → (attempt, still streaming, end time).
        var connections: [String: (attempt: Int, open: Bool, ended: NIODeadline?)] = [:]
        /// Connection ids forgotten by `expire-token` (control calls with them 404).
        var forgotten: Set<String> = []
        var streaming = 0
    }

    /// Serves the `event_batch` lines of the Event Streamer fixture `fixture`.
    public init(fixture: FixtureInput) throws(MockServerError) {
        guard fixture.codec == "eventstreamer" else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) is a \(fixture.codec) fixture, not eventstreamer")
        }
        var decoder = EventStreamDecoder()
        var batches: [StreamingEventBatch] = []
        let inputs = fixture.messages ? fixture.messagePayloads().map { $0 + [0x0A] } : [fixture.input]
        for input in inputs {
            input.withUnsafeBytes { decoder.feed($0) }
            while let item = decoder.next() {
                if case .message(.eventBatch(let batch), _) = item { batches.append(batch) }
            }
        }
        decoder.finish()
        while let item = decoder.next() {
            if case .message(.eventBatch(let batch), _) = item { batches.append(batch) }
        }
        guard !batches.isEmpty else {
            throw MockServerError(.fixtureUnusable, "\(fixture.directory) has no event_batch lines")
        }
        self.batches = batches
    }

    public func handle(_ request: MockRequest, on connection: MockConnection, context: MockContext) async {
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts.count) {
        case ("GET", 3) where parts[0] == "subscriptions" && parts[2] == "stream":
            await stream(request, subscription: parts[1], on: connection, context: context)
        case ("POST", 6) where parts[0] == "subscriptions" && parts[2] == "stream" && parts[4] == "ack":
            await ack(request, connectionID: parts[3], bulk: false, on: connection, context: context)
        case ("POST", 7) where parts[0] == "subscriptions" && parts[2] == "stream" && parts[4] == "ack"
            && parts[5] == "batch" && parts[6] == "bulk":
            await ack(request, connectionID: parts[3], bulk: true, on: connection, context: context)
        case ("POST", 3) where parts[0] == "stream" && parts[2] == "heartbeat":
            await clientHeartbeat(request, connectionID: parts[1], on: connection, context: context)
        case ("GET", 3) where parts[0] == "subscriptions" && parts[2] == "processing-status":
            let streaming = state.withLockedValue { $0.streaming }
            context.log.record(conn: context.latestAttempt, "request", context.requestFields(request) + [("status", .int(200))])
            try? await connection.write(HTTPResponseBytes.json(status: 200,
                #"{"subscription_id":\#(numberOrString(parts[1])),"is_processing":\#(streaming > 0),"connection_count":\#(streaming),"timestamp":"\#(Self.now())"}"#))
        case ("GET", 1) where parts[0] == "health":
            try? await connection.write(HTTPResponseBytes.json(status: 200, #"{"status":"healthy"}"#))
        default:
            context.log.record(conn: context.latestAttempt, "request", context.requestFields(request) + [("status", .int(404))])
            try? await connection.write(HTTPResponseBytes.json(status: 404, #"{"detail":"Not Found"}"#))
        }
    }

    private func stream(_ request: MockRequest, subscription: String, on connection: MockConnection,
                        context: MockContext) async {
        guard let (attempt, faults) = await context.beginAttempt(request, on: connection) else { return }
        let connectionID = Self.connectionID(attempt)
        let resumeToken = request.queryValue("resume_token")
        var fields = context.requestFields(request)
        fields.append(("status", .int(200)))
        fields.append(("auth", .string("missing")))
        fields.append(("resume_token", resumeToken.map { .string($0) } ?? .null))
        fields.append(("connection_id", .string(connectionID)))
        context.log.record(conn: attempt, "request", fields)
        let head = HTTPResponseBytes.head(status: 200, headers: [
            ("Content-Type", "application/x-ndjson"), ("X-Connection-Id", connectionID),
            ("Cache-Control", "no-cache"), ("Transfer-Encoding", "chunked"),
        ])
        guard (try? await connection.write(head)) != nil else { return }
        state.withLockedValue {
            $0.connections[connectionID] = (attempt, true, nil)
            $0.streaming += 1
        }
        defer {
            state.withLockedValue {
                $0.connections[connectionID] = (attempt, false, .now())
                $0.streaming -= 1
            }
        }
        let subscriptionID = JSONNumber(literal: subscription) ?? JSONNumber(0)
        let highest = state.withLockedValue { $0.highest }
        var start = highest + 1
        if let resumeToken {
            guard let n = Self.position(resumeToken), n <= highest else {
                var encoder = StreamingMessageEncoder()
                let line = encoder.encode(.error(StreamingErrorMessage(
                    connectionID: connectionID, subscriptionID: subscriptionID, errorCode: "INVALID_RESUME_TOKEN",
                    errorMessage: "resume token not issued by this server", timestamp: Self.now(), recoverable: false)))
                context.log.record(conn: attempt, "sent", [("type", .string("error")),
                                                          ("base64", .string(Base64.encode(line)))])
                try? await connection.write(HTTPResponseBytes.chunk(line))
                try? await connection.write(HTTPResponseBytes.lastChunk)
                await connection.close()
                return
            }
            start = n + 1
        }
        var source = EventStreamerSource(mock: self, next: start, count: context.options.count,
                                         connectionID: connectionID, subscriptionID: subscriptionID)
        var runner = ScriptRunner(attempt: attempt, faults: faults, context: context)
        runner.heartbeat = context.options.heartbeatSeconds ?? 30
        runner.onTokenExpired = { [weak self] in _ = self?.state.withLockedValue { $0.forgotten.insert(connectionID) } }
        await runner.run(&source, sink: ChunkedBodySink(connection: connection))
    }

    private func ack(_ request: MockRequest, connectionID: String, bulk: Bool, on connection: MockConnection,
                     context: MockContext) async {
        let known = isKnown(connectionID)
        let attempt = state.withLockedValue { $0.connections[connectionID]?.attempt } ?? context.latestAttempt
        var ids: [String] = []
        if let body = try? JSONValue.parse(request.body) {
            if case .array(let list)? = body["batch_ids"] {
                ids = list.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            } else if case .string(let id)? = body["batch_id"] {
                ids = [id]
            }
        }
        guard known else {
            context.log.record(conn: attempt, "request", context.requestFields(request) + [("status", .int(404))])
            try? await connection.write(HTTPResponseBytes.json(status: 404, #"{"detail":"Connection not found"}"#))
            return
        }
        context.log.record(conn: attempt, "ack", [("batch_ids", .strings(ids)), ("connection_id", .string(connectionID)),
                                                  ("bulk", .bool(bulk))])
        let valid = ids.filter { Self.position($0.replacingPrefix("batch_", with: "rt_")) != nil }
        let failed = ids.filter { !valid.contains($0) }
        let highest = state.withLockedValue { $0.highest }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("total_batches"); writer.int(ids.count)
        writer.key("acknowledged_batches"); writer.int(valid.count)
        writer.key("failed_batches"); writer.int(failed.count)
        writer.key("failed_batch_ids"); writer.beginArray(); for id in failed { writer.string(id) }; writer.endArray()
        writer.key("total_events_acknowledged"); writer.int(valid.count)
        writer.key("connection_id"); writer.string(connectionID)
        writer.key("timestamp"); writer.string(Self.now())
        writer.key("resume_token"); writer.string("rt_\(highest)")
        writer.endObject()
        try? await connection.write(HTTPResponseBytes.json(status: 200, bulk ? writer.string : #"{"acknowledged":true}"#))
    }

    private func clientHeartbeat(_ request: MockRequest, connectionID: String, on connection: MockConnection,
                                 context: MockContext) async {
        let attempt = state.withLockedValue { $0.connections[connectionID]?.attempt } ?? context.latestAttempt
        let known = isKnown(connectionID)
        context.log.record(conn: attempt, "request", context.requestFields(request) + [("status", .int(known ? 200 : 404))])
        if known {
            try? await connection.write(HTTPResponseBytes.json(status: 200,
                #"{"acknowledged":true,"server_timestamp":"\#(Self.now())","connection_id":"\#(connectionID)"}"#))
        } else {
            try? await connection.write(HTTPResponseBytes.json(status: 404, #"{"detail":"Connection not found"}"#))
        }
    }

    /// Open, or ended at most 5 s ago (so the SDK's last ack flush after a drop still lands).
    private func isKnown(_ connectionID: String) -> Bool {
        state.withLockedValue { state in
            guard let entry = state.connections[connectionID], !state.forgotten.contains(connectionID) else { return false }
            if entry.open { return true }
            guard let ended = entry.ended else { return false }
            return NIODeadline.now() - ended < .seconds(5)
        }
    }

    func batch(at position: Int, connectionID: String, subscriptionID: JSONNumber) -> StreamingEventBatch {
        var batch = batches[(position - 1) % batches.count]
        batch.resumeToken = "rt_\(position)"
        batch.batchID = "batch_\(position)"
        batch.responseID = "resp_\(position)"
        batch.connectionID = connectionID
        batch.subscriptionID = subscriptionID
        return batch
    }

    func noteSent(_ position: Int) { state.withLockedValue { $0.highest = max($0.highest, position) } }

    /// `rt_<N>` → N.
    static func position(_ token: String) -> Int? {
        guard token.hasPrefix("rt_"), let n = Int(token.dropFirst(3)), n >= 0 else { return nil }
        return n
    }

    /// A UUID-shaped connection id for attempt `attempt` (deterministic, so logs are reproducible).
    static func connectionID(_ attempt: Int) -> String {
        let hex = String(attempt, radix: 16)
        return "550e8400-e29b-41d4-a716-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// A fixed ISO-8601 UTC timestamp (the SDK does not check it; a fixed value keeps logs comparable).
    static func now() -> String { "2026-11-22T12:00:00.000Z" }
}

private func numberOrString(_ text: String) -> String {
    JSONNumber(literal: text) != nil ? text : "\"\(text)\""
}

extension String {
    func replacingPrefix(_ prefix: String, with other: String) -> String {
        hasPrefix(prefix) ? other + dropFirst(prefix.count) : self
    }
}

/// Batches from `next` on (to `count`), heartbeat lines, and the garbage/oversize forms.
struct EventStreamerSource: ScriptSource {
    let mock: EventStreamerMock
    var next: Int
    let count: Int?
    let connectionID: String
    let subscriptionID: JSONNumber
    var encoder = StreamingMessageEncoder()

    mutating func nextBurst(_ form: EventForm) -> ScriptEvent? { nil }

    mutating func nextContent(_ form: EventForm) -> ScriptEvent? {
        if let count, next > count { return nil }
        let position = next
        next += 1
        mock.noteSent(position)
        switch form {
        case .normal, .badDeflate:
            let batch = mock.batch(at: position, connectionID: connectionID, subscriptionID: subscriptionID)
            return ScriptEvent(payload: encoder.encode(.eventBatch(batch)), fields: [
                ("type", .string("event_batch")), ("batch_id", .string(batch.batchID)),
                ("resume_token", .string(batch.resumeToken)),
            ])
        case .garbage:
            return ScriptEvent(payload: Array(#"{"type":"event_batch","batch_id":"#.utf8) + [0x0A],
                               fields: [("type", .string("garbage"))])
        case .oversize:
            let pad = [UInt8](repeating: UInt8(ascii: "x"), count: MockLimits.oversizeBytes)
            return ScriptEvent(payload: Array(#"{"type":"heartbeat","pad":""#.utf8) + pad + Array("\"}\n".utf8),
                               fields: [("type", .string("oversize"))])
        }
    }

    mutating func heartbeat(_ form: EventForm) -> ScriptEvent? {
        let line = encoder.encode(.heartbeat(StreamingHeartbeat(
            connectionID: connectionID, subscriptionID: subscriptionID, timestamp: EventStreamerMock.now())))
        return ScriptEvent(payload: line, fields: [("type", .string("heartbeat"))])
    }
}
