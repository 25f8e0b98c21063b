import EventStreamer

/// Handlers by event name for an `EventStreamerClient`: the SDK's `@client.on_event("Transfer")` and
/// `on_all_events` (service-profiles §3.3, batch handling step 2), for code ported from it:
///
///     var handlers = EventStreamerHandlers()
///     handlers.on("Transfer") { events, batch in try await store(events) }
///     handlers.onOther { group, batch in log(group.name) }
///     try await client.run(handlers)      // until the client stops; a handler's error ends it
///
/// It is a reading of `client.events`, not a second channel: `run` is `for try await batch in client.events`
/// calling `handle(_:)`, on the caller's task, one batch at a time, groups in the batch's order. Use
/// `for try await` directly for the batch itself (IDs, resume token, every group at once). Heartbeat and
/// `error` lines are in `client.notices`, not here.
public struct EventStreamerHandlers: Sendable {
    /// Called with one event name's events of a batch, and the batch they came in.
    public typealias Handler = @Sendable (_ events: [StreamingEvent], _ batch: StreamingEventBatch) async throws -> Void
    /// Called with a group no named handler takes, and its batch.
    public typealias OtherHandler = @Sendable (_ group: StreamingEventGroup, _ batch: StreamingEventBatch) async throws -> Void

    private var named: [String: Handler] = [:]
    private var other: OtherHandler?

    public init() {}

    /// Sets the handler for events named `name` (exact, case-sensitive match; a later call replaces it).
    public mutating func on(_ name: String, _ handler: @escaping Handler) { named[name] = handler }

    /// Sets the handler for groups without a named handler (the SDK's `on_all_events`); without one they are
    /// skipped, as the SDK skips them.
    public mutating func onOther(_ handler: @escaping OtherHandler) { other = handler }

    /// Calls the handlers for each group of `batch`, in order; the first error stops the batch and is rethrown
    /// (the SDK then skips the batch's ack; here acks follow hand-over to the consumer, so use `.manual`
    /// acknowledgement and `acknowledge(batchID:)` after `handle` when a failed batch must not be acked).
    public func handle(_ batch: StreamingEventBatch) async throws {
        for group in batch.events {
            if let handler = named[group.name] {
                try await handler(group.events, batch)
            } else if let other {
                try await other(group, batch)
            }
        }
    }
}

extension EventStreamerClient {
    /// Reads `events` into `handlers` until the stream ends: returns after a stop, rethrows a handler's error
    /// (the client keeps running; call `run` again to go on with the next batch) or the client's
    /// `ReconnectFailure`.
    public func run(_ handlers: EventStreamerHandlers) async throws {
        for try await batch in events { try await handlers.handle(batch) }
    }
}
