/// A control-plane request an `EventStreamerSession` wants sent (service-profiles §3.1), with what it is for so
/// the reply can be handed back to `EventStreamerSession.handleReply(to:_:)`.
public struct EventStreamerControlRequest: Hashable, Sendable {
    /// What the request does.
    public enum Purpose: Hashable, Sendable {
        /// `POST /subscriptions/{sid}/stream/{conn}/ack/batch/bulk` with these batch IDs.
        case bulkAck(batchIDs: [String], connectionID: String)
        /// `POST /subscriptions/{sid}/stream/{conn}/ack/batch` for one batch (manual mode).
        case ack(batchID: String, connectionID: String)
        /// `POST /stream/{conn}/heartbeat` with this sequence number.
        case heartbeat(sequenceNumber: Int, connectionID: String)
    }

    public var purpose: Purpose
    public var request: HTTPSessionRequest

    public init(purpose: Purpose, request: HTTPSessionRequest) {
        self.purpose = purpose
        self.request = request
    }
}

/// How a control request ended, as the transport saw it.
public enum EventStreamerControlResult: Hashable, Sendable {
    /// The service answered with this status and body.
    case response(status: Int, body: [UInt8])
    /// No answer (connect failure, timeout); the code names why.
    case failed(String)
}

/// What an `EventStreamerSession` hands the client while a body is read, in stream order.
public enum EventStreamerSessionOutput: Sendable, Equatable {
    /// A batch for the consumer (its resume token is now the resume point).
    case batch(StreamingEventBatchDelivery)
    /// A server heartbeat line: liveness only.
    case heartbeat
    /// An `error` line (service-profiles §3.3); in the recommended profile the connection ends after it.
    case serviceError(StreamingErrorReport)
    /// A line the decoder rejected (bad JSON, unknown type, invalid field): reported and skipped, as the SDK
    /// skips it; `line` is its 1-based physical line number in this connection's body.
    case rejectedLine(code: String, message: String, line: Int)
}
