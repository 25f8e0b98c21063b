public import Codecs

/// One decoded line of the stream, by its `type`.
public enum StreamingMessage: Sendable, Equatable {
    case eventBatch(StreamingEventBatch)
    case heartbeat(StreamingHeartbeat)
    case error(StreamingErrorMessage)

    /// The wire `type` value.
    public var type: String {
        switch self {
        case .eventBatch: "event_batch"
        case .heartbeat: "heartbeat"
        case .error: "error"
        }
    }
}

/// A batch of events (SDK `StreamingEventBatch`); every field is required except `type`.
public struct StreamingEventBatch: Sendable, Equatable {
    public var responseID: String
    /// Exact at any size (pydantic `int`); `subscriptionID.int64` for the usual case.
    public var subscriptionID: JSONNumber
    public var connectionID: String
    /// Token to resume the stream after this batch.
    public var resumeToken: String
    /// Event groups in document order.
    public var events: [StreamingEventGroup]
    public var batchSize: JSONNumber
    /// ISO 8601 text, kept as sent (the SDK types it `str`).
    public var timestamp: String
    /// Identifier to acknowledge the batch with.
    public var batchID: String

    public init(
        responseID: String, subscriptionID: JSONNumber, connectionID: String, resumeToken: String,
        events: [StreamingEventGroup], batchSize: JSONNumber, timestamp: String, batchID: String
    ) {
        self.responseID = responseID
        self.subscriptionID = subscriptionID
        self.connectionID = connectionID
        self.resumeToken = resumeToken
        self.events = events
        self.batchSize = batchSize
        self.timestamp = timestamp
        self.batchID = batchID
    }
}

/// A server keep-alive (SDK `StreamingHeartbeat`); every field is required.
public struct StreamingHeartbeat: Sendable, Equatable {
    public var connectionID: String
    public var subscriptionID: JSONNumber
    public var timestamp: String

    public init(connectionID: String, subscriptionID: JSONNumber, timestamp: String) {
        self.connectionID = connectionID
        self.subscriptionID = subscriptionID
        self.timestamp = timestamp
    }
}

/// A server-reported error (SDK `StreamingError`); `recoverable` defaults to true when absent.
public struct StreamingErrorMessage: Sendable, Equatable {
    public var connectionID: String
    public var subscriptionID: JSONNumber
    /// Machine-readable code, e.g. `CONNECTION_LOST`.
    public var errorCode: String
    public var errorMessage: String
    public var timestamp: String
    /// Whether the client should reconnect.
    public var recoverable: Bool

    public init(
        connectionID: String, subscriptionID: JSONNumber, errorCode: String, errorMessage: String,
        timestamp: String, recoverable: Bool = true
    ) {
        self.connectionID = connectionID
        self.subscriptionID = subscriptionID
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.timestamp = timestamp
        self.recoverable = recoverable
    }
}
