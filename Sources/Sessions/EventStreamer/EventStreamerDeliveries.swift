import EventStreamer

/// A delivered batch: the decoded message (`StreamingEventBatch`, as event-streamer-sdk validates it).
public struct StreamingEventBatchDelivery: Sendable, Equatable {
    public var batch: StreamingEventBatch

    public init(_ batch: StreamingEventBatch) { self.batch = batch }

    /// The message as `harness decode eventstreamer` prints it.
    public var message: StreamingMessage { .eventBatch(batch) }
}

/// A service `error` line.
public struct StreamingErrorReport: Sendable, Equatable {
    public var error: StreamingErrorMessage

    public init(_ error: StreamingErrorMessage) { self.error = error }

    public var message: StreamingMessage { .error(error) }
}
