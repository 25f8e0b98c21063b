import Codecs
import EventStreamer
import Reconnect

/// The sans-I/O Event Streamer session (issue 17, service-profiles §3): the stream request, the check of the
/// response head (`X-Connection-Id`), decoding of the NDJSON body into typed messages, the resume point,
/// acknowledgement bookkeeping and the client heartbeat, all driven by bytes, replies and `now`.
///
/// Resume: `resumeToken` is the token of the last batch handed out through `receive`/`finish` (the client puts
/// every one in the consumer's queue, which is never dropped while it runs), so the next connection asks for
/// `?resume_token=` of exactly that batch. A line cut by a drop is never decoded (the transport reports the
/// drop instead of ending the body), so it is neither delivered nor passed: the server sends it again. Each
/// batch reaches the consumer once, in order.
///
/// Timers: `nextDeadline` is the earliest of the bulk-ack and heartbeat times; `tick(now:wallClock:)` returns
/// the control requests due. Replies go to `handleReply(to:_:)`; a 404 on the live connection's heartbeat or
/// ack means the service forgot it (`connection-not-found`, §3.4), which the client treats as a lost connection.
public struct EventStreamerSession: Sendable {
    public let configuration: EventStreamerSessionConfiguration
    private var decoder: EventStreamDecoder

    /// The resume point: the resume token of the last batch delivered (the configured one before any).
    public private(set) var resumeToken: String?
    /// The live connection's `X-Connection-Id`, nil between connections or when the service sent none.
    public private(set) var connectionID: String?
    /// Batches delivered (`delivered(batchID:connectionID:)`) and not yet acknowledged (automatic mode), with the
    /// connection they came on.
    public private(set) var pendingAcks: [(batchID: String, connectionID: String)] = []
    /// The next heartbeat's `sequence_number`: from 1, never reset (the SDK's rule, §3.4).
    public private(set) var nextHeartbeatSequence = 1
    private var ackDueAt: MonotonicInstant?
    private var heartbeatDueAt: MonotonicInstant?

    public init(configuration: EventStreamerSessionConfiguration) {
        self.configuration = configuration
        decoder = EventStreamDecoder(lineLimits: configuration.lineLimits, jsonLimits: configuration.jsonLimits)
        resumeToken = configuration.resumeToken
    }

    /// Sets the resume point for the next `streamRequest`: a client that tracks what its consumer really received
    /// (the token of the last batch it handed over, which can be older than the last one decoded when a drop came
    /// between decoding and delivery) resumes from exactly there.
    public mutating func resume(from token: String?) { resumeToken = token }

    // MARK: - Requests

    /// `GET {base}/subscriptions/{id}/stream[?resume_token=]`, ID and token percent-encoded (RFC 3986), with
    /// `Accept: application/x-ndjson`, and the headers and `Authorization: Bearer` token when the profile sends
    /// them on the stream.
    public func streamRequest(token: Secret?) -> HTTPSessionRequest {
        var url = configuration.base + "/subscriptions/" + PercentEncoding.encode(configuration.subscriptionID) + "/stream"
        if let resumeToken { url = PercentEncoding.appendingQuery(url, name: "resume_token", value: resumeToken) }
        var headers = [HTTPSessionHeader("Accept", "application/x-ndjson")]
        if configuration.streamCarriesHeaders { headers += authorization(token) + configuration.headers }
        return HTTPSessionRequest(
            method: .get, url: url, headers: headers, acceptedContentTypes: configuration.acceptedContentTypes
        )
    }

    /// `GET {base}/subscriptions/{id}/processing-status` (§3.1); parse the answer with `processingStatus(from:)`.
    public func processingStatusRequest(token: Secret?) -> HTTPSessionRequest {
        HTTPSessionRequest(
            method: .get,
            url: configuration.base + "/subscriptions/" + PercentEncoding.encode(configuration.subscriptionID)
                + "/processing-status",
            headers: controlHeaders(token, json: false)
        )
    }

    // MARK: - A connection

    /// Checks the response head; nil when the body is to be read (the connection ID is taken from
    /// `X-Connection-Id`, the heartbeat and ack timers start), else the outcome that ends the attempt.
    public mutating func open(_ head: HTTPSessionResponseHead, now: MonotonicInstant, wallClock: Int64? = nil) -> ConnectionOutcome? {
        if let outcome = HTTPStatusOutcome.outcome(for: head, wallClock: wallClock) { return outcome }
        guard MediaType.contentType(head.header("Content-Type"), isIn: configuration.acceptedContentTypes) else {
            return .protocolError("unexpected-content-type")
        }
        decoder = EventStreamDecoder(lineLimits: configuration.lineLimits, jsonLimits: configuration.jsonLimits)
        connectionID = head.header("X-Connection-Id").flatMap { $0.isEmpty ? nil : $0 }
        if connectionID != nil, let interval = configuration.heartbeatInterval { heartbeatDueAt = now + interval }
        if case let .automatic(interval) = configuration.acknowledgement, ackDueAt == nil { ackDueAt = now + interval }
        return nil
    }

    /// Decodes the next bytes of the body and calls `onOutput` for each message or rejected line they complete;
    /// returns the outcome that ends the connection (an `error` line, in the recommended profile) after the
    /// outputs before it. Bytes after that are not decoded.
    public mutating func receive(
        _ bytes: UnsafeRawBufferPointer, onOutput: (EventStreamerSessionOutput) -> Void
    ) -> ConnectionOutcome? {
        decoder.feed(bytes)
        return drain(onOutput)
    }

    /// The body ended by its framing: a last line without LF is decoded too (the SDK processes it, §3.3); the
    /// outcome is `end-of-stream` (reconnect), or the `error` line's.
    public mutating func finish(onOutput: (EventStreamerSessionOutput) -> Void) -> ConnectionOutcome {
        decoder.finish()
        let outcome = drain(onOutput)
        connectionEnded()
        return outcome ?? .endOfStream
    }

    /// The connection is over (dropped, timed out, closed by us): heartbeats stop until the next open; queued
    /// acks stay with the connection they came on.
    public mutating func connectionEnded() {
        connectionID = nil
        heartbeatDueAt = nil
    }

    private mutating func drain(_ onOutput: (EventStreamerSessionOutput) -> Void) -> ConnectionOutcome? {
        while let item = decoder.next() {
            switch item {
            case let .message(.eventBatch(batch), _):
                resumeToken = batch.resumeToken
                onOutput(.batch(StreamingEventBatchDelivery(batch)))
            case .message(.heartbeat, _):
                onOutput(.heartbeat)
            case let .message(.error(error), _):
                onOutput(.serviceError(StreamingErrorReport(error)))
                if configuration.errorLineEndsConnection {
                    decoder = EventStreamDecoder(lineLimits: configuration.lineLimits, jsonLimits: configuration.jsonLimits)
                    return .serviceError(ReasonCode(error.errorCode), recoverable: error.recoverable)
                }
            case let .rejected(error, line):
                onOutput(.rejectedLine(code: error.code, message: error.message, line: line))
            }
        }
        return nil
    }

    // MARK: - Timers, acknowledgements, heartbeats

    /// When `tick` next has something to do, nil when nothing is timed.
    public var nextDeadline: MonotonicInstant? {
        switch (ackDueAt, heartbeatDueAt) {
        case let (ack?, heartbeat?): min(ack, heartbeat)
        case let (ack?, nil): ack
        case let (nil, heartbeat?): heartbeat
        case (nil, nil): nil
        }
    }

    /// The control requests due at `now`: the bulk ack of every queued batch (one request per connection ID) when
    /// its period is up, and the heartbeat (`timestamp` from `wallClock`, microseconds since the Unix epoch).
    public mutating func tick(now: MonotonicInstant, wallClock: Int64, token: Secret? = nil) -> [EventStreamerControlRequest] {
        var requests: [EventStreamerControlRequest] = []
        if let due = ackDueAt, now >= due, case let .automatic(interval) = configuration.acknowledgement {
            var next = due + interval
            if next <= now { next = now + interval }
            ackDueAt = next
            requests += flushAcks(token: token)
        }
        if let due = heartbeatDueAt, now >= due, let connectionID, let interval = configuration.heartbeatInterval {
            var next = due + interval
            if next <= now { next = now + interval }
            heartbeatDueAt = next
            requests.append(heartbeat(connectionID: connectionID, wallClock: wallClock, token: token))
        }
        return requests
    }

    /// The batch `batchID`, decoded on connection `connectionID`, reached the consumer: automatic mode queues it
    /// for the next bulk ack. A decoded batch that never reached the consumer (the connection ended first) is not
    /// acknowledged: the next connection resumes before it and it comes again.
    public mutating func delivered(batchID: String, connectionID: String) {
        guard case .automatic = configuration.acknowledgement else { return }
        pendingAcks.append((batchID, connectionID))
    }

    /// The bulk ack of the batches queued for `connectionID` alone, sent when that connection ends (the service
    /// forgets an ended connection soon after, and acks name their connection).
    public mutating func acknowledgeEnded(connectionID: String, token: Secret? = nil) -> [EventStreamerControlRequest] {
        flushAcks(token: token) { $0 == connectionID }
    }

    /// Stop: the last bulk ack of everything queued (the SDK acks on stop), and no more timers.
    public mutating func stop(token: Secret? = nil) -> [EventStreamerControlRequest] {
        ackDueAt = nil
        heartbeatDueAt = nil
        connectionID = nil
        return flushAcks(token: token)
    }

    /// Manual mode: the single ack for `batchID` on the live connection (nil when there is none, as the SDK
    /// needs a connection ID).
    public func acknowledge(batchID: String, token: Secret? = nil) -> EventStreamerControlRequest? {
        guard let connectionID else { return nil }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("batch_id")
        writer.string(batchID)
        writer.endObject()
        return EventStreamerControlRequest(
            purpose: .ack(batchID: batchID, connectionID: connectionID),
            request: post(path: streamPath(connectionID) + "/ack/batch", body: writer.bytes, token: token)
        )
    }

    /// Takes the reply to a control request. Acks: the IDs the service lists as failed (`failed_batch_ids`), and
    /// every ID of a request that failed, are queued again, unless the service says the connection is gone.
    /// Returns `connection-not-found` when the live connection is gone (heartbeat or ack 404); IDs of a
    /// connection already replaced are dropped then (they cannot be acknowledged any more).
    public mutating func handleReply(
        to request: EventStreamerControlRequest, _ result: EventStreamerControlResult
    ) -> ConnectionOutcome? {
        let gone = isGone(result)
        switch request.purpose {
        case let .bulkAck(batchIDs, connectionID):
            if gone { return lost(connectionID) }
            switch result {
            case let .response(status, body) where (200...299).contains(status):
                let failed = Self.failedBatchIDs(body).filter(batchIDs.contains)
                pendingAcks = failed.map { ($0, connectionID) } + pendingAcks
            default:
                pendingAcks = batchIDs.map { ($0, connectionID) } + pendingAcks
            }
        case let .ack(_, connectionID), let .heartbeat(_, connectionID):
            if gone { return lost(connectionID) }
        }
        return nil
    }

    private mutating func lost(_ connectionID: String) -> ConnectionOutcome? {
        pendingAcks.removeAll { $0.connectionID == connectionID }
        guard connectionID == self.connectionID else { return nil }
        connectionEnded()
        return .serviceError("connection-not-found", recoverable: true)
    }

    /// Whether a control reply says the connection is unknown. Recommended: any 404. Compatible: the SDK's text
    /// test (§3.4) on `Request error: <body or "HTTP <status>">` / `Service error: <body>`: it contains
    /// `connection not found`, `does not exist` or `404`.
    func isGone(_ result: EventStreamerControlResult) -> Bool {
        guard case let .response(status, body) = result, status >= 400 else { return false }
        if configuration.streamCarriesHeaders { return status == 404 }
        let bodyText = String(decoding: body, as: UTF8.self)
        let text = (status >= 500 ? "Service error: " + bodyText
            : "Request error: " + (bodyText.isEmpty ? "HTTP \(status)" : bodyText)).lowercased()
        return ["connection not found", "does not exist", "404"].contains { text.contains($0) }
    }

    private mutating func flushAcks(
        token: Secret?, where selected: (String) -> Bool = { _ in true }
    ) -> [EventStreamerControlRequest] {
        guard !pendingAcks.isEmpty else { return [] }
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for (batchID, connectionID) in pendingAcks where selected(connectionID) {
            if groups[connectionID] == nil { order.append(connectionID) }
            groups[connectionID, default: []].append(batchID)
        }
        pendingAcks.removeAll { selected($0.connectionID) }
        return order.map { connectionID in
            let ids = groups[connectionID] ?? []
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("batch_ids")
            writer.beginArray()
            for id in ids { writer.string(id) }
            writer.endArray()
            writer.key("connection_id")
            writer.string(connectionID)
            writer.endObject()
            return EventStreamerControlRequest(
                purpose: .bulkAck(batchIDs: ids, connectionID: connectionID),
                request: post(path: streamPath(connectionID) + "/ack/batch/bulk", body: writer.bytes, token: token)
            )
        }
    }

    private mutating func heartbeat(connectionID: String, wallClock: Int64, token: Secret?) -> EventStreamerControlRequest {
        let sequence = nextHeartbeatSequence
        nextHeartbeatSequence &+= 1
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("timestamp")
        writer.string(ISO8601UTC.format(microsecondsSinceEpoch: wallClock))
        writer.key("sequence_number")
        writer.int(sequence)
        writer.endObject()
        return EventStreamerControlRequest(
            purpose: .heartbeat(sequenceNumber: sequence, connectionID: connectionID),
            request: post(path: "/stream/" + PercentEncoding.encode(connectionID) + "/heartbeat", body: writer.bytes, token: token)
        )
    }

    private func streamPath(_ connectionID: String) -> String {
        "/subscriptions/" + PercentEncoding.encode(configuration.subscriptionID) + "/stream/"
            + PercentEncoding.encode(connectionID)
    }

    private func post(path: String, body: [UInt8], token: Secret?) -> HTTPSessionRequest {
        HTTPSessionRequest(method: .post, url: configuration.base + path, headers: controlHeaders(token, json: true), body: body)
    }

    private func controlHeaders(_ token: Secret?, json: Bool) -> [HTTPSessionHeader] {
        (json ? [HTTPSessionHeader("Content-Type", "application/json")] : []) + authorization(token) + configuration.headers
    }

    private func authorization(_ token: Secret?) -> [HTTPSessionHeader] {
        guard let token, !token.isEmpty else { return [] }
        return [HTTPSessionHeader("Authorization", token.prefixed(by: "Bearer").revealed)]
    }

    // MARK: - Replies

    /// `failed_batch_ids` of a bulk-ack reply (`BulkBatchAcknowledgmentResponse`, §3.3); empty when absent or
    /// the body is not that object.
    static func failedBatchIDs(_ body: [UInt8]) -> [String] {
        guard let value = try? JSONValue.parse(body), case let .array(items)? = value["failed_batch_ids"] else { return [] }
        return items.compactMap { if case let .string(id) = $0 { id } else { nil } }
    }

    /// A `ProcessingStatusResponse` (§3.3), nil when the body is not one.
    public static func processingStatus(from body: [UInt8]) -> EventStreamerProcessingStatus? {
        guard let value = try? JSONValue.parse(body), case let .number(subscription)? = value["subscription_id"],
              case let .bool(processing)? = value["is_processing"], case let .number(count)? = value["connection_count"],
              let connections = count.int64, case let .string(timestamp)? = value["timestamp"] else { return nil }
        return EventStreamerProcessingStatus(
            subscriptionID: subscription.text, isProcessing: processing, connectionCount: connections, timestamp: timestamp
        )
    }
}

/// The answer of the processing-status query (`ProcessingStatusResponse`, service-profiles §3.3).
public struct EventStreamerProcessingStatus: Hashable, Sendable {
    public var subscriptionID: String
    public var isProcessing: Bool
    public var connectionCount: Int64
    public var timestamp: String

    public init(subscriptionID: String, isProcessing: Bool, connectionCount: Int64, timestamp: String) {
        self.subscriptionID = subscriptionID
        self.isProcessing = isProcessing
        self.connectionCount = connectionCount
        self.timestamp = timestamp
    }
}
